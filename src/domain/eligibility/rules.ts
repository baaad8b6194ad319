import type { Provenance } from '../evidence.ts';
import type { Condition } from './conditions.ts';

export type TreatmentRoute = 'iv-ketamine' | 'esketamine';
export const TREATMENT_ROUTES: readonly TreatmentRoute[] = ['iv-ketamine', 'esketamine'];

/** exclusion: not eligible unless a prescriber overrides with a written reason. */
export type EligibilitySeverity = 'exclusion' | 'caution' | 'info';
export const SEVERITIES: readonly EligibilitySeverity[] = ['exclusion', 'caution', 'info'];

export type EligibilityRule = Provenance & {
  /** Stable: decisions and audit records name rules by id. */
  readonly id: string;
  readonly title: string;
  readonly severity: EligibilitySeverity;
  readonly routes: readonly TreatmentRoute[];
  readonly condition: Condition;
  /** Why the rule exists, in plain words. */
  readonly reason: string;
};

/** Rules are versioned; a decision records the id and version it was made with. */
export type EligibilityRuleSet = {
  readonly id: string;
  readonly version: number;
  readonly rules: readonly EligibilityRule[];
};

const BOTH: readonly TreatmentRoute[] = ['iv-ketamine', 'esketamine'];
const ESKETAMINE: readonly TreatmentRoute[] = ['esketamine'];
const IV: readonly TreatmentRoute[] = ['iv-ketamine'];

/**
 * The esketamine label's contraindications (and its "BP or intracranial pressure" one) hold for
 * esketamine. IV racemic ketamine has no label for depression in the reference, so the same
 * exclusions are clinic policy there; racemic ketamine raises blood pressure too (yale-bp-2024).
 */
const LABEL_AND_IV_MIRRORS: readonly EligibilityRule[] = [
  {
    id: 'esketamine-aneurysm-or-avm',
    title: 'Aneurysmal vascular disease or arteriovenous malformation',
    severity: 'exclusion',
    routes: ESKETAMINE,
    condition: { kind: 'medical-history', facts: ['aneurysmalVascularDiseaseOrAvm'] },
    reason:
      'The esketamine label contraindicates aneurysmal vascular disease (thoracic and abdominal aorta, intracranial and peripheral arteries) and arteriovenous malformation.',
    evidence: ['spravato-pi'],
  },
  {
    id: 'esketamine-intracerebral-haemorrhage',
    title: 'History of intracerebral haemorrhage',
    severity: 'exclusion',
    routes: ESKETAMINE,
    condition: { kind: 'medical-history', facts: ['intracerebralHaemorrhage'] },
    reason: 'The esketamine label contraindicates a history of intracerebral haemorrhage.',
    evidence: ['spravato-pi'],
  },
  {
    id: 'esketamine-hypersensitivity',
    title: 'Hypersensitivity to esketamine or ketamine',
    severity: 'exclusion',
    routes: ESKETAMINE,
    condition: { kind: 'allergy', substances: ['ketamine', 'esketamine'] },
    reason: 'The esketamine label contraindicates hypersensitivity to esketamine, ketamine or any excipient.',
    evidence: ['spravato-pi'],
  },
  {
    id: 'esketamine-raised-intracranial-pressure',
    title: 'Raised intracranial pressure',
    severity: 'exclusion',
    routes: ESKETAMINE,
    condition: { kind: 'medical-history', facts: ['raisedIntracranialPressure'] },
    reason:
      'The esketamine label contraindicates it where a rise in blood pressure or intracranial pressure poses a serious risk.',
    evidence: ['spravato-pi'],
  },
  {
    id: 'iv-aneurysm-or-avm',
    title: 'Aneurysmal vascular disease or arteriovenous malformation',
    severity: 'exclusion',
    routes: IV,
    condition: { kind: 'medical-history', facts: ['aneurysmalVascularDiseaseOrAvm'] },
    reason:
      'Ketamine raises blood pressure during the infusion; the esketamine label contraindicates these conditions for the same reason.',
    evidence: ['yale-bp-2024'],
    clinicPolicy: true,
  },
  {
    id: 'iv-intracerebral-haemorrhage',
    title: 'History of intracerebral haemorrhage',
    severity: 'exclusion',
    routes: IV,
    condition: { kind: 'medical-history', facts: ['intracerebralHaemorrhage'] },
    reason:
      'Ketamine raises blood pressure during the infusion; the esketamine label contraindicates this history for the same reason.',
    evidence: ['yale-bp-2024'],
    clinicPolicy: true,
  },
  {
    id: 'iv-hypersensitivity',
    title: 'Hypersensitivity to ketamine or esketamine',
    severity: 'exclusion',
    routes: IV,
    condition: { kind: 'allergy', substances: ['ketamine', 'esketamine'] },
    reason: 'A known hypersensitivity to ketamine or its enantiomer esketamine.',
    evidence: [],
    clinicPolicy: true,
  },
  {
    id: 'iv-raised-intracranial-pressure',
    title: 'Raised intracranial pressure',
    severity: 'exclusion',
    routes: IV,
    condition: { kind: 'medical-history', facts: ['raisedIntracranialPressure'] },
    reason:
      'Ketamine raises blood pressure; the esketamine label contraindicates it where a rise in intracranial pressure poses a serious risk.',
    evidence: ['yale-bp-2024'],
    clinicPolicy: true,
  },
];

