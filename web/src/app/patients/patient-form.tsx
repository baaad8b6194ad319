import type { FormEvent, ReactNode } from 'react';
import {
  PATIENT_STATUS_LABELS,
  PATIENT_STATUSES,
  type Patient,
  type PatientFields,
  type PatientStatus,
  SEX_AT_BIRTH_LABELS,
  SEXES_AT_BIRTH,
  type SexAtBirth,
} from '../../api.ts';
import { ErrorAlert, fieldErrorsOf } from '../../components/error-alert.tsx';
import { SelectField, TextField } from '../../components/field.tsx';
import { todayIso } from '../../format.ts';

/** What the inputs hold: every field as text, blank for nothing. */
export type PatientFormValues = Record<Exclude<keyof PatientFields, 'sexAtBirth' | 'status'>, string> & {
  sexAtBirth: SexAtBirth | '';
  status: PatientStatus;
  mrn: string;
};

const TEXT_KEYS = [
  'legalGivenName',
  'legalFamilyName',
  'preferredName',
  'dateOfBirth',
  'genderIdentity',
  'pronouns',
  'phone',
  'email',
  'addressLine1',
  'addressLine2',
  'city',
  'state',
  'postalCode',
  'emergencyContactName',
  'emergencyContactPhone',
  'emergencyContactRelationship',
  'driverName',
  'driverPhone',
  'referringClinician',
  'primaryClinicianId',
] as const;

export const PATIENT_FORM_FIELDS: readonly string[] = [...TEXT_KEYS, 'sexAtBirth', 'status', 'mrn'];

export function emptyPatientForm(): PatientFormValues {
  const values = Object.fromEntries(TEXT_KEYS.map((k) => [k, ''])) as Record<
    (typeof TEXT_KEYS)[number],
    string
  >;
  return { ...values, sexAtBirth: '', status: 'lead', mrn: '' };
}

export function patientFormFrom(p: Patient): PatientFormValues {
  const values = Object.fromEntries(TEXT_KEYS.map((k) => [k, p[k] ?? ''])) as Record<
    (typeof TEXT_KEYS)[number],
    string
  >;
  return { ...values, sexAtBirth: p.sexAtBirth, status: p.status, mrn: p.mrn };
}

/** Trimmed, blanks as null. An unchosen sex at birth is sent as is, so the server names it. */
export function patientBody(v: PatientFormValues): PatientFields {
  const text = Object.fromEntries(TEXT_KEYS.map((k) => [k, v[k].trim() || null])) as Record<
    (typeof TEXT_KEYS)[number],
    string | null
  >;
  return {
    ...text,
    legalGivenName: v.legalGivenName.trim(),
    legalFamilyName: v.legalFamilyName.trim(),
    dateOfBirth: v.dateOfBirth.trim(),
    sexAtBirth: v.sexAtBirth as SexAtBirth,
    status: v.status,
  };
}

// The server's own wording for a missing choice names the enum; these read better next to a select.
const FRIENDLIER: Record<string, string> = {
  sexAtBirth: 'Choose the sex assigned at birth.',
  status: 'Choose a status.',
  primaryClinicianId: 'Choose an active staff member of this clinic.',
};

export type ClinicianChoice = { id: string; name: string };

type Props = {
  values: PatientFormValues;
  onChange: (values: PatientFormValues) => void;
  onSubmit: () => void;
  error: unknown;
  busy: boolean;
  submitLabel: string;
  busyLabel: string;
  mode: 'register' | 'edit';
  /** Who may be chosen as primary clinician (active clinical staff of the clinic). */
  clinicians: ClinicianChoice[];
  /** Shown between the error summary and the first group (the duplicate warning). */
  notice?: ReactNode;
  secondaryAction?: ReactNode;
};

