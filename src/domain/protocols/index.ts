import { ESKETAMINE_SUICIDAL_IDEATION_PROTOCOL, ESKETAMINE_TRD_PROTOCOL } from './esketamine-intranasal.ts';
import { IV_KETAMINE_PROTOCOL } from './iv-ketamine.ts';
import type { Protocol } from './types.ts';

export type { Weekday } from './dates.ts';
export { addDays, WEEKDAYS } from './dates.ts';
export type { PhaseEdit, ProtocolChange, ProtocolEdit } from './edit.ts';
export { copyProtocol, editProtocol } from './edit.ts';
export {
  ESKETAMINE_DEVICE_MG,
  ESKETAMINE_DOSES_MG,
  ESKETAMINE_MIN_MONITORING_MINUTES,
  ESKETAMINE_MINUTES_BETWEEN_DEVICES,
  ESKETAMINE_SUICIDAL_IDEATION_PROTOCOL,
  ESKETAMINE_TRD_PROTOCOL,
} from './esketamine-intranasal.ts';
export { IV_KETAMINE_PROTOCOL } from './iv-ketamine.ts';
export type { PlannedSession, PlanOptions, SessionPlan } from './schedule.ts';
export { planSessions } from './schedule.ts';
export type { DoseHistory, DoseSuggestion, GivenSession } from './suggest.ts';
export { suggestNextDose } from './suggest.ts';
export type {
  DoseRule,
  DoseUnit,
  Frequency,
  IntoleranceRule,
  Monitoring,
  PhaseLength,
  PhaseReview,
  Protocol,
  ProtocolItem,
  ProtocolPhase,
  Sourced,
  StepUpRule,
} from './types.ts';
export { phaseEvidence } from './types.ts';
export type { ProtocolCheck, ProtocolProblem } from './validate.ts';
export { IV_EVIDENCE_MAX_MG_PER_KG, IV_MAX_MG_PER_KG, validateProtocol } from './validate.ts';

/** The protocols Ketaflow ships; clinics copy and edit their own. */
export const DEFAULT_PROTOCOLS: readonly Protocol[] = [
  IV_KETAMINE_PROTOCOL,
  ESKETAMINE_TRD_PROTOCOL,
  ESKETAMINE_SUICIDAL_IDEATION_PROTOCOL,
];
