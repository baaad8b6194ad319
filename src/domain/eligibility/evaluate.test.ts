import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EligibilityEvaluation, evaluateEligibility, type SuggestedDecision } from './evaluate.ts';
import { type IntakeFacts, MEDICAL_FLAG_LABELS, type MedicalFlag, type MedicationClass } from './intake.ts';
import { DEFAULT_ELIGIBILITY_RULE_SET, type TreatmentRoute } from './rules.ts';
import { SAMPLE_INTAKE } from './sample-intake.ts';

const RULES = DEFAULT_ELIGIBILITY_RULE_SET;

describe('evaluateEligibility', () => {
  it.each(['iv-ketamine', 'esketamine'] as const)('suggests eligible for a clean %s intake', (route) => {
    const evaluation = evaluateEligibility(SAMPLE_INTAKE, RULES, route);
    expect(evaluation).toMatchObject({
      route,
      ruleSetId: 'ketaflow-default',
      ruleSetVersion: 1,
      unanswered: [],
      suggestedDecision: 'eligible',
    });
    expect(evaluation.fired.map((rule) => rule.ruleId)).toEqual(['treatment-resistant-depression']);
  });

  it('suggests eligible with cautions when only cautions fire', () => {
    const facts: IntakeFacts = {
      ...SAMPLE_INTAKE,
      currentMedications: [{ name: 'clonazepam', classes: ['benzodiazepine'] }],
    };
    expect(evaluateEligibility(facts, RULES, 'esketamine').suggestedDecision).toBe('eligible-with-cautions');
  });

  it('suggests not eligible when an exclusion fires, even with unanswered rules', () => {
    const facts: IntakeFacts = {
      ...SAMPLE_INTAKE,
      medicalHistory: { pregnant: true },
      currentMedications: undefined,
    };
    const evaluation = evaluateEligibility(facts, RULES, 'iv-ketamine');
    expect(evaluation.suggestedDecision).toBe('not-eligible');
    expect(evaluation.unanswered.length).toBeGreaterThan(0);
  });

  it('says the intake is incomplete while an exclusion cannot be checked', () => {
    const evaluation = evaluateEligibility({}, RULES, 'esketamine');
    expect(evaluation.suggestedDecision).toBe('incomplete');
    expect(evaluation.fired).toEqual([]);
    const applicable = RULES.rules.filter((rule) => rule.routes.includes('esketamine'));
    expect(evaluation.unanswered.map((rule) => rule.ruleId).sort()).toEqual(
      applicable.map((rule) => rule.id).sort(),
    );
  });

  it('does not hold the suggestion back for unanswered cautions', () => {
    const facts: IntakeFacts = {
      ...SAMPLE_INTAKE,
      medicalHistory: { ...SAMPLE_INTAKE.medicalHistory, seizures: undefined },
    };
    const evaluation = evaluateEligibility(facts, RULES, 'iv-ketamine');
    expect(evaluation.unanswered.map((rule) => rule.ruleId)).toEqual(['seizures']);
    expect(evaluation.suggestedDecision).toBe('eligible');
  });

  it('lists exclusions first, then cautions, then information', () => {
    const facts: IntakeFacts = {
      ...SAMPLE_INTAKE,
      medicalHistory: { ...SAMPLE_INTAKE.medicalHistory, seizures: true, pregnant: true },
      currentMedications: [{ name: 'lamotrigine', classes: ['lamotrigine'] }],
    };
    const evaluation = evaluateEligibility(facts, RULES, 'esketamine');
    expect(evaluation.fired.map((rule) => [rule.ruleId, rule.severity])).toEqual([
      ['pregnancy', 'exclusion'],
      ['seizures', 'caution'],
      ['treatment-resistant-depression', 'info'],
      ['lamotrigine', 'info'],
    ]);
  });

  it('records the rule set version it used', () => {
    const evaluation = evaluateEligibility(
      SAMPLE_INTAKE,
      { ...RULES, id: 'clinic-rules', version: 7 },
      'esketamine',
    );
    expect([evaluation.ruleSetId, evaluation.ruleSetVersion]).toEqual(['clinic-rules', 7]);
  });

  it('names the missing facts of an unanswered rule', () => {
    const evaluation = evaluateEligibility({ medicalHistory: { heartDisease: false } }, RULES, 'iv-ketamine');
    expect(
      evaluation.unanswered.find((rule) => rule.ruleId === 'uncontrolled-hypertension')?.missing,
    ).toEqual(['hypertension']);
    expect(evaluation.unanswered.find((rule) => rule.ruleId === 'heart-disease')).toBeUndefined();
  });
});

const FLAGS = Object.keys(MEDICAL_FLAG_LABELS) as MedicalFlag[];
const CLASSES: MedicationClass[] = [
  'benzodiazepine',
  'other-sedative',
  'psychostimulant',
  'maoi',
  'lamotrigine',
  'opioid',
  'antidepressant',
  'other',
];

const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

