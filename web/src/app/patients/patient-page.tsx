import { useCallback, useEffect, useRef, useState } from 'react';
import { api, isApiError, type Patient, SEX_AT_BIRTH_LABELS, type Trajectory } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SectionHeading } from '../../components/section-heading.tsx';
import { ageOn, formatDate, patientName } from '../../format.ts';
import { can } from '../../permissions.ts';
import { Link } from '../../router.ts';
import { useMe } from '../../session.tsx';
import { EligibilitySection } from '../eligibility/eligibility-section.tsx';
import { IntakeSection } from '../intake/intake-section.tsx';
import { PlanSection } from '../plans/plan-section.tsx';
import { PatientBookingsSection } from '../schedule/patient-bookings-section.tsx';
import { MeasuresSection } from './measures-section.tsx';
import { OverviewSection } from './overview-section.tsx';
import { PatientAlertsSection } from './patient-alerts-section.tsx';
import { StatusBadge } from './patients-page.tsx';
import { TrajectorySection } from './trajectory-section.tsx';

export const PATIENT_SECTIONS = [
  'overview',
  'measures',
  'trajectory',
  'alerts',
  'intake',
  'eligibility',
  'bookings',
  'plan',
] as const;
export type PatientSection = (typeof PATIENT_SECTIONS)[number];

const SECTION_LABELS: Record<PatientSection, string> = {
  overview: 'Overview',
  measures: 'Measures',
  trajectory: 'Trajectory',
  alerts: 'Alerts',
  intake: 'Intake',
  eligibility: 'Eligibility',
  plan: 'Plan',
  bookings: 'Bookings',
};

function sectionPath(id: string, section: PatientSection): string {
  return section === 'overview' ? `/app/patients/${id}` : `/app/patients/${id}/${section}`;
}

/** The PHQ-9 outcome in words, from the trajectory the server computed. */
function phq9Status(trajectory: Trajectory | null): string | null {
  if (!trajectory) return null;
  const series = trajectory.series.find((s) => s.instrument === 'phq9');
  return series?.status ?? 'no PHQ-9 scores yet';
}

function PatientHeader({
  patient,
  section,
  outcome,
  openAlerts,
}: {
  patient: Patient;
  section: PatientSection;
  outcome: string | null;
  openAlerts: number;
}) {
  const age = ageOn(patient.dateOfBirth);
  return (
    <div className="patient-header">
      <PageHeader
        title={patientName(patient)}
        documentTitle={`${SECTION_LABELS[section]} · ${patient.mrn}`}
      />
      <dl className="patient-facts">
        <div>
          <dt>MRN</dt>
          <dd>{patient.mrn}</dd>
        </div>
        <div>
          <dt>Date of birth</dt>
          <dd>
            {formatDate(patient.dateOfBirth)}
            {age !== null ? ` (age ${age})` : ''}
          </dd>
        </div>
        <div>
          <dt>Sex at birth</dt>
          <dd>{SEX_AT_BIRTH_LABELS[patient.sexAtBirth] ?? patient.sexAtBirth}</dd>
        </div>
        {patient.pronouns ? (
          <div>
            <dt>Pronouns</dt>
            <dd>{patient.pronouns}</dd>
          </div>
        ) : null}
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={patient.status} />
          </dd>
        </div>
      </dl>
      {outcome ? (
        <p className="outcome-status" data-testid="outcome-status">
          <strong>PHQ-9:</strong> {outcome}
        </p>
      ) : null}
      {openAlerts > 0 && section !== 'alerts' ? (
        <p className="alert alert-error">
          {openAlerts} open suicide-risk {openAlerts === 1 ? 'alert' : 'alerts'} for this patient.{' '}
          <Link to={sectionPath(patient.id, 'alerts')}>Review</Link>
        </p>
      ) : null}
    </div>
  );
}

