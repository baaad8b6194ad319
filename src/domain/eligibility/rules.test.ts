import { describe, expect, it } from 'vitest';
import { isEvidenceId, restsOnlyOnUnverifiedSources } from '../evidence.ts';
import { evaluateEligibility } from './evaluate.ts';
import type { IntakeFacts, MedicalHistory, PsychiatricHistory } from './intake.ts';
import { DEFAULT_ELIGIBILITY_RULE_SET, type TreatmentRoute } from './rules.ts';
import { SAMPLE_INTAKE } from './sample-intake.ts';

const RULES = DEFAULT_ELIGIBILITY_RULE_SET;

function medical(change: Partial<MedicalHistory>): IntakeFacts {
  return { ...SAMPLE_INTAKE, medicalHistory: { ...SAMPLE_INTAKE.medicalHistory, ...change } };
}

function psychiatric(change: Partial<PsychiatricHistory>): IntakeFacts {
  return { ...SAMPLE_INTAKE, psychiatricHistory: { ...SAMPLE_INTAKE.psychiatricHistory, ...change } };
}

const ONE_TRIAL = SAMPLE_INTAKE.psychiatricHistory?.antidepressantTrials?.slice(0, 1) ?? [];

function fired(facts: IntakeFacts, route: TreatmentRoute) {
  return evaluateEligibility(facts, RULES, route).fired;
}

function unanswered(facts: IntakeFacts, route: TreatmentRoute) {
  return evaluateEligibility(facts, RULES, route).unanswered.map((rule) => rule.ruleId);
}

