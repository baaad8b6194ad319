import { z } from 'zod';
import { IV_INPUT_LIMITS } from '../../../domain/dosing/index.ts';
import {
  type IntakeFacts,
  MEDICATION_CLASS_LABELS,
  type MedicationClass,
} from '../../../domain/eligibility/index.ts';

/**
 * The intake history as the API and the patient's form accept it: the domain's IntakeFacts without
 * the baseline scores, which come only from the questionnaire responses linked at verification.
 */

const text = (max: number) => z.string().trim().min(1, 'Leave it out rather than blank.').max(max);
const flag = z.boolean().optional();

const TrialResponse = z.enum(['none', 'partial', 'response', 'remission']);

const TreatmentHistory = z.strictObject({
  received: z.boolean(),
  details: text(500).optional(),
  response: TrialResponse.optional(),
});

const AntidepressantTrial = z.strictObject({
  drug: text(100),
  dose: text(100).optional(),
  durationWeeks: z.number().min(0).max(520).optional(),
  adherence: z.enum(['good', 'partial', 'poor']).optional(),
  response: TrialResponse.optional(),
  currentEpisode: z.boolean(),
  adequate: z.boolean().optional(),
});

const PsychiatricHistory = z.strictObject({
  diagnoses: z.array(text(200)).max(20).optional(),
  currentEpisodeMonths: z.number().int('Whole months.').min(0).max(1200).optional(),
  antidepressantTrials: z.array(AntidepressantTrial).max(30).optional(),
  psychotherapy: TreatmentHistory.optional(),
  ect: TreatmentHistory.optional(),
  tms: TreatmentHistory.optional(),
  acuteSuicidalIdeationOrBehaviour: flag,
});

const PsychosisOrMania = z.strictObject({
  activePsychosis: flag,
  activeMania: flag,
  pastPsychosis: flag,
  pastMania: flag,
});

const SubstanceUse = z.strictObject({
  substance: z.enum(['ketamine', 'pcp', 'alcohol', 'cannabis', 'other']),
  name: text(100).optional(),
  currentUse: flag,
  disorder: z.enum(['none', 'past', 'current']),
});

const MedicalHistory = z.strictObject({
  hypertension: z.enum(['none', 'controlled', 'uncontrolled']).optional(),
  heartDisease: flag,
  aneurysmalVascularDiseaseOrAvm: flag,
  intracerebralHaemorrhage: flag,
  stroke: flag,
  seizures: flag,
  liverDisease: flag,
  bladderSymptoms: flag,
  raisedIntracranialPressure: flag,
  raisedIntraocularPressure: flag,
  pregnant: flag,
  breastfeeding: flag,
});

export const MEDICATION_CLASSES = Object.keys(MEDICATION_CLASS_LABELS) as [
  MedicationClass,
  ...MedicationClass[],
];

const Medication = z.strictObject({
  name: text(100),
  dose: text(100).optional(),
  /** Empty until staff classify it: Ketaflow does not guess a medicine's class. */
  classes: z
    .array(z.enum(MEDICATION_CLASSES))
    .max(MEDICATION_CLASSES.length)
    .refine((list) => new Set(list).size === list.length, 'Name each class once.'),
});

const Allergy = z.strictObject({
  substance: z.enum(['ketamine', 'esketamine', 'other']),
  name: text(100).optional(),
  reaction: text(200).optional(),
});

const BaselineVitals = z.strictObject({
  systolicMmHg: z.number().int('Whole mmHg.').min(50).max(300),
  diastolicMmHg: z.number().int('Whole mmHg.').min(20).max(200),
  heartRateBpm: z.number().int('Whole beats a minute.').min(20).max(250).optional(),
  spo2Percent: z.number().int('Whole percent.').min(50).max(100).optional(),
});

export const IntakeFactsInput = z.strictObject({
  psychiatricHistory: PsychiatricHistory.optional(),
  psychosisOrMania: PsychosisOrMania.optional(),
  substanceUse: z.array(SubstanceUse).max(20).optional(),
  medicalHistory: MedicalHistory.optional(),
  currentMedications: z.array(Medication).max(40).optional(),
  allergies: z.array(Allergy).max(20).optional(),
  heightCm: z.number().min(IV_INPUT_LIMITS.heightCm.min).max(IV_INPUT_LIMITS.heightCm.max).optional(),
  weightKg: z.number().min(IV_INPUT_LIMITS.weightKg.min).max(IV_INPUT_LIMITS.weightKg.max).optional(),
  baselineVitals: BaselineVitals.optional(),
});

export type IntakeFactsFields = z.infer<typeof IntakeFactsInput>;

/** The medicine classes intake flags for the prescriber (sedation, blood pressure, interactions). */
export const FLAGGED_MEDICATION_CLASSES: readonly MedicationClass[] = [
  'benzodiazepine',
  'other-sedative',
  'psychostimulant',
  'maoi',
  'lamotrigine',
  'opioid',
];

export type MedicationFlag = { medication: string; classes: MedicationClass[]; labels: string[] };

export function medicationFlags(facts: IntakeFacts): MedicationFlag[] {
  return (facts.currentMedications ?? []).flatMap((medication) => {
    const classes = medication.classes.filter((c) => FLAGGED_MEDICATION_CLASSES.includes(c));
    return classes.length > 0
      ? [{ medication: medication.name, classes, labels: classes.map((c) => MEDICATION_CLASS_LABELS[c]) }]
      : [];
  });
}