export function PatientPage({ id, section }: { id: string; section: PatientSection }) {
  const me = useMe();
  const readsMeasures = can(me, 'measures:read');
  const usesMeasures = readsMeasures || can(me, 'measures:send') || can(me, 'measures:record');
  const [patient, setPatient] = useState<Patient | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [trajectory, setTrajectory] = useState<Trajectory | null>(null);
  const [trajectoryError, setTrajectoryError] = useState<unknown>(null);
  const [openAlerts, setOpenAlerts] = useState(0);
  // The first section shown is reached with the page (its h1 takes focus); later ones take it themselves.
  const arrivedAt = useRef(section);
  const moved = useRef(false);
  if (section !== arrivedAt.current) moved.current = true;
  const focus = moved.current;

  const loadPatient = useCallback(async () => {
    try {
      const fresh = await api.getPatient(id);
      setPatient(fresh);
      setLoadError(null);
      return fresh;
    } catch (e) {
      setLoadError(e);
      return null;
    }
  }, [id]);

  const loadTrajectory = useCallback(async () => {
    if (!readsMeasures) return;
    try {
      setTrajectory(await api.getTrajectory(id));
      setTrajectoryError(null);
    } catch (e) {
      setTrajectoryError(e);
    }
  }, [id, readsMeasures]);

  const loadAlertCount = useCallback(async () => {
    try {
      setOpenAlerts((await api.listAlerts({ status: 'open', patientId: id })).items.length);
    } catch {
      // The worklist and the banner still show it.
    }
  }, [id]);

  useEffect(() => {
    void loadPatient();
    void loadTrajectory();
    void loadAlertCount();
  }, [loadPatient, loadTrajectory, loadAlertCount]);

  if (loadError && !patient) {
    const missing = isApiError(loadError) && (loadError.status === 404 || loadError.status === 400);
    return (
      <>
        <PageHeader title={missing ? 'Patient not found' : 'Patient record'} />
        {missing ? (
          <p>
            There is no such patient in this clinic. <Link to="/app/patients">Find a patient</Link>.
          </p>
        ) : (
          <ErrorAlert error={loadError} />
        )}
      </>
    );
  }
  if (!patient) return <p role="status">Loading the patient record…</p>;

  const sections = PATIENT_SECTIONS.filter(
    (s) =>
      (s !== 'measures' || usesMeasures) &&
      (s !== 'trajectory' || readsMeasures) &&
      (s !== 'intake' || can(me, 'intake:read') || can(me, 'intake:send')) &&
      (s !== 'eligibility' || can(me, 'eligibility:read')) &&
      (s !== 'plan' || can(me, 'plans:read')) &&
      (s !== 'bookings' || can(me, 'schedule:read')),
  );

  return (
    <>
      <PatientHeader
        patient={patient}
        section={section}
        outcome={readsMeasures ? phq9Status(trajectory) : null}
        openAlerts={openAlerts}
      />
      <nav aria-label="Patient record" className="section-nav">
        <ul>
          {sections.map((s) => (
            <li key={s}>
              <Link
                to={sectionPath(id, s)}
                aria-current={s === section ? 'page' : undefined}
                aria-label={s === 'alerts' && openAlerts > 0 ? `Alerts, ${openAlerts} open` : undefined}
              >
                {SECTION_LABELS[s]}
                {s === 'alerts' && openAlerts > 0 ? (
                  <span className="nav-badge" aria-hidden="true">
                    {openAlerts}
                  </span>
                ) : null}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {section === 'overview' ? (
        <OverviewSection focus={focus} patient={patient} onChanged={setPatient} onReload={loadPatient} />
      ) : null}
      {section === 'measures' ? (
        usesMeasures ? (
          <MeasuresSection
            focus={focus}
            patient={patient}
            onRecorded={() => {
              void loadTrajectory();
              void loadAlertCount();
            }}
          />
        ) : (
          <NotForRole focus={focus} what="Questionnaires" />
        )
      ) : null}
      {section === 'trajectory' ? (
        readsMeasures ? (
          <TrajectorySection
            focus={focus}
            patient={patient}
            trajectory={trajectory}
            error={trajectoryError}
            onChanged={loadTrajectory}
          />
        ) : (
          <NotForRole focus={focus} what="Scores and trajectories" />
        )
      ) : null}
      {section === 'alerts' ? (
        <PatientAlertsSection focus={focus} patient={patient} onChanged={loadAlertCount} />
      ) : null}
      {section === 'intake' ? (
        can(me, 'intake:read') || can(me, 'intake:send') ? (
          <IntakeSection focus={focus} patient={patient} />
        ) : (
          <NotForRole focus={focus} what="Intakes" />
        )
      ) : null}
      {section === 'eligibility' ? (
        can(me, 'eligibility:read') ? (
          <EligibilitySection focus={focus} patient={patient} />
        ) : (
          <NotForRole focus={focus} what="Eligibility evaluations" />
        )
      ) : null}
      {section === 'plan' ? (
        can(me, 'plans:read') ? (
          <PlanSection focus={focus} patient={patient} />
        ) : (
          <NotForRole focus={focus} what="Treatment plans" />
        )
      ) : null}
      {section === 'bookings' ? (
        can(me, 'schedule:read') ? (
          <PatientBookingsSection focus={focus} patient={patient} />
        ) : (
          <NotForRole focus={focus} what="Bookings" />
        )
      ) : null}
    </>
  );
}

function NotForRole({ what, focus }: { what: string; focus: boolean }) {
  return (
    <section aria-labelledby="not-for-role">
      <SectionHeading id="not-for-role" focus={focus}>
        Not available to your role
      </SectionHeading>
      <p>{what} are visible to prescribers, nurses and therapists only.</p>
    </section>
  );
}
