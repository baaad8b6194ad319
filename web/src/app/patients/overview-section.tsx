import { type ReactNode, useState } from 'react';
import { api, isApiError, PATIENT_STATUS_LABELS, type Patient, SEX_AT_BIRTH_LABELS } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { SectionHeading } from '../../components/section-heading.tsx';
import { formatDate, formatDateTime, formatRoles } from '../../format.ts';
import { can } from '../../permissions.ts';
import { useLocation } from '../../router.ts';
import { useMe } from '../../session.tsx';
import {
  type ClinicianChoice,
  PatientForm,
  type PatientFormValues,
  patientBody,
  patientFormFrom,
} from './patient-form.tsx';

function Facts({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="facts-group">
      <h3>{title}</h3>
      <dl className="facts">{children}</dl>
    </div>
  );
}

function Fact({ term, children }: { term: string; children?: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>
        {children === null || children === undefined || children === '' ? (
          <span className="muted">—</span>
        ) : (
          children
        )}
      </dd>
    </div>
  );
}

function Phone({ number }: { number: string | null }) {
  return number ? <a href={`tel:${number}`}>{number}</a> : null;
}

function primaryClinicianName(patient: Patient): string | null {
  if (!patient.primaryClinicianId) return null;
  const member = patient.careTeam.find((m) => m.id === patient.primaryClinicianId);
  return member ? member.name : 'Set (not on the care team)';
}

function Details({ patient }: { patient: Patient }) {
  const address = [
    patient.addressLine1,
    patient.addressLine2,
    [patient.city, [patient.state, patient.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', '),
  ].filter(Boolean);
  return (
    <div className="facts-grid">
      <Facts title="Identity">
        <Fact term="Legal name">
          {patient.legalGivenName} {patient.legalFamilyName}
        </Fact>
        <Fact term="Preferred name">{patient.preferredName}</Fact>
        <Fact term="Date of birth">{formatDate(patient.dateOfBirth)}</Fact>
        <Fact term="Sex at birth">{SEX_AT_BIRTH_LABELS[patient.sexAtBirth]}</Fact>
        <Fact term="Gender identity">{patient.genderIdentity}</Fact>
        <Fact term="Pronouns">{patient.pronouns}</Fact>
        <Fact term="MRN">{patient.mrn}</Fact>
      </Facts>
      <Facts title="Contact">
        <Fact term="Phone">{patient.phone ? <Phone number={patient.phone} /> : null}</Fact>
        <Fact term="Email">{patient.email}</Fact>
        <Fact term="Address">
          {address.length
            ? address.map((line) => (
                <span key={line} className="block">
                  {line}
                </span>
              ))
            : null}
        </Fact>
      </Facts>
      <Facts title="Emergency contact">
        <Fact term="Name">{patient.emergencyContactName}</Fact>
        <Fact term="Relationship">{patient.emergencyContactRelationship}</Fact>
        <Fact term="Phone">
          {patient.emergencyContactPhone ? <Phone number={patient.emergencyContactPhone} /> : null}
        </Fact>
      </Facts>
      <Facts title="Ride home">
        <Fact term="Driver">{patient.driverName}</Fact>
        <Fact term="Driver’s phone">
          {patient.driverPhone ? <Phone number={patient.driverPhone} /> : null}
        </Fact>
      </Facts>
      <Facts title="Care">
        <Fact term="Status">{PATIENT_STATUS_LABELS[patient.status]}</Fact>
        <Fact term="Referring clinician">{patient.referringClinician}</Fact>
        <Fact term="Primary clinician">{primaryClinicianName(patient)}</Fact>
        <Fact term="Registered">{formatDateTime(patient.createdAt)}</Fact>
        <Fact term="Last changed">{formatDateTime(patient.updatedAt)}</Fact>
      </Facts>
    </div>
  );
}

function clinicianChoices(patient: Patient, me: { id: string; name: string }, meIsClinician: boolean) {
  const choices: ClinicianChoice[] = patient.careTeam
    .filter((m) => m.roles.some((r) => r === 'prescriber' || r === 'nurse' || r === 'therapist'))
    .map((m) => ({ id: m.id, name: m.id === me.id ? `${m.name} (me)` : m.name }));
  if (meIsClinician && !choices.some((c) => c.id === me.id))
    choices.push({ id: me.id, name: `${me.name} (me)` });
  return choices;
}

function EditDetails({
  patient,
  onSaved,
  onCancel,
  onReload,
}: {
  patient: Patient;
  onSaved: (p: Patient) => void;
  onCancel: () => void;
  onReload: () => Promise<Patient | null>;
}) {
  const me = useMe();
  const [values, setValues] = useState<PatientFormValues>(() => patientFormFrom(patient));
  const [version, setVersion] = useState(patient.version);
  const [error, setError] = useState<unknown>(null);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const saved = await api.updatePatient(patient.id, {
        ...patientBody(values),
        mrn: values.mrn.trim(),
        version,
      });
      onSaved(saved);
    } catch (e) {
      setStale(isApiError(e) && e.status === 409);
      setError(e);
      setBusy(false);
    }
  };

  const reload = async () => {
    const fresh = await onReload();
    if (!fresh) return;
    setValues(patientFormFrom(fresh));
    setVersion(fresh.version);
    setError(null);
    setStale(false);
  };

  return (
    <PatientForm
      mode="edit"
      values={values}
      onChange={setValues}
      onSubmit={save}
      error={stale ? null : error}
      busy={busy}
      submitLabel="Save changes"
      busyLabel="Saving…"
      clinicians={clinicianChoices(patient, me, can(me, 'measures:record'))}
      notice={
        stale ? (
          <div className="alert alert-error stack" role="alert">
            <p>
              Someone else changed this record since you opened it, so your changes were not saved. Reload it
              to see their version, then make your change again.
            </p>
            <div className="actions">
              <button type="button" className="button" onClick={reload}>
                Reload the record
              </button>
            </div>
          </div>
        ) : null
      }
      secondaryAction={
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      }
    />
  );
}

