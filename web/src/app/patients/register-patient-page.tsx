import { useEffect, useRef, useState } from 'react';
import { api, type DuplicatePatient, isApiError } from '../../api.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDate } from '../../format.ts';
import { can } from '../../permissions.ts';
import { Link, navigate } from '../../router.ts';
import { useMe } from '../../session.tsx';
import { ForbiddenPage } from '../not-found-page.tsx';
import { emptyPatientForm, PatientForm, type PatientFormValues, patientBody } from './patient-form.tsx';
import { clinicianChoices, useStaff } from './use-staff.ts';

function DuplicateWarning({
  duplicate,
  values,
  busy,
  onConfirm,
  onCancel,
}: {
  duplicate: DuplicatePatient[];
  values: PatientFormValues;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div
      className="alert alert-warning stack"
      role="alert"
      tabIndex={-1}
      ref={ref}
      aria-labelledby="dup-heading"
    >
      <h2 id="dup-heading">Possible duplicate patient</h2>
      <p>
        A patient named {values.legalGivenName.trim()} {values.legalFamilyName.trim()}, born{' '}
        {formatDate(values.dateOfBirth)}, is already registered. Check the existing record is not the same
        person before registering a new one.
      </p>
      {duplicate.length ? (
        <ul>
          {duplicate.map((m) => (
            <li key={m.id}>
              <Link to={`/app/patients/${m.id}`} target="_blank" rel="noopener">
                Open {m.mrn}
                <span className="visually-hidden"> (opens in a new tab)</span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="actions">
        <button type="button" className="button button-warning" onClick={onConfirm} disabled={busy}>
          {busy ? 'Registering…' : 'Register anyway'}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Change the details
        </button>
      </div>
    </div>
  );
}

export function RegisterPatientPage() {
  const me = useMe();
  const [values, setValues] = useState<PatientFormValues>(emptyPatientForm);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [duplicate, setDuplicate] = useState<DuplicatePatient[] | null>(null);
  const { staff } = useStaff();

  if (!can(me, 'patients:write'))
    return <ForbiddenPage reason="Registering patients is not part of your role." />;

  const clinicians = clinicianChoices(staff, me);

  const register = async (confirmDuplicate: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const body = patientBody(values);
      const created = await api.registerPatient({
        ...body,
        ...(values.mrn.trim() ? { mrn: values.mrn.trim() } : {}),
        ...(confirmDuplicate ? { confirmDuplicate: true } : {}),
      });
      navigate(`/app/patients/${created.id}`, { state: { registered: true } });
    } catch (e) {
      if (isApiError(e) && e.status === 409 && !confirmDuplicate) {
        setDuplicate(e.duplicates ?? []);
      } else {
        setDuplicate(null);
        setError(e);
      }
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title="Register patient" />
      <p className="lead">
        Fields marked optional can be filled in later. <Link to="/app/patients">Back to patients</Link>
      </p>
      <div className="card">
        <PatientForm
          mode="register"
          values={values}
          onChange={(v) => {
            setValues(v);
            if (duplicate) setDuplicate(null);
          }}
          onSubmit={() => register(false)}
          error={error}
          busy={busy && !duplicate}
          submitLabel="Register patient"
          busyLabel="Registering…"
          clinicians={clinicians}
          notice={
            duplicate ? (
              <DuplicateWarning
                duplicate={duplicate}
                values={values}
                busy={busy}
                onConfirm={() => register(true)}
                onCancel={() => {
                  setDuplicate(null);
                  document
                    .getElementById('main')
                    ?.querySelector<HTMLInputElement>('input[name="legalGivenName"]')
                    ?.focus();
                }}
              />
            ) : null
          }
        />
      </div>
    </>
  );
}
