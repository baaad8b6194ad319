// Typed client for the REMS monitoring forms and serious adverse events (docs/rems-and-adverse-events.md).
import type { FieldSource, FormField, RemsForm } from '../../../src/domain/rems/form-shape.ts';
import type { RemsFormStatus } from '../../../src/domain/rems/monitoring-form.ts';
import { query, request } from '../api.ts';

export type { FieldSource, RemsForm, RemsFormStatus };
export type RemsFormField = FormField;

export const REMS_STATUS_LABELS: Record<RemsFormStatus, string> = {
  due: 'Due',
  overdue: 'Overdue',
  submitted: 'Submitted',
};

export type RemsDashboardItem = {
  sessionId: string;
  patient: { id: string; name: string; mrn: string };
  location: { id: string; name: string };
  treatmentDate: string;
  dueBy: string;
  status: RemsFormStatus;
  daysLeft: number;
  noteSigned: boolean;
  submission: { submittedAt: string; submittedByName: string; confirmationNumber: string | null } | null;
};

export const SOURCE_LABELS: Record<FieldSource, string> = {
  note: 'From the signed note',
  'patient-record': 'From the patient record',
  'clinic-record': 'From the clinic’s records',
  staff: 'Answered by staff',
  'previous-session': 'From the previous form: confirm',
  none: 'Not answered yet',
};

export type YesNo = 'yes' | 'no';

export type RemsAnswers = {
  concomitant?: Partial<Record<string, YesNo>>;
  providerPhone?: string | null;
  minutesUntilReadyToLeave?: number | null;
  adverseEffects?: Record<string, YesNo>;
};

export type MedwatchField = {
  key: string;
  label: string;
  section: string;
  required: boolean;
  builtIn: boolean;
  fromRecord: boolean;
};

export type SeriousAdverseEvent = {
  id: string;
  sessionId: string;
  patient: { id: string; name: string; mrn: string };
  eventDate: string;
  outcomes: string[];
  fields: { key: string; label: string; section: string; value: string }[];
  recordedBy: string;
  recordedByName: string;
  recordedAt: string;
  evidence: string[];
};

export type SaeInput = {
  eventDate: string;
  description: string;
  outcomes: string[];
  relevantTests?: string | null;
  weightKg?: number;
  strength?: string | null;
  dose?: string | null;
  frequency?: string | null;
  therapyStartDate?: string;
  therapyEndDate?: string;
  reasonForUse?: string | null;
  abatedOnStop: string;
  reappearedOnRestart: string;
  otherProducts?: string | null;
  reporterPhone?: string | null;
  extra?: Record<string, string>;
};

export type SaeFilter = { from?: string; to?: string; sessionId?: string; patientId?: string };

const V1 = '/api/v1';

export const remsFormPdfUrl = (sessionId: string) => `${V1}/sessions/${sessionId}/rems-form.pdf`;
export const saeCsvUrl = (filter: SaeFilter = {}) => `${V1}/adverse-events/export.csv${query(filter)}`;
export const saePdfUrl = (id: string) => `${V1}/adverse-events/${id}/medwatch.pdf`;

export type AdverseEffectItems = { items: { key: string; label: string }[]; clinicDefined: boolean };

export const remsApi = {
  reportLists: () =>
    request<{ adverseEffectItems: AdverseEffectItems; medwatch: { fields: MedwatchField[] } }>(
      'GET',
      '/settings/safety-report-lists',
    ),
  setAdverseEffectItems: (items: { key: string; label: string }[]) =>
    request<AdverseEffectItems>('PUT', '/rems/adverse-effect-items', { body: { items } }),
  setMedwatchFields: (fields: { key: string; label: string; required: boolean }[]) =>
    request<{ fields: MedwatchField[] }>('PUT', '/adverse-events/form', { body: { fields } }),
  forms: (filter: { status?: RemsFormStatus; from?: string; to?: string }) =>
    request<{ forms: RemsDashboardItem[] }>('GET', `/rems/forms${query(filter)}`),
  form: (sessionId: string) => request<RemsForm>('GET', `/sessions/${sessionId}/rems-form`),
  saveAnswers: (sessionId: string, body: RemsAnswers) =>
    request<RemsForm>('PUT', `/sessions/${sessionId}/rems-form/answers`, { body }),
  markSubmitted: (sessionId: string, body: { submittedAt?: string; confirmationNumber?: string | null }) =>
    request<RemsForm>('POST', `/sessions/${sessionId}/rems-form/submitted`, { body }),
  medwatchForm: () => request<{ fields: MedwatchField[] }>('GET', '/adverse-events/form'),
  recordSae: (sessionId: string, body: SaeInput) =>
    request<SeriousAdverseEvent>('POST', `/sessions/${sessionId}/serious-adverse-events`, { body }),
  listSaes: (filter: SaeFilter = {}) =>
    request<{ events: SeriousAdverseEvent[] }>('GET', `/adverse-events${query(filter)}`),
};
