import { type FormEvent, useEffect, useState } from 'react';
import { type Booking, scheduleApi } from '../../api/schedule.ts';
import { checkIn } from '../../api/sessions.ts';
import { api, type Patient, type Trajectory, type TrajectoryPoint } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { RadioGroup, SelectField, TextAreaField, TextField } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDate } from '../../format.ts';
import { Link, navigate } from '../../router.ts';
import { useAction } from '../inventory/use-action.ts';
import { clockTime, hhMmToIso, ROUTE_LABELS } from './chart-format.ts';

type Pregnancy = 'negative' | 'positive' | 'not-applicable';
const PREGNANCY = ['negative', 'positive', 'not-applicable'] as const;
const PREGNANCY_LABELS: Record<Pregnancy, string> = {
  negative: 'Negative',
  positive: 'Positive',
  'not-applicable': 'Not applicable',
};
const MOOD_VALUES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'];
// The server takes a PHQ-9 completed in the day before check-in as today's mood (check-in.ts).
const PRE_SESSION_PHQ9_MS = 24 * 3_600_000;
const PHQ9_MOOD = 'phq9';

function recentPhq9(trajectory: Trajectory, now = Date.now()): TrajectoryPoint | null {
  const points = trajectory.series.find((s) => s.instrument === 'phq9')?.points ?? [];
  const recent = points.filter((p) => now - Date.parse(p.completedAt) <= PRE_SESSION_PHQ9_MS);
  return recent.at(-1) ?? null;
}

const FIELDS = ['identityConfirmed', 'fasting', 'rideHome', 'pregnancyTest', 'medicationsToday', 'mood'];

