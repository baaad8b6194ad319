import type { Vitals } from '../../../domain/monitoring/index.ts';
import type { AdverseEffectItem, RemsFormStatus } from '../../../domain/rems/monitoring-form.ts';
import type { SessionView } from '../sessions/service.ts';
import type { Answers, SessionRecord, SubmissionRow } from './store.ts';

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

export type FormFacts = {
  record: SessionRecord;
  view: SessionView;
  provider: { name: string; email: string } | null;
  enrolment: { enrolledAt: string; reference: string | null } | null;
  firstTreatment: boolean;
  answers: Answers;
  previous: { sessionId: string; answers: Answers } | null;
  adverseEffectItems: AdverseEffectItem[];
  seriousAdverseEvents: { id: string; eventDate: string; outcomes: string[] }[];
  submission: SubmissionRow | undefined;
};

export type Check = { at: number; vitals: Vitals; moaas?: number; dissociation?: number };

export const yesNo = (v: boolean) => (v ? 'Yes' : 'No');

export function checksOf(view: SessionView): { pre: Check[]; post: Check[] } {
  const all = view.entries
    .filter((e) => e.kind === 'check')
    .map((e) => ({
      preDose: e.preDose,
      at: Date.parse(e.clientAt),
      vitals: (e.data.vitals ?? {}) as Vitals,
      moaas: e.data.moaas as number | undefined,
      dissociation: e.data.dissociation as number | undefined,
    }));
  return { pre: all.filter((c) => c.preDose), post: all.filter((c) => !c.preDose) };
}

export const hasBp = (c: Check) =>
  c.vitals.systolicMmHg !== undefined && c.vitals.diastolicMmHg !== undefined;
export const bp = (c: Check | undefined) =>
  c ? `${c.vitals.systolicMmHg}/${c.vitals.diastolicMmHg} mmHg` : null;

export function answer(answers: Answers, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Answers)[k] : undefined), answers);
}
