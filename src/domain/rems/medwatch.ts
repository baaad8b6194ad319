import type { Provenance } from '../evidence.ts';

/**
 * The facts of a serious adverse event, after FDA MedWatch Form 3500 (`medwatch-3500`, general
 * knowledge: a starting list the clinic extends with its own questions, as with DEA Form 106).
 */
export const SAE_OUTCOMES = [
  'death',
  'life-threatening',
  'hospitalisation',
  'disability',
  'required-intervention',
  'other-serious',
] as const;
export type SaeOutcome = (typeof SAE_OUTCOMES)[number];

export const SAE_OUTCOME_LABELS: Record<SaeOutcome, string> = {
  death: 'Death',
  'life-threatening': 'Life-threatening',
  hospitalisation: 'Hospitalisation (initial or prolonged)',
  disability: 'Disability or permanent damage',
  'required-intervention': 'Required intervention to prevent permanent impairment',
  'other-serious': 'Other serious (important medical event)',
};

export const CHALLENGE_ANSWERS = ['yes', 'no', 'unknown', 'not-applicable'] as const;
export type ChallengeAnswer = (typeof CHALLENGE_ANSWERS)[number];

export type MedwatchField = {
  key: string;
  label: string;
  section: 'patient' | 'event' | 'product' | 'other-products' | 'reporter' | 'clinic';
  required: boolean;
  builtIn: boolean;
  /** Filled from the session and the patient's record rather than typed. */
  fromRecord: boolean;
};

export const BUILT_IN_MEDWATCH_FIELDS: readonly MedwatchField[] = [
  f('patientIdentifier', 'Patient identifier (initials)', 'patient', true, true),
  f('age', 'Age at the event', 'patient', true, true),
  f('sex', 'Sex', 'patient', true, true),
  f('weightKg', 'Weight (kg)', 'patient', false, false),
  f('description', 'Describe the event', 'event', true, false),
  f('eventDate', 'Date of the event', 'event', true, false),
  f('outcomes', 'Outcomes attributed to the event', 'event', true, false),
  f('relevantTests', 'Relevant tests and laboratory data, with dates', 'event', false, false),
  f('productName', 'Suspect product name', 'product', true, true),
  f('strength', 'Strength', 'product', true, true),
  f('lotNumber', 'Lot number', 'product', false, true),
  f('dose', 'Dose', 'product', true, true),
  f('route', 'Route', 'product', true, true),
  f('frequency', 'Frequency', 'product', false, false),
  f('therapyDates', 'Therapy dates (start and stop)', 'product', false, false),
  f('reasonForUse', 'Reason for use', 'product', false, false),
  f('abatedOnStop', 'Did the event abate after use stopped or the dose was reduced?', 'product', true, false),
  f('reappearedOnRestart', 'Did the event reappear after reintroduction?', 'product', true, false),
  f('otherProducts', 'Other medical products in use and therapy dates', 'other-products', false, false),
  f('reporter', 'Reporter (name, address, telephone, email)', 'reporter', true, true),
];

function f(
  key: string,
  label: string,
  section: MedwatchField['section'],
  required: boolean,
  fromRecord: boolean,
): MedwatchField {
  return { key, label, section, required, builtIn: true, fromRecord };
}

export const MEDWATCH_FORM: Provenance & { readonly note: string } = {
  note: 'MedWatch 3500 fields as a starting list; the clinic adds its own questions',
  evidence: ['medwatch-3500'],
  clinicPolicy: true,
};

/** Whole years between a date of birth and a day (both YYYY-MM-DD). */
export function ageOn(dateOfBirth: string, day: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Initials of given and family names: an identifier that is not the name (MedWatch asks for no name). */
export function initials(given: string, family: string): string {
  return `${given.trim().charAt(0)}${family.trim().charAt(0)}`.toUpperCase();
}
