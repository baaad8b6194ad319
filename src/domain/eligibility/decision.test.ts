import { describe, expect, it } from 'vitest';
import { checkDecision } from './decision.ts';
import { type EligibilityDecision, evaluateEligibility } from './evaluate.ts';
import type { IntakeFacts } from './intake.ts';
import { DEFAULT_ELIGIBILITY_RULE_SET } from './rules.ts';
import { SAMPLE_INTAKE } from './sample-intake.ts';

const RULES = DEFAULT_ELIGIBILITY_RULE_SET;
const clean = evaluateEligibility(SAMPLE_INTAKE, RULES, 'esketamine');
const pregnant: IntakeFacts = {
  ...SAMPLE_INTAKE,
  medicalHistory: { ...SAMPLE_INTAKE.medicalHistory, pregnant: true },
};
const excluded = evaluateEligibility(pregnant, RULES, 'esketamine');
const withCaution = evaluateEligibility(
  { ...SAMPLE_INTAKE, currentMedications: [{ name: 'lorazepam', classes: ['benzodiazepine'] }] },
  RULES,
  'iv-ketamine',
);
const incomplete = evaluateEligibility({ ...SAMPLE_INTAKE, medicalHistory: undefined }, RULES, 'esketamine');

describe('checkDecision', () => {
  it.each(['eligible', 'eligible-with-cautions', 'not-eligible'] as const)(
    'accepts %s on a clean evaluation without a reason, recording the rule set version',
    (decision) => {
      expect(checkDecision(clean, decision)).toEqual({
        ok: true,
        record: {
          route: 'esketamine',
          ruleSetId: 'ketaflow-default',
          ruleSetVersion: 1,
          suggestedDecision: 'eligible',
          decision,
          firedRuleIds: ['treatment-resistant-depression'],
          overriddenExclusions: [],
          decidedWithoutAnswers: [],
          overrideReason: null,
        },
      });
    },
  );

  it.each(['eligible', 'eligible-with-cautions'] as const)(
    'refuses %s over a fired exclusion without a written reason',
    (decision) => {
      for (const reason of [undefined, '', '   ', '...', '-', '123']) {
        expect(checkDecision(excluded, decision, reason)).toEqual({
          ok: false,
          problems: [
            {
              field: 'overrideReason',
              message: `a written reason is required: deciding ${decision} overrides the exclusion(s) pregnancy`,
            },
          ],
        });
      }
    },
  );

  it('accepts an override with a written reason, naming what it overrides', () => {
    const result = checkDecision(
      excluded,
      'eligible-with-cautions',
      '  Obstetric and psychiatric review: benefit outweighs risk; patient consents.  ',
    );
    expect(result).toEqual({
      ok: true,
      record: expect.objectContaining({
        decision: 'eligible-with-cautions',
        suggestedDecision: 'not-eligible',
        overriddenExclusions: ['pregnancy'],
        overrideReason: 'Obstetric and psychiatric review: benefit outweighs risk; patient consents.',
      }),
    });
  });

  it('accepts not eligible over an exclusion without a reason', () => {
    expect(checkDecision(excluded, 'not-eligible')).toMatchObject({
      ok: true,
      record: { decision: 'not-eligible', overriddenExclusions: [], overrideReason: null },
    });
  });

  it('accepts not eligible for a patient the rules found eligible, keeping a reason when given', () => {
    expect(checkDecision(clean, 'not-eligible', 'Prefers to try TMS first')).toMatchObject({
      ok: true,
      record: {
        suggestedDecision: 'eligible',
        decision: 'not-eligible',
        overrideReason: 'Prefers to try TMS first',
      },
    });
  });

  it('accepts eligible when only cautions fired (the prescriber weighs them)', () => {
    expect(checkDecision(withCaution, 'eligible')).toMatchObject({
      ok: true,
      record: {
        suggestedDecision: 'eligible-with-cautions',
        firedRuleIds: ['sedatives', 'treatment-resistant-depression'],
      },
    });
  });

  it('needs a written reason to find a patient eligible while exclusions are unanswered', () => {
    const refused = checkDecision(incomplete, 'eligible');
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.problems[0]?.message).toMatch(
        /^a written reason is required: deciding eligible is made without answers for the exclusion\(s\) esketamine-aneurysm-or-avm, /,
      );
    }
    const accepted = checkDecision(incomplete, 'eligible', 'Medical history reviewed by phone with the GP.');
    expect(accepted).toMatchObject({
      ok: true,
      record: { suggestedDecision: 'incomplete', overriddenExclusions: [] },
    });
    if (accepted.ok) expect(accepted.record.decidedWithoutAnswers).toContain('pregnancy');
  });

  it('refuses a decision that is not one of the three', () => {
    expect(checkDecision(clean, 'maybe' as EligibilityDecision)).toEqual({
      ok: false,
      problems: [
        {
          field: 'decision',
          message: 'the decision must be eligible, eligible-with-cautions or not-eligible, not "maybe"',
        },
      ],
    });
    expect(checkDecision(clean, 'incomplete' as EligibilityDecision).ok).toBe(false);
  });
});
