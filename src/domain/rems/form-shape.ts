import type { RemsFormStatus } from './monitoring-form.ts';

// The REMS Patient Monitoring Form as the server sends it and the web app shows it: one shape for both.

/** Where a value on the form came from, so staff know what to check before they submit. */
export type FieldSource = 'note' | 'patient-record' | 'clinic-record' | 'staff' | 'previous-session' | 'none';

export type FormField = {
  key: string;
  label: string;
  value: string | null;
  source: FieldSource;
  required: boolean;
  detail?: string;
};

export type FormSection = {
  id: string;
  title: string;
  fields: FormField[];
  evidence: string[];
  clinicPolicy?: boolean;
  note?: string;
};

export type RemsForm = {
  sessionId: string;
  patientId: string;
  treatmentDate: string;
  dueBy: string;
  status: RemsFormStatus;
  submission: {
    submittedAt: string;
    submittedBy: string;
    submittedByName: string;
    confirmationNumber: string | null;
    recordedAt: string;
  } | null;
  notice: string;
  evidence: string[];
  sections: FormSection[];
  missing: string[];
  prefilledFrom: { sessionId: string; keys: string[] } | null;
};