const intake: fc.Arbitrary<IntakeFacts> = fc.record({
  psychiatricHistory: maybe(
    fc.record({
      antidepressantTrials: maybe(
        fc.array(
          fc.record({
            drug: fc.constantFrom('sertraline', 'venlafaxine', 'bupropion'),
            currentEpisode: fc.boolean(),
            adequate: maybe(fc.boolean()),
            adherence: maybe(
              fc.constantFrom('good', 'partial', 'poor') as fc.Arbitrary<'good' | 'partial' | 'poor'>,
            ),
            response: maybe(
              fc.constantFrom('none', 'partial', 'response', 'remission') as fc.Arbitrary<
                'none' | 'partial' | 'response' | 'remission'
              >,
            ),
          }),
          { maxLength: 4 },
        ),
      ),
      acuteSuicidalIdeationOrBehaviour: maybe(fc.boolean()),
    }),
  ),
  psychosisOrMania: maybe(
    fc.record({
      activePsychosis: maybe(fc.boolean()),
      activeMania: maybe(fc.boolean()),
      pastPsychosis: maybe(fc.boolean()),
      pastMania: maybe(fc.boolean()),
    }),
  ),
  substanceUse: maybe(
    fc.array(
      fc.record({
        substance: fc.constantFrom('ketamine', 'pcp', 'alcohol', 'cannabis', 'other') as fc.Arbitrary<
          'ketamine' | 'pcp' | 'alcohol' | 'cannabis' | 'other'
        >,
        disorder: fc.constantFrom('none', 'past', 'current') as fc.Arbitrary<'none' | 'past' | 'current'>,
      }),
      { maxLength: 3 },
    ),
  ),
  medicalHistory: maybe(
    fc.record({
      hypertension: maybe(
        fc.constantFrom('none', 'controlled', 'uncontrolled') as fc.Arbitrary<
          'none' | 'controlled' | 'uncontrolled'
        >,
      ),
      ...Object.fromEntries(FLAGS.map((flag) => [flag, maybe(fc.boolean())])),
    }),
  ),
  currentMedications: maybe(
    fc.array(fc.record({ name: fc.constant('medicine'), classes: fc.subarray(CLASSES, { minLength: 1 }) }), {
      maxLength: 3,
    }),
  ),
  allergies: maybe(
    fc.array(
      fc.record({
        substance: fc.constantFrom('ketamine', 'esketamine', 'other') as fc.Arbitrary<
          'ketamine' | 'esketamine' | 'other'
        >,
      }),
      { maxLength: 2 },
    ),
  ),
  baselineVitals: maybe(
    fc.record({
      systolicMmHg: fc.integer({ min: 90, max: 200 }),
      diastolicMmHg: fc.integer({ min: 50, max: 120 }),
    }),
  ),
  baselineScores: maybe(
    fc.record({
      cssrsRisk: maybe(
        fc.constantFrom('none', 'low', 'moderate', 'high') as fc.Arbitrary<
          'none' | 'low' | 'moderate' | 'high'
        >,
      ),
    }),
  ),
}) as fc.Arbitrary<IntakeFacts>;

const route = fc.constantFrom<TreatmentRoute>('iv-ketamine', 'esketamine');

function expectedSuggestion(evaluation: EligibilityEvaluation): SuggestedDecision {
  if (evaluation.fired.some((rule) => rule.severity === 'exclusion')) return 'not-eligible';
  if (evaluation.unanswered.some((rule) => rule.severity === 'exclusion')) return 'incomplete';
  if (evaluation.fired.some((rule) => rule.severity === 'caution')) return 'eligible-with-cautions';
  return 'eligible';
}

const PERMISSIVENESS: Record<SuggestedDecision, number> = {
  'not-eligible': 0,
  incomplete: 1,
  'eligible-with-cautions': 2,
  eligible: 3,
};

describe('evaluateEligibility on any intake', () => {
  it('checks each applicable rule exactly once and suggests from what fired', () => {
    fc.assert(
      fc.property(intake, route, (facts, chosen) => {
        const evaluation = evaluateEligibility(facts, RULES, chosen);
        const ids = [...evaluation.fired, ...evaluation.unanswered].map((rule) => rule.ruleId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ids) {
          expect(RULES.rules.find((rule) => rule.id === id)?.routes).toContain(chosen);
        }
        expect(evaluation.suggestedDecision).toBe(expectedSuggestion(evaluation));
        expect(evaluateEligibility(facts, RULES, chosen)).toEqual(evaluation);
      }),
      { numRuns: 200 },
    );
  });

  it('never becomes more permissive when a medical finding is added', () => {
    fc.assert(
      fc.property(intake, route, fc.constantFrom(...FLAGS), (facts, chosen, flag) => {
        const before = evaluateEligibility(facts, RULES, chosen).suggestedDecision;
        const worse = { ...facts, medicalHistory: { ...facts.medicalHistory, [flag]: true } };
        const after = evaluateEligibility(worse, RULES, chosen).suggestedDecision;
        expect(PERMISSIVENESS[after]).toBeLessThanOrEqual(PERMISSIVENESS[before]);
      }),
      { numRuns: 200 },
    );
  });
});