const CARDIOVASCULAR: readonly EligibilityRule[] = [
  {
    id: 'uncontrolled-hypertension',
    title: 'Uncontrolled hypertension',
    severity: 'exclusion',
    routes: BOTH,
    condition: { kind: 'hypertension-uncontrolled' },
    reason:
      'Blood pressure rises during treatment (peaking about 40 minutes after the dose); get hypertension controlled first.',
    evidence: ['spravato-pi', 'yale-bp-2024'],
    clinicPolicy: true,
  },
  {
    id: 'baseline-bp-above-140-90',
    title: 'Baseline blood pressure above 140/90 mmHg',
    severity: 'caution',
    routes: BOTH,
    condition: { kind: 'baseline-bp-above', systolicMmHg: 140, diastolicMmHg: 90 },
    reason:
      'The esketamine label gives >140/90 mmHg before dosing as a general guide for weighing whether to delay treatment.',
    evidence: ['spravato-pi', 'yale-bp-2024'],
    clinicPolicy: true,
  },
  {
    id: 'heart-disease',
    title: 'Heart disease',
    severity: 'caution',
    routes: BOTH,
    condition: { kind: 'medical-history', facts: ['heartDisease'] },
    reason: 'Treatment raises blood pressure and heart workload; weigh the cardiac risk and monitor closely.',
    evidence: ['yale-bp-2024'],
    clinicPolicy: true,
  },
  {
    id: 'stroke-history',
    title: 'History of stroke',
    severity: 'caution',
    routes: BOTH,
    condition: { kind: 'medical-history', facts: ['stroke'] },
    reason: 'Treatment raises blood pressure; weigh the cerebrovascular risk.',
    evidence: ['yale-bp-2024'],
    clinicPolicy: true,
  },
];

const PSYCHIATRIC: readonly EligibilityRule[] = [
  {
    id: 'active-psychosis-or-mania',
    title: 'Active psychosis or mania',
    severity: 'exclusion',
    routes: BOTH,
    condition: { kind: 'psychosis-or-mania', facts: ['activePsychosis', 'activeMania'] },
    reason:
      'The evidence for ketamine is strongest in depression without psychotic features; treat the psychosis or mania first.',
    evidence: ['apa-consensus-2017'],
    clinicPolicy: true,
  },
  {
    id: 'past-psychosis-or-mania',
    title: 'Past psychosis or mania',
    severity: 'caution',
    routes: BOTH,
    condition: { kind: 'psychosis-or-mania', facts: ['pastPsychosis', 'pastMania'] },
    reason:
      'The pre-treatment evaluation asks about psychosis history; a past episode calls for the prescriber’s judgement.',
    evidence: ['apa-consensus-2017'],
    clinicPolicy: true,
  },
  {
    id: 'high-suicide-risk',
    title: 'High suicide risk',
    severity: 'exclusion',
    routes: BOTH,
    condition: { kind: 'suicide-risk', levels: ['high'] },
    reason:
      'High risk on the C-SSRS Screener calls for immediate evaluation and safety precautions: a higher level of care comes first.',
    evidence: ['cssrs-screener'],
    clinicPolicy: true,
  },
  {
    id: 'moderate-suicide-risk',
    title: 'Moderate suicide risk',
    severity: 'caution',
    routes: BOTH,
    condition: { kind: 'suicide-risk', levels: ['moderate'] },
    reason: 'Moderate risk on the C-SSRS Screener: make a safety plan and review the risk before treatment.',
    evidence: ['cssrs-screener'],
    clinicPolicy: true,
  },
];

