import { type ReactNode, useState } from 'react';
import {
  api,
  isApiError,
  PATIENT_STATUS_LABELS,
  type Patient,
  SEX_AT_BIRTH_LABELS,
  type StaffMember,
} from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { SelectField } from '../../components/field.tsx';
import { SectionHeading } from '../../components/section-heading.tsx';
import { formatDate, formatDateTime, formatRoles } from '../../format.ts';
import { can } from '../../permissions.ts';
import { useLocation } from '../../router.ts';
import { useMe } from '../../session.tsx';
import { PatientForm, type PatientFormValues, patientBody, patientFormFrom } from './patient-form.tsx';
import { clinicianChoices, type StaffList, staffLabel, useStaff } from './use-staff.ts';

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

function primaryClinicianName(patient: Patient, staff: StaffMember[] | null): string | null {
  const id = patient.primaryClinicianId;
  if (!id) return null;
  const member = staff?.find((m) => m.id === id) ?? patient.careTeam.find((m) => m.id === id);
  if (member) return member.name;
  return staff ? 'No longer an active staff member' : 'Loading…';
}

function Details({ patient, staff }: { patient: Patient; staff: StaffMember[] | null }) {
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
        <Fact term="Primary clinician">{primaryClinicianName(patient, staff)}</Fact>
        <Fact term="Registered">{formatDateTime(patient.createdAt)}</Fact>
        <Fact term="Last changed">{formatDateTime(patient.updatedAt)}</Fact>
      </Facts>
    </div>
  );
}

function EditDetails({
  patient,
  staff,
  onSaved,
  onCancel,
  onReload,
}: {
  patient: Patient;
  staff: StaffMember[] | null;
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
      clinicians={primaryChoices(staff, me, values.primaryClinicianId)}
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

/** Clinical staff, and whoever is primary clinician now even if their roles have changed since. */
function primaryChoices(staff: StaffMember[] | null, me: { id: string }, currentId: string) {
  const choices = clinicianChoices(staff, me);
  const current = staff?.find((m) => m.id === currentId);
  if (current && !choices.some((c) => c.id === current.id))
    choices.push({ id: current.id, name: staffLabel(current, me) });
  return choices;
}

function CareTeam({
  patient,
  staffList,
  onChanged,
}: {
  patient: Patient;
  staffList: StaffList;
  onChanged: (p: Patient) => void;
}) {
  const me = useMe();
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [adding, setAdding] = useState('');
  const writes = can(me, 'patients:write');
  const ids = patient.careTeam.map((m) => m.id);
  const addable = (staffList.staff ?? [])
    .filter((m) => !ids.includes(m.id))
    .sort((a, b) => a.name.localeCompare(b.name));

  const setTeam = async (next: string[], done: string) => {
    setBusy(true);
    setError(null);
    setMessage('');
    try {
      onChanged(await api.setCareTeam(patient.id, next));
      setMessage(done);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const add = async () => {
    const member = addable.find((m) => m.id === adding);
    if (!member) {
      setError(null);
      setMessage('Choose a staff member to add.');
      return;
    }
    const who = member.id === me.id ? 'You were' : `${member.name} was`;
    if (await setTeam([...ids, member.id], `${who} added to the care team.`)) setAdding('');
  };

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
      {writes ? (
        staffList.error ? (
          <ErrorAlert error={staffList.error} />
        ) : !staffList.staff ? (
          <p className="muted">Loading the staff list…</p>
        ) : addable.length === 0 ? (
          <p className="hint">Every active staff member is on the care team.</p>
        ) : (
          <form
            className="actions care-team-add"
            onSubmit={(event) => {
              event.preventDefault();
              void add();
            }}
          >
            <SelectField
              label="Add to the care team"
              name="careTeamMember"
              value={adding}
              onChange={setAdding}
            >
              <option value="">Choose a staff member</option>
              {addable.map((m) => (
                <option key={m.id} value={m.id}>
                  {staffLabel(m, me)} — {formatRoles(m.roles)}
                </option>
              ))}
            </SelectField>
            <button type="submit" className="button button-secondary" disabled={busy}>
              Add
            </button>
          </form>
        )
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
  const staffList = useStaff();
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
            staff={staffList.staff}
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
          <Details patient={patient} staff={staffList.staff} />
        </div>
      )}
      <CareTeam patient={patient} staffList={staffList} onChanged={onChanged} />
    </section>
  );
}
