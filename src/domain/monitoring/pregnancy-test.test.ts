import { describe, expect, it } from 'vitest';
import { DEFAULT_ELIGIBILITY_RULE_SET } from '../eligibility/rules.ts';
import { checkPregnancyTest, PREGNANCY_TEST_GATE } from './pregnancy-test.ts';

describe('the pregnancy-test gate', () => {
  it('blocks on a positive result only', () => {
    expect(checkPregnancyTest('positive')).toEqual({
      blocked: true,
      reason: 'Positive pregnancy test at check-in',
    });
    for (const result of ['negative', 'not-applicable', null] as const) {
      expect(checkPregnancyTest(result)).toEqual({ blocked: false });
    }
  });

  it('cites what eligibility’s pregnancy exclusion cites, and is clinic policy', () => {
    const rule = DEFAULT_ELIGIBILITY_RULE_SET.rules.find((r) => r.id === 'pregnancy');
    expect(rule?.severity).toBe('exclusion');
    expect(PREGNANCY_TEST_GATE).toEqual({
      eligibilityRuleId: 'pregnancy',
      evidence: rule?.evidence,
      clinicPolicy: true,
    });
  });
});