const INDICATION: readonly EligibilityRule[] = [
  {
    id: 'treatment-resistant-depression',
    title: 'Treatment-resistant depression',
    severity: 'info',
    routes: BOTH,
    condition: { kind: 'treatment-resistance', minTrials: 2, expect: 'met' },
    reason:
      'The indication: no response to at least two adequate antidepressant trials in the current episode.',
    evidence: ['trd-definition', 'spravato-pi'],
  },
  {
    id: 'esketamine-not-indicated',
    title: 'Not treatment-resistant and no acute suicidal ideation',
    severity: 'exclusion',
    routes: ESKETAMINE,
    condition: {
      kind: 'treatment-resistance',
      minTrials: 2,
      expect: 'not-met',
      unlessAcuteSuicidalIdeation: true,
    },
    reason:
      'Esketamine is indicated for treatment-resistant depression (at least two adequate antidepressant trials) or for depression with acute suicidal ideation or behaviour.',
    evidence: ['spravato-pi', 'trd-definition'],
  },
  {
    id: 'iv-not-treatment-resistant',
    title: 'Not treatment-resistant',
    severity: 'exclusion',
    routes: IV,
    condition: { kind: 'treatment-resistance', minTrials: 2, expect: 'not-met' },
    reason:
      'IV ketamine is reserved for depression that has not responded to standard antidepressant treatment (at least two adequate trials in the current episode).',
    evidence: ['apa-consensus-2017', 'trd-definition'],
    clinicPolicy: true,
  },
];

const SUBSTANCES: readonly EligibilityRule[] = [
  {
    id: 'ketamine-or-pcp-use-disorder',
    title: 'Current ketamine or PCP use disorder',
    severity: 'exclusion',
    routes: BOTH,
    condition: { kind: 'substance-use-disorder', substances: ['ketamine', 'pcp'], status: 'current' },
    reason:
      'Ketamine can be misused; a current use disorder with ketamine or PCP (a related drug) rules treatment out.',
    evidence: ['apa-consensus-2017'],
    clinicPolicy: true,
  },
  {
    id: 'past-ketamine-or-pcp-use-disorder',
    title: 'Past ketamine or PCP use disorder',
    severity: 'caution',
    routes: BOTH,
    condition: { kind: 'substance-use-disorder', substances: ['ketamine', 'pcp'], status: 'past' },
    reason: 'Ketamine can be misused; monitor substance use during treatment.',
    evidence: ['apa-consensus-2017'],
    clinicPolicy: true,
  },
  {
    id: 'other-substance-use-disorder',
    title: 'Current substance use disorder (alcohol, cannabis or other)',
    severity: 'caution',
    routes: BOTH,
    condition: {
      kind: 'substance-use-disorder',
      substances: ['alcohol', 'cannabis', 'other'],
      status: 'current',
    },
    reason:
      'A current substance use disorder calls for the prescriber’s judgement and monitoring of substance use.',
    evidence: ['apa-consensus-2017'],
    clinicPolicy: true,
  },
];

const PREGNANCY: readonly EligibilityRule[] = [
  {
    id: 'pregnancy',
    title: 'Pregnancy',
    severity: 'exclusion',
    routes: BOTH,
    condition: { kind: 'medical-history', facts: ['pregnant'] },
    reason:
      'Not offered during pregnancy by default; the clinical reference has no source on safety in pregnancy.',
    evidence: [],
    clinicPolicy: true,
  },
  {
    id: 'breastfeeding',
    title: 'Breastfeeding',
    severity: 'caution',
    routes: BOTH,
    condition: { kind: 'medical-history', facts: ['breastfeeding'] },
    reason: 'Discuss breastfeeding with the prescriber; the clinical reference has no source on it.',
    evidence: [],
    clinicPolicy: true,
  },
];

