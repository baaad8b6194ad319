import { createHash } from 'node:crypto';

/**
 * Consent forms as signed: each signature stores the form's id, version and the SHA-256 of the exact
 * text, so what was agreed to can be shown later. A changed text is a new version, never an edit.
 * The wording is a clinic-policy default (it rests on the esketamine label and common practice);
 * clinics review it with their own counsel.
 */
export type ConsentForm = {
  readonly id: string;
  readonly version: number;
  readonly title: string;
  /** Paragraphs, shown in order. */
  readonly text: readonly string[];
  /** What the signature means (21 CFR 11.50(a)(3)). */
  readonly meaning: string;
  /** Who signs it: the patient (through their link) or a signed-in clinician. */
  readonly signer: 'patient' | 'clinician';
  readonly clinicPolicy: true;
};

const FORMS: readonly ConsentForm[] = [
  {
    id: 'ketamine-treatment',
    version: 1,
    title: 'Consent to ketamine or esketamine treatment for depression',
    text: [
      'Ketamine (given into a vein) and esketamine (a nasal spray) are treatments for depression that has not improved with other treatments. IV ketamine for depression is used off-label.',
      'During and after each session you may feel detached or dreamlike (dissociation), sleepy, dizzy or sick, and your blood pressure may rise. Staff check you during the session and for at least the monitoring time of your protocol, and you go home only when they judge you ready.',
      'You must not drive or operate machinery until the next day after a restful sleep; someone else takes you home.',
      'Ketamine can be misused. Tell your care team about any alcohol or drug use, every medicine you take, and if you are or may become pregnant.',
      'Treatment is voluntary. You may stop at any time, and you may ask questions before every session.',
    ],
    meaning:
      'I consent to ketamine or esketamine treatment for depression as described above, and I confirm that what I have written in this history is true to the best of my knowledge.',
    signer: 'patient',
    clinicPolicy: true,
  },
  {
    id: 'consent-discussion',
    version: 1,
    title: 'Clinician’s confirmation of the consent discussion',
    text: [
      'I explained the treatment, its expected benefits, its risks (dissociation, sedation, raised blood pressure, nausea, misuse, bladder symptoms with repeated use) and the alternatives, and I answered the patient’s questions.',
    ],
    meaning:
      'I confirm that I held the consent discussion described above with this patient and that they consented.',
    signer: 'clinician',
    clinicPolicy: true,
  },
];

export function consentFormText(form: ConsentForm): string {
  return [form.title, ...form.text, form.meaning].join('\n\n');
}

export function consentFormHash(form: ConsentForm): string {
  return createHash('sha256').update(consentFormText(form)).digest('hex');
}

/** The current version of a form. */
export function findConsentForm(id: string): ConsentForm | undefined {
  return FORMS.filter((form) => form.id === id).sort((a, b) => b.version - a.version)[0];
}

export function consentFormVersion(id: string, version: number): ConsentForm | undefined {
  return FORMS.find((form) => form.id === id && form.version === version);
}

export const CONSENT_FORM_IDS = [...new Set(FORMS.map((form) => form.id))];

export const PATIENT_CONSENT_FORM = 'ketamine-treatment';
