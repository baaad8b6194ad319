import type { MedicationClass } from '../../../../src/domain/eligibility/index.ts';

/**
 * The classes intake flags for the prescriber while a clinician edits (sedation, blood pressure,
 * interactions). The same list as FLAGGED_MEDICATION_CLASSES in the server's intake feature, which
 * the browser cannot import; saved records show the server's own `medicationFlags`.
 */
export const FLAGGED_CLASSES: readonly MedicationClass[] = [
  'benzodiazepine',
  'other-sedative',
  'psychostimulant',
  'maoi',
  'lamotrigine',
  'opioid',
];
