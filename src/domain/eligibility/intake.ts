import type { CssrsRisk } from '../instruments/index.ts';

/**
 * What the intake records and the eligibility rules read. Everything is optional because an intake
 * is filled in over time: an absent fact means "not asked yet", never "no". A rule that needs an
 * absent fact is reported as unanswered instead of being passed.
 */
export type IntakeFacts = {
  readonly psychiatricHistory?: PsychiatricHistory;
  readonly psychosisOrMania?: PsychosisOrMania;
  /** Every substance asked about; an empty list means none. */
  readonly substanceUse?: readonly SubstanceUse[];
  readonly medicalHistory?: MedicalHistory;
  /** Every current medicine; an empty list means none. */
  readonly currentMedications?: readonly Medication[];
  /** Every allergy; an empty list means none known. */
  readonly allergies?: readonly Allergy[];
  readonly heightCm?: number;
  readonly weightKg?: number;
  readonly baselineVitals?: BaselineVitals;
  readonly baselineScores?: BaselineScores;
};

export type PsychiatricHistory = {
  /** Diagnoses as written (or coded) by the assessing clinician. */
  readonly diagnoses?: readonly string[];
  readonly currentEpisodeMonths?: number;
  readonly antidepressantTrials?: readonly AntidepressantTrial[];
  readonly psychotherapy?: TreatmentHistory;
  readonly ect?: TreatmentHistory;
  readonly tms?: TreatmentHistory;
  /** Major depression with acute suicidal ideation or behaviour: the esketamine label's second indication. */
  readonly acuteSuicidalIdeationOrBehaviour?: boolean;
};

export type TrialResponse = 'none' | 'partial' | 'response' | 'remission';

export type AntidepressantTrial = {
  readonly drug: string;
  /** As prescribed, e.g. "150 mg daily". */
  readonly dose?: string;
  readonly durationWeeks?: number;
  readonly adherence?: 'good' | 'partial' | 'poor';
  readonly response?: TrialResponse;
  readonly currentEpisode: boolean;
  /**
   * The prescriber's judgement that dose and duration were adequate. Ketaflow holds no table of
   * adequate doses per drug, so it does not guess; an unjudged trial is not counted.
   */
  readonly adequate?: boolean;
};

export type TreatmentHistory = {
  readonly received: boolean;
  readonly details?: string;
  readonly response?: TrialResponse;
};

export type PsychosisOrMania = {
  readonly activePsychosis?: boolean;
  readonly activeMania?: boolean;
  readonly pastPsychosis?: boolean;
  readonly pastMania?: boolean;
};

export type Substance = 'ketamine' | 'pcp' | 'alcohol' | 'cannabis' | 'other';

export type SubstanceUse = {
  readonly substance: Substance;
  /** What "other" is. */
  readonly name?: string;
  readonly currentUse?: boolean;
  readonly disorder: 'none' | 'past' | 'current';
};

export type MedicalHistory = {
  readonly hypertension?: 'none' | 'controlled' | 'uncontrolled';
  readonly heartDisease?: boolean;
  readonly aneurysmalVascularDiseaseOrAvm?: boolean;
  readonly intracerebralHaemorrhage?: boolean;
  readonly stroke?: boolean;
  readonly seizures?: boolean;
  readonly liverDisease?: boolean;
  readonly bladderSymptoms?: boolean;
  readonly raisedIntracranialPressure?: boolean;
  readonly raisedIntraocularPressure?: boolean;
  readonly pregnant?: boolean;
  readonly breastfeeding?: boolean;
};

export type MedicalFlag = Exclude<keyof MedicalHistory, 'hypertension'>;

export const MEDICAL_FLAG_LABELS: Readonly<Record<MedicalFlag, string>> = {
  heartDisease: 'heart disease',
  aneurysmalVascularDiseaseOrAvm: 'aneurysmal vascular disease or arteriovenous malformation',
  intracerebralHaemorrhage: 'intracerebral haemorrhage',
  stroke: 'stroke',
  seizures: 'seizures',
  liverDisease: 'liver disease',
  bladderSymptoms: 'bladder symptoms',
  raisedIntracranialPressure: 'raised intracranial pressure',
  raisedIntraocularPressure: 'raised intraocular pressure',
  pregnant: 'pregnancy',
  breastfeeding: 'breastfeeding',
};

/** The classes intake flags; a medicine may be in several. Staff classify; Ketaflow does not guess. */
export type MedicationClass =
  | 'benzodiazepine'
  | 'other-sedative'
  | 'psychostimulant'
  | 'maoi'
  | 'lamotrigine'
  | 'opioid'
  | 'antidepressant'
  | 'other';

export const MEDICATION_CLASS_LABELS: Readonly<Record<MedicationClass, string>> = {
  benzodiazepine: 'benzodiazepine',
  'other-sedative': 'sedative',
  psychostimulant: 'psychostimulant',
  maoi: 'MAOI',
  lamotrigine: 'lamotrigine',
  opioid: 'opioid',
  antidepressant: 'antidepressant',
  other: 'other',
};

export type Medication = {
  readonly name: string;
  readonly dose?: string;
  readonly classes: readonly MedicationClass[];
};

export type Allergy = {
  readonly substance: 'ketamine' | 'esketamine' | 'other';
  readonly name?: string;
  readonly reaction?: string;
};

export type BaselineVitals = {
  readonly systolicMmHg: number;
  readonly diastolicMmHg: number;
  readonly heartRateBpm?: number;
  readonly spo2Percent?: number;
};

export type BaselineScores = {
  readonly phq9?: number;
  readonly gad7?: number;
  readonly madrs?: number;
  readonly cssrsRisk?: CssrsRisk;
};