/** [rule, route, intake that makes it fire, what the finding says, intake missing the fact it reads] */
const CASES: readonly [string, TreatmentRoute, IntakeFacts, RegExp, IntakeFacts][] = [
  [
    'esketamine-aneurysm-or-avm',
    'esketamine',
    medical({ aneurysmalVascularDiseaseOrAvm: true }),
    /recorded: aneurysmal vascular disease or arteriovenous malformation/,
    medical({ aneurysmalVascularDiseaseOrAvm: undefined }),
  ],
  [
    'esketamine-intracerebral-haemorrhage',
    'esketamine',
    medical({ intracerebralHaemorrhage: true }),
    /recorded: intracerebral haemorrhage/,
    medical({ intracerebralHaemorrhage: undefined }),
  ],
  [
    'esketamine-hypersensitivity',
    'esketamine',
    { ...SAMPLE_INTAKE, allergies: [{ substance: 'esketamine', reaction: 'angioedema' }] },
    /allergy recorded: esketamine \(angioedema\)/,
    { ...SAMPLE_INTAKE, allergies: undefined },
  ],
  [
    'esketamine-raised-intracranial-pressure',
    'esketamine',
    medical({ raisedIntracranialPressure: true }),
    /raised intracranial pressure/,
    medical({ raisedIntracranialPressure: undefined }),
  ],
  [
    'iv-aneurysm-or-avm',
    'iv-ketamine',
    medical({ aneurysmalVascularDiseaseOrAvm: true }),
    /arteriovenous malformation/,
    medical({ aneurysmalVascularDiseaseOrAvm: undefined }),
  ],
  [
    'iv-intracerebral-haemorrhage',
    'iv-ketamine',
    medical({ intracerebralHaemorrhage: true }),
    /intracerebral haemorrhage/,
    medical({ intracerebralHaemorrhage: undefined }),
  ],
  [
    'iv-hypersensitivity',
    'iv-ketamine',
    { ...SAMPLE_INTAKE, allergies: [{ substance: 'ketamine', name: 'Ketalar' }] },
    /allergy recorded: Ketalar/,
    { ...SAMPLE_INTAKE, allergies: undefined },
  ],
  [
    'iv-raised-intracranial-pressure',
    'iv-ketamine',
    medical({ raisedIntracranialPressure: true }),
    /raised intracranial pressure/,
    medical({ raisedIntracranialPressure: undefined }),
  ],
  [
    'uncontrolled-hypertension',
    'iv-ketamine',
    medical({ hypertension: 'uncontrolled' }),
    /hypertension recorded as uncontrolled/,
    medical({ hypertension: undefined }),
  ],
  [
    'uncontrolled-hypertension',
    'esketamine',
    medical({ hypertension: 'uncontrolled' }),
    /uncontrolled/,
    medical({ hypertension: undefined }),
  ],
  [
    'baseline-bp-above-140-90',
    'esketamine',
    { ...SAMPLE_INTAKE, baselineVitals: { systolicMmHg: 141, diastolicMmHg: 80 } },
    /baseline blood pressure 141\/80 mmHg, above 140\/90/,
    { ...SAMPLE_INTAKE, baselineVitals: undefined },
  ],
  [
    'baseline-bp-above-140-90',
    'iv-ketamine',
    { ...SAMPLE_INTAKE, baselineVitals: { systolicMmHg: 130, diastolicMmHg: 91 } },
    /130\/91 mmHg/,
    { ...SAMPLE_INTAKE, baselineVitals: undefined },
  ],
  [
    'heart-disease',
    'esketamine',
    medical({ heartDisease: true }),
    /heart disease/,
    medical({ heartDisease: undefined }),
  ],
  ['stroke-history', 'iv-ketamine', medical({ stroke: true }), /stroke/, medical({ stroke: undefined })],
  [
    'active-psychosis-or-mania',
    'iv-ketamine',
    { ...SAMPLE_INTAKE, psychosisOrMania: { ...SAMPLE_INTAKE.psychosisOrMania, activePsychosis: true } },
    /recorded: active psychosis/,
    { ...SAMPLE_INTAKE, psychosisOrMania: undefined },
  ],
  [
    'active-psychosis-or-mania',
    'esketamine',
    { ...SAMPLE_INTAKE, psychosisOrMania: { ...SAMPLE_INTAKE.psychosisOrMania, activeMania: true } },
    /recorded: active mania/,
    { ...SAMPLE_INTAKE, psychosisOrMania: { activePsychosis: false } },
  ],
  [
    'past-psychosis-or-mania',
    'esketamine',
    {
      ...SAMPLE_INTAKE,
      psychosisOrMania: { ...SAMPLE_INTAKE.psychosisOrMania, pastPsychosis: true, pastMania: true },
    },
    /recorded: past psychosis and past mania/,
    { ...SAMPLE_INTAKE, psychosisOrMania: { activePsychosis: false, activeMania: false } },
  ],
  [
    'high-suicide-risk',
    'esketamine',
    { ...SAMPLE_INTAKE, baselineScores: { cssrsRisk: 'high' } },
    /baseline C-SSRS Screener risk: high/,
    { ...SAMPLE_INTAKE, baselineScores: { phq9: 20 } },
  ],
  [
    'moderate-suicide-risk',
    'iv-ketamine',
    { ...SAMPLE_INTAKE, baselineScores: { cssrsRisk: 'moderate' } },
    /risk: moderate/,
    { ...SAMPLE_INTAKE, baselineScores: undefined },
  ],
  [
    'treatment-resistant-depression',
    'esketamine',
    SAMPLE_INTAKE,
    /2 adequate antidepressant trials without response in the current episode \(sertraline and venlafaxine\)/,
    psychiatric({ antidepressantTrials: undefined }),
  ],
  [
    'esketamine-not-indicated',
    'esketamine',
    psychiatric({ antidepressantTrials: ONE_TRIAL }),
    /only 1 adequate antidepressant trial without response in the current episode \(sertraline\); at least 2 are needed/,
    psychiatric({ antidepressantTrials: ONE_TRIAL, acuteSuicidalIdeationOrBehaviour: undefined }),
  ],
  [
    'iv-not-treatment-resistant',
    'iv-ketamine',
    psychiatric({ antidepressantTrials: [] }),
    /only 0 adequate antidepressant trials/,
    { ...SAMPLE_INTAKE, psychiatricHistory: undefined },
  ],
  [
    'ketamine-or-pcp-use-disorder',
    'esketamine',
    { ...SAMPLE_INTAKE, substanceUse: [{ substance: 'pcp', disorder: 'current' }] },
    /current use disorder: PCP/,
    { ...SAMPLE_INTAKE, substanceUse: undefined },
  ],
  [
    'ketamine-or-pcp-use-disorder',
    'iv-ketamine',
    { ...SAMPLE_INTAKE, substanceUse: [{ substance: 'ketamine', currentUse: true, disorder: 'current' }] },
    /current use disorder: ketamine/,
    { ...SAMPLE_INTAKE, substanceUse: undefined },
  ],
  [
    'past-ketamine-or-pcp-use-disorder',
    'iv-ketamine',
    { ...SAMPLE_INTAKE, substanceUse: [{ substance: 'ketamine', currentUse: false, disorder: 'past' }] },
    /past use disorder: ketamine/,
    { ...SAMPLE_INTAKE, substanceUse: undefined },
  ],
  [
    'other-substance-use-disorder',
    'esketamine',
    {
      ...SAMPLE_INTAKE,
      substanceUse: [
        { substance: 'alcohol', disorder: 'current' },
        { substance: 'other', name: 'methamphetamine', disorder: 'current' },
      ],
    },
    /current use disorder: alcohol and methamphetamine/,
    { ...SAMPLE_INTAKE, substanceUse: undefined },
  ],
  [
    'pregnancy',
    'esketamine',
    medical({ pregnant: true }),
    /recorded: pregnancy/,
    medical({ pregnant: undefined }),
  ],
  [
    'breastfeeding',
    'iv-ketamine',
    medical({ breastfeeding: true }),
    /recorded: breastfeeding/,
    medical({ breastfeeding: undefined }),
  ],
  ['seizures', 'esketamine', medical({ seizures: true }), /seizures/, medical({ seizures: undefined })],
  [
    'liver-disease',
    'iv-ketamine',
    medical({ liverDisease: true }),
    /liver disease/,
    medical({ liverDisease: undefined }),
  ],
  [
    'bladder-symptoms',
    'esketamine',
    medical({ bladderSymptoms: true }),
    /bladder symptoms/,
    medical({ bladderSymptoms: undefined }),
  ],
  [
    'raised-intraocular-pressure',
    'iv-ketamine',
    medical({ raisedIntraocularPressure: true }),
    /raised intraocular pressure/,
    medical({ raisedIntraocularPressure: undefined }),
  ],
  [
    'sedatives',
    'esketamine',
    {
      ...SAMPLE_INTAKE,
      currentMedications: [
        { name: 'lorazepam', classes: ['benzodiazepine'] },
        { name: 'zolpidem', classes: ['other-sedative'] },
      ],
    },
    /current medicines: lorazepam \(benzodiazepine\) and zolpidem \(sedative\)/,
    { ...SAMPLE_INTAKE, currentMedications: undefined },
  ],
  [
    'opioids',
    'iv-ketamine',
    { ...SAMPLE_INTAKE, currentMedications: [{ name: 'oxycodone', classes: ['opioid'] }] },
    /oxycodone \(opioid\)/,
    { ...SAMPLE_INTAKE, currentMedications: undefined },
  ],
  [
    'esketamine-psychostimulants-or-maoi',
    'esketamine',
    { ...SAMPLE_INTAKE, currentMedications: [{ name: 'phenelzine', classes: ['maoi', 'antidepressant'] }] },
    /phenelzine \(MAOI\)/,
    { ...SAMPLE_INTAKE, currentMedications: undefined },
  ],
  [
    'iv-psychostimulants-or-maoi',
    'iv-ketamine',
    { ...SAMPLE_INTAKE, currentMedications: [{ name: 'methylphenidate', classes: ['psychostimulant'] }] },
    /methylphenidate \(psychostimulant\)/,
    { ...SAMPLE_INTAKE, currentMedications: undefined },
  ],
  [
    'lamotrigine',
    'esketamine',
    { ...SAMPLE_INTAKE, currentMedications: [{ name: 'Lamictal', classes: ['lamotrigine'] }] },
    /Lamictal \(lamotrigine\)/,
    { ...SAMPLE_INTAKE, currentMedications: undefined },
  ],
];

