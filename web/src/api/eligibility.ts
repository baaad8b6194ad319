// Typed client for eligibility evaluations, the prescriber's signed decisions and the clinic's rule set.
import type {
  EligibilityDecision,
  EligibilityEvaluation,
  EligibilityRule,
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

/** One version of the clinic's rule set, as GET /eligibility/rule-set… sends it. */
export type RuleSetVersionView = {
  id: string;
  version: number;
  /** False while the clinic uses Ketaflow's default unchanged (nothing stored yet). */
  stored: boolean;
  createdAt: string | null;
  createdBy: { id: string; name: string | null } | null;
  rules: EligibilityRule[];
};
export type RuleSetsView = {
  current: RuleSetVersionView;
  versions: Omit<RuleSetVersionView, 'rules'>[];
};

const patientPath = (id: string) => `/patients/${encodeURIComponent(id)}`;

export const eligibilityApi = {
  evaluate: (patientId: string) => request<EligibilityView>('GET', `${patientPath(patientId)}/eligibility`),
  decisions: (patientId: string) =>
    request<{ items: DecisionView[] }>('GET', `${patientPath(patientId)}/eligibility-decisions`),
  decide: (patientId: string, body: DecisionInput) =>
    request<DecisionView>('POST', `${patientPath(patientId)}/eligibility-decisions`, { body }),
  ruleSets: () => request<RuleSetsView>('GET', '/eligibility/rule-set'),
  ruleSetVersion: (version: number) =>
    request<RuleSetVersionView>('GET', `/eligibility/rule-set/versions/${encodeURIComponent(version)}`),
  /** A 409 when `baseVersion` is no longer the version in force. */
  reviseRuleSet: (body: { baseVersion: number; rules: EligibilityRule[] }) =>
    request<RuleSetVersionView>('PUT', '/eligibility/rule-set', { body }),
};
