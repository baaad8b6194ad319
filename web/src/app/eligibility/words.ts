import type {
  EligibilityDecision,
  EligibilitySeverity,
  SuggestedDecision,
  TreatmentRoute,
} from '../../../../src/domain/eligibility/index.ts';

export const ROUTE_LABELS: Record<TreatmentRoute, string> = {
  'iv-ketamine': 'IV ketamine',
  esketamine: 'Esketamine nasal spray',
};

export const DECISION_LABELS: Record<SuggestedDecision, string> = {
  eligible: 'Eligible',
  'eligible-with-cautions': 'Eligible with cautions',
  'not-eligible': 'Not eligible',
  incomplete: 'Incomplete: an exclusion rule cannot be checked yet',
};

export const SEVERITY_LABELS: Record<EligibilitySeverity, string> = {
  exclusion: 'Exclusion',
  caution: 'Caution',
  info: 'Information',
};

// The server's wording of a decision's signature (src/server/features/eligibility/service.ts),
// shown before signing.
const DECISION_WORDS: Record<EligibilityDecision, string> = {
  eligible: 'eligible',
  'eligible-with-cautions': 'eligible with cautions',
  'not-eligible': 'not eligible',
};
const ROUTE_WORDS: Record<TreatmentRoute, string> = {
  'iv-ketamine': 'IV ketamine',
  esketamine: 'esketamine nasal spray',
};

export function decisionMeaning(decision: EligibilityDecision, route: TreatmentRoute): string {
  return `Eligibility decision: I find this patient ${DECISION_WORDS[decision]} for ${ROUTE_WORDS[route]} and take responsibility for this decision`;
}
