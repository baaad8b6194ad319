export type { Exact } from './decimal.ts';
export {
  approximate,
  compare,
  dividedBy,
  exact,
  minus,
  plus,
  roundExact,
  roundHalfAwayFromZero,
  times,
} from './decimal.ts';
export type {
  DoseFailure,
  DoseField,
  DoseProblem,
  IntranasalDoseResult,
  IvDoseInput,
  IvDoseResult,
} from './dose.ts';
export {
  computeIntranasalDose,
  computeIvDose,
  DOSING_RULES,
  INTRANASAL_DOSES_MG,
  IV_INPUT_LIMITS,
} from './dose.ts';
export { parseDecimalText } from './parse-number.ts';
export type { DoseStep } from './steps.ts';
export type { DosingWeight, DosingWeightInput, Sex, WeightBasis } from './weight.ts';
export {
  dosingWeight,
  idealBodyWeight,
  MIN_HEIGHT_CM_FOR_IDEAL_WEIGHT,
  SEXES,
  WEIGHT_BASES,
  WEIGHT_BASIS_RULES,
} from './weight.ts';
