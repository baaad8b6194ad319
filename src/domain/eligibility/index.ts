export { sameData } from '../same-data.ts';
export type { Condition, ConditionResult } from './conditions.ts';
export { evaluateCondition, isAdequateFailedTrial } from './conditions.ts';
export type { DecisionCheck, DecisionProblem, EligibilityDecisionRecord } from './decision.ts';
export { checkDecision } from './decision.ts';
export type {
  EligibilityDecision,
  EligibilityEvaluation,
  FiredRule,
  SuggestedDecision,
  UnansweredRule,
} from './evaluate.ts';
export { ELIGIBILITY_DECISIONS, evaluateEligibility } from './evaluate.ts';
export type {
  Allergy,
  AntidepressantTrial,
  BaselineScores,
  BaselineVitals,
  IntakeFacts,
  MedicalFlag,
  MedicalHistory,
  Medication,
  MedicationClass,
  PsychiatricHistory,
  PsychosisOrMania,
  Substance,
  SubstanceUse,
  TreatmentHistory,
  TrialResponse,
} from './intake.ts';
export { MEDICAL_FLAG_LABELS, MEDICATION_CLASS_LABELS } from './intake.ts';
export type { RuleSetProblem, RuleSetRevision } from './rule-set.ts';
export { reviseRuleSet, validateRuleSet } from './rule-set.ts';
export type { EligibilityRule, EligibilityRuleSet, EligibilitySeverity, TreatmentRoute } from './rules.ts';
export { DEFAULT_ELIGIBILITY_RULE_SET, SEVERITIES, TREATMENT_ROUTES } from './rules.ts';
export { SAMPLE_INTAKE } from './sample-intake.ts';