describe('the default eligibility rules', () => {
  it('are tested one by one, every rule at least once', () => {
    const tested = new Set(CASES.map(([id]) => id));
    expect(RULES.rules.map((rule) => rule.id).filter((id) => !tested.has(id))).toEqual([]);
  });

  it('include the three esketamine label contraindications', () => {
    const label = RULES.rules.filter(
      (rule) => rule.evidence.includes('spravato-pi') && rule.severity === 'exclusion' && !rule.clinicPolicy,
    );
    expect(label.map((rule) => rule.id)).toEqual(
      expect.arrayContaining([
        'esketamine-aneurysm-or-avm',
        'esketamine-intracerebral-haemorrhage',
        'esketamine-hypersensitivity',
      ]),
    );
  });

  it.each(CASES)('%s fires for %s, with its reason and sources', (id, route, facts, finding) => {
    const rule = fired(facts, route).find((candidate) => candidate.ruleId === id);
    const definition = RULES.rules.find((candidate) => candidate.id === id);
    expect(rule).toBeDefined();
    expect(rule?.finding).toMatch(finding);
    expect(rule?.reason).toBe(definition?.reason);
    expect(rule?.severity).toBe(definition?.severity);
    expect(rule?.evidence).toEqual(definition?.evidence);
    expect(rule?.clinicPolicy).toBe(definition?.clinicPolicy === true);
  });

  it.each(CASES)('%s does not fire for %s on an intake without the finding', (id, route) => {
    const facts =
      id === 'treatment-resistant-depression'
        ? psychiatric({ antidepressantTrials: ONE_TRIAL })
        : SAMPLE_INTAKE;
    expect(fired(facts, route).map((rule) => rule.ruleId)).not.toContain(id);
  });

  it.each(CASES)('%s for %s is unanswered while its facts are missing', (id, route, _, __, missing) => {
    expect(unanswered(missing, route)).toContain(id);
    expect(fired(missing, route).map((rule) => rule.ruleId)).not.toContain(id);
  });

  it.each(RULES.rules.map((rule) => [rule.id, rule] as const))(
    '%s cites registered sources, or is a clinic policy',
    (_, rule) => {
      for (const id of rule.evidence) expect(isEvidenceId(id)).toBe(true);
      expect(rule.evidence.length > 0 || rule.clinicPolicy === true).toBe(true);
      if (restsOnlyOnUnverifiedSources(rule.evidence)) expect(rule.clinicPolicy).toBe(true);
      expect(rule.reason.length).toBeGreaterThan(20);
    },
  );

  it.each([
    'pregnancy',
    'active-psychosis-or-mania',
    'ketamine-or-pcp-use-disorder',
    'other-substance-use-disorder',
    'high-suicide-risk',
    'uncontrolled-hypertension',
    'iv-not-treatment-resistant',
    'iv-hypersensitivity',
  ])('%s is a clinic-policy default (the reference does not back it with a primary source)', (id) => {
    expect(RULES.rules.find((rule) => rule.id === id)?.clinicPolicy).toBe(true);
  });

  it('routes each rule only where it applies', () => {
    const ivOnly = fired(medical({ aneurysmalVascularDiseaseOrAvm: true }), 'iv-ketamine').map(
      (r) => r.ruleId,
    );
    expect(ivOnly).toContain('iv-aneurysm-or-avm');
    expect(ivOnly).not.toContain('esketamine-aneurysm-or-avm');
  });
});

