import type { Provenance } from '../evidence.ts';

/**
 * The SPRAVATO REMS Patient Monitoring Form (reference §1.4, `spravato-rems`): completed after every
 * outpatient esketamine session and submitted within 7 days. Ketaflow fills it from the signed note;
 * staff submit it (SPRAVATOrems.com or fax) and record that they did.
 */
export const REMS_FORM_DUE_DAYS: Provenance & { readonly value: number; readonly note: string } = {
  value: 7,
  note: 'Submit the Patient Monitoring Form within 7 days of the session',
  evidence: ['spravato-rems'],
};

export const REMS_SUBMIT_HOW =
  'Submit it online at SPRAVATOrems.com or by fax to 1-877-778-0091; Ketaflow does not submit it for you.';

/** The last day to submit: the treatment date (the location's calendar day) plus 7 days. */
export function remsFormDueBy(treatmentDate: string): string {
  const date = new Date(`${treatmentDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + REMS_FORM_DUE_DAYS.value);
  return date.toISOString().slice(0, 10);
}

export type RemsFormStatus = 'due' | 'overdue' | 'submitted';

/** Overdue from the day after the due date (the location's calendar day). */
export function remsFormStatus(dueBy: string, today: string, submitted: boolean): RemsFormStatus {
  if (submitted) return 'submitted';
  return today > dueBy ? 'overdue' : 'due';
}

/** The concomitant-medication questions (Y/N each); the video version of the form adds opioids. */
export const CONCOMITANT_MEDICATIONS = [
  { key: 'benzodiazepines', label: 'Benzodiazepines' },
  { key: 'nonBenzodiazepineSedativeHypnotics', label: 'Non-benzodiazepine sedative hypnotics' },
  { key: 'psychostimulants', label: 'Psychostimulants' },
  { key: 'maois', label: 'Monoamine oxidase inhibitors (MAOIs)' },
  { key: 'opioids', label: 'Opioids' },
] as const;
export type ConcomitantMedication = (typeof CONCOMITANT_MEDICATIONS)[number]['key'];

/**
 * Answers that may come from the patient's previous form when this session has none yet: what rarely
 * changes between sessions and is not part of this session's note. Staff confirm them before
 * submitting. Everything about the session itself (date, dose, lot, times, vitals, adverse effects)
 * comes only from this session's note.
 */
export const PREFILL_FROM_PREVIOUS: Provenance & { readonly keys: readonly string[]; readonly note: string } =
  {
    keys: [...CONCOMITANT_MEDICATIONS.map((m) => `concomitant.${m.key}`), 'providerPhone'],
    note: 'Concomitant medications and the monitoring provider’s telephone carry over from the previous form, to be confirmed',
    evidence: ['spravato-rems'],
    clinicPolicy: true,
  };

/** How an adverse-effect item is answered from the note; clinic-added items are answered by staff. */
export type AdverseEffectRule =
  | 'sedation'
  | 'dissociation'
  | 'respiratory-depression'
  | 'blood-pressure-increase'
  | 'other'
  | 'serious-adverse-event';

export type AdverseEffectItem = { key: string; label: string };

/**
 * The adverse-effect section. The stored copy of the form is cut off after "Did the patient experience
 * sedation / dissociation / …" (reference §1.4 and §7), so this list is a clinic policy the clinic
 * aligns with the form it has.
 */
export const DEFAULT_REMS_ADVERSE_EFFECTS: Provenance & {
  readonly items: readonly (AdverseEffectItem & { key: AdverseEffectRule })[];
} = {
  items: [
    { key: 'sedation', label: 'Sedation' },
    { key: 'dissociation', label: 'Dissociation' },
    { key: 'respiratory-depression', label: 'Respiratory depression' },
    { key: 'blood-pressure-increase', label: 'Increase in blood pressure' },
    { key: 'other', label: 'Other adverse effect' },
    { key: 'serious-adverse-event', label: 'Serious adverse event' },
  ],
  evidence: ['spravato-rems'],
  clinicPolicy: true,
};

export const ADVERSE_EFFECT_RULES: readonly string[] = DEFAULT_REMS_ADVERSE_EFFECTS.items.map((i) => i.key);

/**
 * A rise that counts as a blood-pressure increase: the label reports rises of ≥ 40 mmHg systolic or
 * ≥ 25 mmHg diastolic over the pre-dose reading; using them to answer the form is a clinic policy. A
 * charted hypertension event or a crossed blood-pressure alert counts too.
 */
export const BP_INCREASE: Provenance & {
  readonly systolicRiseMmHg: number;
  readonly diastolicRiseMmHg: number;
} = {
  systolicRiseMmHg: 40,
  diastolicRiseMmHg: 25,
  evidence: ['spravato-pi'],
  clinicPolicy: true,
};

/** Sedation: any MOAA/S below 5 after the dose (`chernik-1990-moaas`); dissociation: any rating above 0. */
export const SEDATION_DISSOCIATION: Provenance & { readonly note: string } = {
  note: 'Sedation when any MOAA/S after the dose was below 5; dissociation when any rating after the dose was above 0',
  evidence: ['chernik-1990-moaas', 'bremner-1998-cadss', 'spravato-rems'],
  clinicPolicy: true,
};

/**
 * Respiratory depression: an SpO2 below the clinic's low-SpO2 alert threshold after the dose, or a
 * charted low-SpO2 event. The REMS asks for pulse oximetry; the cut-off is the clinic's.
 */
export const RESPIRATORY_DEPRESSION: Provenance & { readonly note: string } = {
  note: 'Any SpO2 after the dose below the clinic’s low-SpO2 alert threshold, or a charted low-SpO2 event',
  evidence: ['spravato-rems'],
  clinicPolicy: true,
};

/**
 * The REMS asks for the blood pressure 40 minutes after dosing (the label: about 40 min); the reading
 * nearest 40 min counts if it is within 20 min of it, a window that is the clinic's policy.
 */
export const BP_AFTER_DOSE: Provenance & { readonly minutes: number; readonly windowMin: number } = {
  minutes: 40,
  windowMin: 20,
  evidence: ['spravato-pi', 'spravato-rems'],
  clinicPolicy: true,
};

export function sexOnForm(sexAtBirth: string): 'M' | 'F' | 'Other' {
  if (sexAtBirth === 'male') return 'M';
  if (sexAtBirth === 'female') return 'F';
  return 'Other';
}

/** MM/DD/YYYY, as the form asks. */
export function usDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${m}/${d}/${y}`;
}

/** The form's dose choices: 56 mg, 84 mg, or Other with the amount. */
export function doseOnForm(doseMg: number): string {
  return doseMg === 56 || doseMg === 84 ? `${doseMg} mg` : `Other: ${doseMg} mg`;
}