function CareTeam({ patient, onChanged }: { patient: Patient; onChanged: (p: Patient) => void }) {
  const me = useMe();
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const writes = can(me, 'patients:write');
  const isClinician = can(me, 'measures:record');
  const onTeam = patient.careTeam.some((m) => m.id === me.id);

  const setTeam = async (ids: string[], done: string) => {
    setBusy(true);
    setError(null);
    setMessage('');
    try {
      onChanged(await api.setCareTeam(patient.id, ids));
      setMessage(done);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const ids = patient.careTeam.map((m) => m.id);

  return (
    <section className="card" aria-labelledby="care-team-heading">
      <h3 id="care-team-heading">Care team</h3>
      <p className="hint">The care team receives this patient’s suicide-risk alerts.</p>
      <p role="status" className="status-line">
        {message}
      </p>
      <ErrorAlert error={error} />
      {patient.careTeam.length === 0 ? (
        <p>No one is on the care team yet.</p>
      ) : (
        <ul className="team-list">
          {patient.careTeam.map((m) => (
            <li key={m.id}>
              <span>
                <strong>{m.name}</strong>
                {m.id === me.id ? ' (me)' : ''} <span className="muted">{formatRoles(m.roles)}</span>
              </span>
              {writes ? (
                <button
                  type="button"
                  className="button button-secondary button-small"
                  disabled={busy}
                  onClick={() =>
                    setTeam(
                      ids.filter((id) => id !== m.id),
                      `${m.id === me.id ? 'You were' : `${m.name} was`} removed from the care team.`,
                    )
                  }
                >
                  Remove<span className="visually-hidden"> {m.name} from the care team</span>
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {writes && isClinician && !onTeam ? (
        <div className="actions">
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() => setTeam([...ids, me.id], 'You were added to the care team.')}
          >
            Add me to the care team
          </button>
        </div>
      ) : null}
      {writes ? (
        <p className="hint">
          To add a colleague, ask them to open this record and choose “Add me to the care team”: the staff
          list is available to administrators only.
        </p>
      ) : null}
    </section>
  );
}

export function OverviewSection({
  patient,
  focus,
  onChanged,
  onReload,
}: {
  patient: Patient;
  focus: boolean;
  onChanged: (p: Patient) => void;
  onReload: () => Promise<Patient | null>;
}) {
  const me = useMe();
  const location = useLocation();
  const registered = (location.state as { registered?: boolean } | null)?.registered === true;
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState(registered ? `Patient registered with MRN ${patient.mrn}.` : '');

  return (
    <section aria-labelledby="overview-heading">
      <div className="section-title">
        <SectionHeading id="overview-heading" focus={focus}>
          {editing ? 'Edit details' : 'Details'}
        </SectionHeading>
        {can(me, 'patients:write') && !editing ? (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setMessage('');
              setEditing(true);
            }}
          >
            Edit details
          </button>
        ) : null}
      </div>
      <p role="status" className="status-line alert alert-success">
        {message}
      </p>
      {editing ? (
        <div className="card">
          <EditDetails
            patient={patient}
            onSaved={(saved) => {
              onChanged(saved);
              setEditing(false);
              setMessage('Details saved.');
            }}
            onCancel={() => setEditing(false)}
            onReload={onReload}
          />
        </div>
      ) : (
        <div className="card">
          <Details patient={patient} />
        </div>
      )}
      <CareTeam patient={patient} onChanged={onChanged} />
    </section>
  );
}