describe('treatment resistance', () => {
  const trial = {
    drug: 'escitalopram',
    durationWeeks: 8,
    adherence: 'good',
    response: 'none',
    currentEpisode: true,
    adequate: true,
  } as const;

  it.each([
    ['a trial in an earlier episode', { currentEpisode: false }],
    ['a trial judged inadequate', { adequate: false }],
    ['a trial with poor adherence', { adherence: 'poor' }],
    ['a trial that worked', { response: 'response' }],
    ['a trial that led to remission', { response: 'remission' }],
  ] as const)('does not count %s', (_, change) => {
    const facts = psychiatric({ antidepressantTrials: [trial, { ...trial, drug: 'other', ...change }] });
    expect(fired(facts, 'iv-ketamine').map((r) => r.ruleId)).toContain('iv-not-treatment-resistant');
  });

  it('waits for the judgement of an unjudged trial that could decide it', () => {
    const facts = psychiatric({
      antidepressantTrials: [trial, { ...trial, drug: 'mirtazapine', adequate: undefined }],
    });
    const evaluation = evaluateEligibility(facts, RULES, 'iv-ketamine');
    expect(
      evaluation.unanswered.find((rule) => rule.ruleId === 'iv-not-treatment-resistant')?.missing,
    ).toEqual(['whether the mirtazapine trial was adequate and its response']);
    expect(evaluation.suggestedDecision).toBe('incomplete');
  });

  it('counts partial response as inadequate response', () => {
    const facts = psychiatric({
      antidepressantTrials: [trial, { ...trial, drug: 'duloxetine', response: 'partial' }],
    });
    expect(fired(facts, 'iv-ketamine').map((r) => r.ruleId)).toEqual(['treatment-resistant-depression']);
  });

  it('accepts depression with acute suicidal ideation as the esketamine indication', () => {
    const facts = psychiatric({ antidepressantTrials: [], acuteSuicidalIdeationOrBehaviour: true });
    expect(fired(facts, 'esketamine').map((r) => r.ruleId)).not.toContain('esketamine-not-indicated');
    expect(fired(facts, 'iv-ketamine').map((r) => r.ruleId)).toContain('iv-not-treatment-resistant');
  });
});