export function PatientForm({
  values,
  onChange,
  onSubmit,
  error,
  busy,
  submitLabel,
  busyLabel,
  mode,
  clinicians,
  notice,
  secondaryAction,
}: Props) {
  const raw = fieldErrorsOf(error);
  const errors: Record<string, string> = Object.fromEntries(
    Object.entries(raw).map(([k, m]) => [
      k,
      FRIENDLIER[k] && /expected|Invalid/i.test(m) ? FRIENDLIER[k] : m,
    ]),
  );
  const set = (key: keyof PatientFormValues) => (value: string) => onChange({ ...values, [key]: value });
  const text = (
    key: (typeof TEXT_KEYS)[number] | 'mrn',
    label: string,
    extra: Partial<Parameters<typeof TextField>[0]> = {},
  ) => (
    <TextField
      label={label}
      name={key}
      autoComplete="off"
      optional
      value={values[key]}
      onChange={set(key)}
      error={errors[key]}
      {...extra}
    />
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  const known = new Set(clinicians.map((c) => c.id));

  return (
    <form onSubmit={submit} noValidate className="stack patient-form">
      <ErrorAlert error={error} fieldsShown={[...PATIENT_FORM_FIELDS, 'confirmDuplicate', 'version']} />
      {notice}
      <fieldset className="form-group">
        <legend>Identity</legend>
        <div className="grid-2">
          {text('legalGivenName', 'Legal given name', { optional: false })}
          {text('legalFamilyName', 'Legal family name', { optional: false })}
          {text('preferredName', 'Preferred name', { hint: 'What the patient likes to be called.' })}
          <TextField
            label="Date of birth"
            name="dateOfBirth"
            type="date"
            min="1900-01-01"
            max={todayIso()}
            value={values.dateOfBirth}
            onChange={set('dateOfBirth')}
            error={errors.dateOfBirth}
          />
          <SelectField
            label="Sex assigned at birth"
            name="sexAtBirth"
            value={values.sexAtBirth}
            onChange={set('sexAtBirth')}
            error={errors.sexAtBirth}
            required
          >
            <option value="">Choose…</option>
            {SEXES_AT_BIRTH.map((s) => (
              <option key={s} value={s}>
                {SEX_AT_BIRTH_LABELS[s]}
              </option>
            ))}
          </SelectField>
          {text('genderIdentity', 'Gender identity')}
          {text('pronouns', 'Pronouns', { hint: 'For example she/her, he/him, they/them.' })}
          {text('mrn', 'Medical record number (MRN)', {
            optional: mode === 'register',
            hint: mode === 'register' ? 'Leave blank and Ketaflow assigns the next one.' : undefined,
            spellCheck: false,
          })}
        </div>
      </fieldset>

      <fieldset className="form-group">
        <legend>Contact</legend>
        <div className="grid-2">
          {text('phone', 'Phone', { type: 'tel', inputMode: 'tel' })}
          {text('email', 'Email', { type: 'email', spellCheck: false })}
          {text('addressLine1', 'Address line 1')}
          {text('addressLine2', 'Address line 2')}
        </div>
        <div className="grid-3">
          {text('city', 'City')}
          {text('state', 'State')}
          {text('postalCode', 'ZIP code', { inputMode: 'numeric' })}
        </div>
      </fieldset>

      <fieldset className="form-group">
        <legend>Emergency contact</legend>
        <div className="grid-3">
          {text('emergencyContactName', 'Name')}
          {text('emergencyContactPhone', 'Phone', { type: 'tel', inputMode: 'tel' })}
          {text('emergencyContactRelationship', 'Relationship')}
        </div>
      </fieldset>

      <fieldset className="form-group">
        <legend>Ride home</legend>
        <p className="hint">Who drives the patient home after a ketamine or esketamine treatment.</p>
        <div className="grid-2">
          {text('driverName', 'Driver’s name')}
          {text('driverPhone', 'Driver’s phone', { type: 'tel', inputMode: 'tel' })}
        </div>
      </fieldset>

      <fieldset className="form-group">
        <legend>Care</legend>
        <div className="grid-3">
          <SelectField
            label="Status"
            name="status"
            value={values.status}
            onChange={set('status')}
            error={errors.status}
          >
            {PATIENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {PATIENT_STATUS_LABELS[s]}
              </option>
            ))}
          </SelectField>
          {text('referringClinician', 'Referring clinician')}
          <SelectField
            label="Primary clinician"
            name="primaryClinicianId"
            optional
            value={values.primaryClinicianId}
            onChange={set('primaryClinicianId')}
            error={errors.primaryClinicianId}
          >
            <option value="">None</option>
            {clinicians.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
            {values.primaryClinicianId && !known.has(values.primaryClinicianId) ? (
              <option value={values.primaryClinicianId}>
                Current primary clinician (no longer active staff)
              </option>
            ) : null}
          </SelectField>
        </div>
      </fieldset>

      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
        {secondaryAction}
      </div>
    </form>
  );
}