const OTHER_MEDICAL: readonly EligibilityRule[] = [
  {
    id: 'seizures',
    title: 'Seizures',
    severity: 'caution',
    routes: BOTH,
    condition: { kind: 'medical-history', facts: ['seizures'] },
    reason: 'A seizure history calls for the prescriber’s judgement.',
    evidence: [],
    clinicPolicy: true,
  },
  {
    id: 'liver-disease',
    title: 'Liver disease',
    severity: 'caution',
    routes: BOTH,
    condition: { kind: 'medical-history', facts: ['liverDisease'] },
    reason: 'Liver disease calls for the prescriber’s judgement.',
    evidence: [],
    clinicPolicy: true,
  },
  {
    id: 'bladder-symptoms',
    title: 'Bladder symptoms',
    severity: 'caution',
    routes: BOTH,
    condition: { kind: 'medical-history', facts: ['bladderSymptoms'] },
    reason:
      'Bladder function is monitored during ongoing ketamine treatment; record the symptoms as a baseline.',
    evidence: ['apa-consensus-2017'],
    clinicPolicy: true,
  },
  {
    id: 'raised-intraocular-pressure',
    title: 'Raised intraocular pressure',
    severity: 'caution',
    routes: BOTH,
    condition: { kind: 'medical-history', facts: ['raisedIntraocularPressure'] },
    reason: 'Raised intraocular pressure calls for the prescriber’s judgement.',
    evidence: [],
    clinicPolicy: true,
  },
];

const MEDICATIONS: readonly EligibilityRule[] = [
  {
    id: 'sedatives',
    title: 'Benzodiazepines or other sedatives',
    severity: 'caution',
    routes: BOTH,
    condition: { kind: 'medication', classes: ['benzodiazepine', 'other-sedative'] },
    reason:
      'Sedatives add to sedation; the esketamine REMS monitoring form asks about benzodiazepines and other sedative hypnotics at every session.',
    evidence: ['spravato-rems'],
    clinicPolicy: true,
  },
  {
    id: 'opioids',
    title: 'Opioids',
    severity: 'caution',
    routes: BOTH,
    condition: { kind: 'medication', classes: ['opioid'] },
    reason:
      'Opioids add to sedation and respiratory depression; the REMS monitoring form asks about them too.',
    evidence: ['spravato-rems'],
    clinicPolicy: true,
  },
  {
    id: 'esketamine-psychostimulants-or-maoi',
    title: 'Psychostimulants or MAOIs',
    severity: 'caution',
    routes: ESKETAMINE,
    condition: { kind: 'medication', classes: ['psychostimulant', 'maoi'] },
    reason: 'The esketamine label says to monitor blood pressure closely with psychostimulants or MAOIs.',
    evidence: ['spravato-pi'],
  },
  {
    id: 'iv-psychostimulants-or-maoi',
    title: 'Psychostimulants or MAOIs',
    severity: 'caution',
    routes: IV,
    condition: { kind: 'medication', classes: ['psychostimulant', 'maoi'] },
    reason:
      'Both raise blood pressure, as ketamine does; the esketamine label says to monitor blood pressure closely with them.',
    evidence: ['yale-bp-2024'],
    clinicPolicy: true,
  },
  {
    id: 'lamotrigine',
    title: 'Lamotrigine',
    severity: 'info',
    routes: BOTH,
    condition: { kind: 'medication', classes: ['lamotrigine'] },
    reason:
      'Flagged for the prescriber’s review: some clinicians expect it to blunt ketamine’s effect (not in the clinical reference).',
    evidence: [],
    clinicPolicy: true,
  },
];

/** The rules Ketaflow ships with. A clinic revises its own copy; each revision is a new version. */
export const DEFAULT_ELIGIBILITY_RULE_SET: EligibilityRuleSet = {
  id: 'ketaflow-default',
  version: 1,
  rules: [
    ...LABEL_AND_IV_MIRRORS,
    ...CARDIOVASCULAR,
    ...PSYCHIATRIC,
    ...INDICATION,
    ...SUBSTANCES,
    ...PREGNANCY,
    ...OTHER_MEDICAL,
    ...MEDICATIONS,
  ],
};
