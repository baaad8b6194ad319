// Typed client for eligibility evaluations and the prescriber's signed decisions.
import type {
  EligibilityDecision,
  EligibilityEvaluation,
  FiredRule,
  TreatmentRoute,
} from '../../../src/domain/eligibility/index.ts';
import { request } from '../api.ts';
import type { Signature } from './intake.ts';

export type Citation = { id: string; citation: string };

/** A fired rule as the server sends it: the domain's, with each evidence id's citation. */
export type FiredRuleView = FiredRule & { citations: Citation[] };
export type EvaluationView = Omit<EligibilityEvaluation, 'fired'> & { fired: FiredRuleView[] };

export type DecisionView = {
  id: string;
  route: TreatmentRoute;
  decision: EligibilityDecision;
  suggestedDecision: string;
  ruleSet: { id: string; version: number };
  intake: { intakeId: string; versionId: string };
  firedRuleIds: string[];
  overriddenExclusions: string[];
  decidedWithoutAnswers: string[];
  overrideReason: string | null;
  supersedesId: string | null;
  signature: Signature;
};

export type EligibilityView = {
  intake: { intakeId: string; versionId: string; version: number; kind: string; signature: Signature | null };
  ruleSet: { id: string; version: number };
  evaluations: EvaluationView[];
  /** The decision in force for each route, if any. */
  decisions: DecisionView[];
};

export type DecisionInput = {
  route: TreatmentRoute;
  decision: EligibilityDecision;
  overrideReason?: string;
  ruleSetVersion: number;
  intakeVersionId: string;
  password: string;
};

const patientPath = (id: string) => `/patients/${encodeURIComponent(id)}`;

export const eligibilityApi = {
  evaluate: (patientId: string) => request<EligibilityView>('GET', `${patientPath(patientId)}/eligibility`),
  decisions: (patientId: string) =>
    request<{ items: DecisionView[] }>('GET', `${patientPath(patientId)}/eligibility-decisions`),
  decide: (patientId: string, body: DecisionInput) =>
    request<DecisionView>('POST', `${patientPath(patientId)}/eligibility-decisions`, { body }),
};
