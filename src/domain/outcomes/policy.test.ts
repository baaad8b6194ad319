import { describe, expect, it } from 'vitest';
import {
  buildOutcomePolicy,
  DEFAULT_OUTCOME_POLICY,
  MADRS_REMISSION_ASPIRE_2023,
  MADRS_REMISSION_DALY_2018,
} from './policy.ts';

describe('outcome policy', () => {
  it('defaults to the issue’s definitions, each with its source or marked as clinic policy', () => {
    const policy = DEFAULT_OUTCOME_POLICY;
    expect(policy.response).toMatchObject({ reductionPercent: 50, evidence: ['daly-2018'] });
    expect(policy.remission.phq9).toMatchObject({
      operator: '<',
      value: 5,
      evidence: ['mbc-phq9-remission'],
      clinicPolicy: true,
    });
    expect(policy.remission.madrs).toBe(MADRS_REMISSION_DALY_2018);
    expect(policy.remission.madrs).toMatchObject({ operator: '<=', value: 10 });
    expect(policy.remission['qids-sr16']).toMatchObject({
      operator: '<=',
      value: 5,
      evidence: ['rush-2003-qids'],
    });
    expect(policy.sustainedResponse).toMatchObject({ consecutive: 2, clinicPolicy: true });
    expect(policy.relapse).toMatchObject({ consecutive: 2, clinicPolicy: true });
  });

  it('builds the default when nothing is overridden', () => {
    expect(buildOutcomePolicy()).toEqual(DEFAULT_OUTCOME_POLICY);
  });

  it('switches MADRS remission to ≤ 12 (ASPIRE 2023)', () => {
    expect(buildOutcomePolicy({ madrsRemission: 'aspire-2023' }).remission.madrs).toBe(
      MADRS_REMISSION_ASPIRE_2023,
    );
  });

  it('takes a clinic PHQ-9 remission threshold as policy without a source', () => {
    expect(buildOutcomePolicy({ phq9RemissionBelow: 6 }).remission.phq9).toMatchObject({
      operator: '<',
      value: 6,
      evidence: [],
      clinicPolicy: true,
    });
  });

  it('takes clinic counts for sustained response and relapse', () => {
    const policy = buildOutcomePolicy({ sustainedResponseConsecutive: 3, relapseConsecutive: 1 });
    expect(policy.sustainedResponse.consecutive).toBe(3);
    expect(policy.sustainedResponse.description).toContain('3 consecutive');
    expect(policy.relapse.consecutive).toBe(1);
    expect(policy.relapse.description).toContain('1 consecutive measurement that');
  });

  it.each([
    [{ phq9RemissionBelow: 0 }],
    [{ phq9RemissionBelow: 28 }],
    [{ phq9RemissionBelow: 4.5 }],
    [{ sustainedResponseConsecutive: 1 }],
    [{ relapseConsecutive: 0 }],
    [{ relapseConsecutive: 13 }],
  ])('refuses %j', (overrides) => {
    expect(() => buildOutcomePolicy(overrides)).toThrow(RangeError);
  });
});