/** The check-in checklist for today's booking; it opens the session chart. */
export function CheckInPage({ bookingId }: { bookingId: string }) {
  const [booking, setBooking] = useState<Booking | null>(null);
  const [patient, setPatient] = useState<Patient | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [identity, setIdentity] = useState(false);
  const [lastFood, setLastFood] = useState('');
  const [lastLiquids, setLastLiquids] = useState('');
  const [rideConfirmed, setRideConfirmed] = useState(false);
  const [driver, setDriver] = useState('');
  const [pregnancy, setPregnancy] = useState<Pregnancy | ''>('');
  const [medications, setMedications] = useState('');
  const [mood, setMood] = useState('');
  const [phq9, setPhq9] = useState<TrajectoryPoint | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const action = useAction();

  useEffect(() => {
    let cancelled = false;
    scheduleApi
      .getBooking(bookingId)
      .then(async (b) => {
        if (cancelled) return;
        setBooking(b);
        setDriver(b.driverName ?? '');
        const p = await api.getPatient(b.patientId);
        if (!cancelled) setPatient(p);
        // Without the questionnaires (or the right to read them) the mood is asked as a rating.
        const trajectory = await api.getTrajectory(b.patientId).catch(() => null);
        if (!cancelled && trajectory) setPhq9(recentPhq9(trajectory));
      })
      .catch((e) => !cancelled && setLoadError(e));
    return () => {
      cancelled = true;
    };
  }, [bookingId]);

  if (loadError) return <ErrorAlert error={loadError} />;
  if (!booking || !patient) return <p role="status">Loading the booking…</p>;
  if (booking.sessionId) {
    return (
      <>
        <PageHeader title="Check in" />
        <p>
          {booking.patientName} is already checked in.{' '}
          <Link to={`/app/sessions/${booking.sessionId}`}>Open the session chart</Link>
        </p>
      </>
    );
  }
  const esketamine = booking.route === 'esketamine';
  const mayBePregnant = patient.sexAtBirth === 'female' || patient.sexAtBirth === 'intersex';
  const e = { ...action.errors, ...problems };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!identity) found.identityConfirmed = 'Confirm the patient’s identity.';
    if (!rideConfirmed) found['rideHome.confirmed'] = 'Confirm the ride home.';
    if (!driver.trim()) found['rideHome.driverName'] = 'Enter the driver’s name.';
    if (!medications.trim()) found.medicationsToday = 'List today’s medications, or write “none”.';
    if (mood === '') found.mood = 'Ask the patient for their mood, 0 to 10.';
    const food = hhMmToIso(lastFood);
    const liquids = hhMmToIso(lastLiquids);
    if (esketamine && !food) found['fasting.lastFoodAt'] = 'Give the time the patient last ate.';
    if (esketamine && !liquids) found['fasting.lastLiquidsAt'] = 'Give the time the patient last drank.';
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    const session = await action.run(() =>
      checkIn(bookingId, {
        identityConfirmed: true,
        ...(esketamine && food && liquids ? { fasting: { lastFoodAt: food, lastLiquidsAt: liquids } } : {}),
        rideHome: { confirmed: true, driverName: driver.trim() },
        ...(pregnancy ? { pregnancyTest: pregnancy } : {}),
        medicationsToday: medications.trim(),
        mood:
          mood === PHQ9_MOOD && phq9
            ? { kind: 'phq9', responseId: phq9.responseId }
            : { kind: 'rating', value: Number(mood) },
      }),
    );
    if (session) navigate(`/app/sessions/${session.id}`);
  };

  return (
    <>
      <PageHeader title={`Check in: ${booking.patientName}`} documentTitle="Check in" />
      <p>
        {ROUTE_LABELS[booking.route as keyof typeof ROUTE_LABELS] ?? booking.route}, {booking.chairName},{' '}
        {booking.locationName}, {booking.localStart.slice(11)}
      </p>
      <form aria-label="Check-in checklist" onSubmit={submit} noValidate className="stack card">
        <ErrorAlert error={action.error} fieldsShown={FIELDS} />
        <fieldset className="field">
          <legend>Identity</legend>
          <p className="hint">
            Ask the patient for their full name and date of birth: {booking.patientName}, born{' '}
            {formatDate(patient.dateOfBirth)} (MRN {booking.mrn}).
          </p>
          <label className="checkbox">
            <input type="checkbox" checked={identity} onChange={(ev) => setIdentity(ev.target.checked)} />
            Identity confirmed with two identifiers
          </label>
          {e.identityConfirmed ? <p className="field-error">{e.identityConfirmed}</p> : null}
        </fieldset>
        {esketamine ? (
          <fieldset className="field">
            <legend>Fasting</legend>
            <div className="grid-2">
              <TextField
                label="Last food at"
                type="time"
                value={lastFood}
                onChange={setLastFood}
                error={e['fasting.lastFoodAt'] ?? e.fasting}
              />
              <TextField
                label="Last liquids at"
                type="time"
                value={lastLiquids}
                onChange={setLastLiquids}
                error={e['fasting.lastLiquidsAt']}
              />
            </div>
          </fieldset>
        ) : null}
        <fieldset className="field">
          <legend>Ride home</legend>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={rideConfirmed}
              onChange={(ev) => setRideConfirmed(ev.target.checked)}
            />
            Ride home confirmed: the patient will not drive today
          </label>
          {e['rideHome.confirmed'] ? <p className="field-error">{e['rideHome.confirmed']}</p> : null}
          <TextField
            label="Driver’s name"
            value={driver}
            onChange={setDriver}
            error={e['rideHome.driverName'] ?? e.rideHome}
            autoComplete="off"
          />
        </fieldset>
        <RadioGroup
          legend="Pregnancy test"
          name="pregnancy"
          options={PREGNANCY}
          labels={PREGNANCY_LABELS}
          value={pregnancy}
          onChange={setPregnancy}
          hint={
            mayBePregnant
              ? 'Required when the clinic’s policy asks for it. A positive result holds the dose until a prescriber decides.'
              : 'Only if the clinic asks for one for this patient.'
          }
          error={e.pregnancyTest}
        />
        <TextAreaField
          label="Medications taken today"
          hint="Write “none” if the patient took none."
          rows={2}
          value={medications}
          onChange={setMedications}
          error={e.medicationsToday}
        />
        <SelectField label="Mood today (0 worst, 10 best)" value={mood} onChange={setMood} error={e.mood}>
          <option value="">Choose</option>
          {phq9 ? (
            <option value={PHQ9_MOOD}>
              The PHQ-9 completed at {clockTime(phq9.completedAt)} (total {phq9.total})
            </option>
          ) : null}
          {MOOD_VALUES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </SelectField>
        <div className="actions">
          <button type="submit" className="button" disabled={action.busy}>
            {action.busy ? 'Checking in…' : 'Check in and open the chart'}
          </button>
        </div>
      </form>
    </>
  );
}
