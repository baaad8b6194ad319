import { DEFAULT_ELIGIBILITY_RULE_SET } from '../eligibility/rules.ts';
import type { Provenance } from '../evidence.ts';

export type PregnancyTestResult = 'negative' | 'positive' | 'not-applicable' | null;

/**
 * A positive pregnancy test at check-in holds the dose for a prescriber's decision, as a positive
 * blood-pressure reading does. It rests on the same ground as eligibility's pregnancy exclusion (rule
 * `pregnancy`): the reference has no source on ketamine or esketamine in pregnancy, so it is clinic
 * policy. The software holds the dose; the prescriber decides.
 */
export const PREGNANCY_TEST_GATE: Provenance & { readonly eligibilityRuleId: 'pregnancy' } = (() => {
  const rule = DEFAULT_ELIGIBILITY_RULE_SET.rules.find((r) => r.id === 'pregnancy');
  if (!rule) throw new Error('the eligibility rule set has no pregnancy rule');
  return { eligibilityRuleId: 'pregnancy', evidence: rule.evidence, clinicPolicy: rule.clinicPolicy ?? true };
})();

export type PregnancyTestCheck =
  | { readonly blocked: false }
  | { readonly blocked: true; readonly reason: string };

/** Any recorded positive result blocks, whether or not the clinic's policy required the test. */
export function checkPregnancyTest(result: PregnancyTestResult): PregnancyTestCheck {
  return result === 'positive'
    ? { blocked: true, reason: 'Positive pregnancy test at check-in' }
    : { blocked: false };
}
