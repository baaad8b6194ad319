import { type FormEvent, useEffect, useId, useState } from 'react';
import {
  type Booking,
  type BookingRoute,
  CHAIR_KIND_LABELS,
  type Chair,
  type PlanForBooking,
  type PlannedSession,
  ROUTE_LABELS,
  scheduleApi,
} from '../../api/schedule.ts';
import { api, type Location, type PatientSummary } from '../../api.ts';
import { fieldErrorsOf } from '../../components/error-alert.tsx';
import { SelectField, TextField } from '../../components/field.tsx';
import { Modal } from '../../components/modal.tsx';
import { patientName } from '../../format.ts';
import { BookingRefusal, refusedRule } from './booking-refusal.tsx';
import { useBookableProtocols } from './session-types.ts';
import { addDays, todayAt, zonedInstant } from './zoned-time.ts';

export type BookingPatient = {
  id: string;
  name: string;
  mrn: string;
  driverName: string | null;
  driverPhone: string | null;
};

export type BookingStart = {
  /** Known when booking from a patient's record. */
  patient?: BookingPatient;
  /** Known when booking from a calendar. */
  locationId?: string;
  chairId?: string;
  date?: string;
  /** Booking a plan's session: its date, route and phase come from the plan. */
  planned?: { plan: PlanForBooking; session: PlannedSession };
};

const FIELDS = ['chairId', 'startsAt', 'durationMin', 'driverName', 'driverPhone', 'route', 'phaseId'];

function PatientPicker({ onPick }: { onPick: (p: BookingPatient) => void }) {
  const [q, setQ] = useState('');
  const [results, setResults] = useState<PatientSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const search = async () => {
    setError(null);
    try {
      setResults((await api.searchPatients({ q: q.trim(), limit: 10, offset: 0 })).items);
    } catch (e) {
      setError(e);
    }
  };
  const pick = async (summary: PatientSummary) => {
    try {
      const p = await api.getPatient(summary.id);
      onPick({
        id: p.id,
        name: patientName(p),
        mrn: p.mrn,
        driverName: p.driverName,
        driverPhone: p.driverPhone,
      });
    } catch (e) {
      setError(e);
    }
  };
  return (
    <fieldset className="field">
      <legend>Patient</legend>
      <div className="actions">
        <TextField
          label="Find the patient (name or MRN)"
          value={q}
          onChange={setQ}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void search();
            }
          }}
        />
        <button type="button" className="button button-secondary" onClick={() => void search()}>
          Find
        </button>
      </div>
      {error ? <BookingRefusal error={error} /> : null}
      {results ? (
        results.length === 0 ? (
          <p role="status">No patient found.</p>
        ) : (
          <ul className="link-list" aria-label="Patients found">
            {results.map((r) => (
              <li key={r.id}>
                <button type="button" className="button-link" onClick={() => void pick(r)}>
                  Choose {patientName(r)} ({r.mrn})
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </fieldset>
  );
}

/** Books one session: the server checks every rule and its refusal is shown with its reason. */
export function BookSessionDialog({
  start,
  onClose,
}: {
  start: BookingStart | null;
  onClose: (booked: Booking | null) => void;
}) {
  const titleId = useId();
  return (
    <Modal open={start !== null} labelledBy={titleId} onDismiss={() => onClose(null)} className="modal-wide">
      {start ? <BookingForm titleId={titleId} start={start} onClose={onClose} /> : null}
    </Modal>
  );
}

function BookingForm({
  titleId,
  start,
  onClose,
}: {
  titleId: string;
  start: BookingStart;
  onClose: (booked: Booking | null) => void;
}) {
  const planned = start.planned;
  const plannedRoute = planned?.plan.protocol.route;
  const [patient, setPatient] = useState<BookingPatient | null>(start.patient ?? null);
  const [locations, setLocations] = useState<Location[]>([]);
  const [locationId, setLocationId] = useState(start.locationId ?? '');
  const [chairs, setChairs] = useState<Chair[]>([]);
  const [chairId, setChairId] = useState(start.chairId ?? '');
  const [date, setDate] = useState(planned?.session.date ?? start.date ?? '');
  const [time, setTime] = useState('09:00');
  const [route, setRoute] = useState<BookingRoute>(plannedRoute ?? 'iv-ketamine');
  const [protocolId, setProtocolId] = useState(planned?.plan.protocol.id ?? '');
  const [phaseId, setPhaseId] = useState(planned?.session.phaseId ?? '');
  const [duration, setDuration] = useState('');
  const [rideConfirmed, setRideConfirmed] = useState(false);
  const [driverName, setDriverName] = useState(start.patient?.driverName ?? '');
  const [driverPhone, setDriverPhone] = useState(start.patient?.driverPhone ?? '');
  const [error, setError] = useState<unknown>(null);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.listLocations().then(({ items }) => {
      setLocations(items);
      setLocationId((current) => current || (items[0]?.id ?? ''));
    }, setError);
  }, []);

  useEffect(() => {
    if (!locationId) return;
    scheduleApi.listChairs(locationId).then(({ items }) => {
      const active = items.filter((c) => c.active);
      setChairs(active);
      setChairId((current) => (active.some((c) => c.id === current) ? current : (active[0]?.id ?? '')));
    }, setError);
  }, [locationId]);

  const location = locations.find((l) => l.id === locationId);
  useEffect(() => {
    if (location && !date) setDate(addDays(todayAt(location.timeZone), 1));
  }, [location, date]);

  const bookable = useBookableProtocols(setError);
  const protocols = (bookable ?? []).filter((p) => p.route === route);
  const protocol = protocols.find((p) => p.id === protocolId) ?? protocols[0];
  const phase = protocol?.phases.find((p) => p.id === phaseId) ?? protocol?.phases[0];
  // A planned session follows its plan's protocol version, which may be older than the one listed.
  const followsListedVersion = !planned || planned.plan.protocol.version === protocol?.version;
  const minimum = followsListedVersion ? (phase?.minimumMinutes ?? null) : null;

  const choosePatient = (p: BookingPatient) => {
    setPatient(p);
    setDriverName(p.driverName ?? '');
    setDriverPhone(p.driverPhone ?? '');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const mine: Record<string, string> = {};
    if (!patient) mine.patientId = 'Choose the patient.';
    if (!rideConfirmed) mine.rideConfirmed = 'Confirm that someone drives the patient home.';
    if (!location) mine.locationId = 'Choose the location.';
    if (!date) mine.startsAt = 'Choose the date.';
    setLocalErrors(mine);
    if (Object.keys(mine).length > 0 || !patient || !location) return;
    setBusy(true);
    setError(null);
    // The driver on the record is sent as nothing, so the booking says the ride came from the record.
    const fromRecord =
      driverName.trim() === (patient.driverName ?? '') && driverPhone.trim() === (patient.driverPhone ?? '');
    try {
      const booked = await scheduleApi.book({
        chairId,
        patientId: patient.id,
        route,
        ...(planned
          ? {
              protocolId: planned.plan.protocol.id,
              protocolVersion: planned.plan.protocol.version,
              phaseId: planned.session.phaseId,
            }
          : { ...(protocol ? { protocolId: protocol.id } : {}), ...(phase ? { phaseId: phase.id } : {}) }),
        startsAt: zonedInstant(date, time, location.timeZone),
        ...(duration.trim() ? { durationMin: Number(duration) } : {}),
        driverName: fromRecord ? null : driverName.trim() || null,
        driverPhone: fromRecord ? null : driverPhone.trim() || null,
        plannedSessionId: planned?.session.id ?? null,
      });
      onClose(booked);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  // A refusal by a rule is shown once, at the top, with its reason; field errors sit by their fields.
  const errors = { ...(refusedRule(error) ? {} : fieldErrorsOf(error)), ...localErrors };
  return (
    <form onSubmit={submit} noValidate className="stack">
      <h2 id={titleId}>
        {planned ? `Book planned session ${planned.session.number}` : 'Book a session'}
        {patient ? ` for ${patient.name}` : ''}
      </h2>
      <BookingRefusal error={error} fieldsShown={FIELDS} />
      {patient ? (
        <p>
          <strong>Patient:</strong> {patient.name} ({patient.mrn}){' '}
          {start.patient ? null : (
            <button type="button" className="button-link" onClick={() => setPatient(null)}>
              Change patient
            </button>
          )}
        </p>
      ) : (
        <>
          <PatientPicker onPick={choosePatient} />
          {errors.patientId ? <p className="field-error">{errors.patientId}</p> : null}
        </>
      )}
      {planned ? (
        <p className="hint">
          Planned for {planned.session.date}: {planned.plan.protocol.name}, {planned.plan.phase.name}, dose{' '}
          {planned.session.dose} {planned.session.unit}.
        </p>
      ) : null}
      <div className="grid-2">
        <SelectField
          label="Location"
          value={locationId}
          onChange={setLocationId}
          error={errors.locationId}
          disabled={Boolean(start.locationId)}
        >
          {locations.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Chair or room" value={chairId} onChange={setChairId} error={errors.chairId}>
          {chairs.length === 0 ? <option value="">No chairs at this location</option> : null}
          {chairs.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({CHAIR_KIND_LABELS[c.kind].toLowerCase()})
            </option>
          ))}
        </SelectField>
      </div>
      <div className="grid-2">
        <TextField label="Date" type="date" value={date} onChange={setDate} error={errors.startsAt} />
        <TextField
          label="Start time"
          type="time"
          step={300}
          hint={location ? `Local time at ${location.name} (${location.timeZone}).` : undefined}
          value={time}
          onChange={setTime}
        />
      </div>
      <div className="grid-3">
        <SelectField
          label="Session type"
          value={route}
          onChange={(v) => {
            const next = v as BookingRoute;
            setRoute(next);
            setProtocolId('');
            setPhaseId('');
          }}
          error={errors.route}
          disabled={Boolean(plannedRoute)}
        >
          {(Object.keys(ROUTE_LABELS) as BookingRoute[]).map((r) => (
            <option key={r} value={r}>
              {ROUTE_LABELS[r]}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Protocol"
          value={protocol?.id ?? ''}
          onChange={(v) => {
            setProtocolId(v);
            setPhaseId('');
          }}
          error={errors.protocolId}
          disabled={Boolean(planned)}
        >
          {bookable === null ? <option value="">Loading protocols…</option> : null}
          {protocols.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Phase"
          value={phase?.id ?? ''}
          onChange={setPhaseId}
          error={errors.phaseId}
          disabled={Boolean(planned)}
        >
          {protocol?.phases.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
      </div>
      <TextField
        label="Length in minutes"
        type="number"
        inputMode="numeric"
        min={minimum ?? 1}
        optional
        hint={
          minimum
            ? `At least ${minimum} minutes: the dose time plus the protocol’s minimum monitoring. Leave empty for ${minimum}.`
            : 'Leave empty for the protocol’s minimum.'
        }
        value={duration}
        onChange={setDuration}
        error={errors.durationMin}
      />
      <fieldset className="field">
        <legend>Ride home</legend>
        <p className="hint">
          {route === 'esketamine'
            ? 'The esketamine label: no driving until the next day after restful sleep.'
            : 'Clinic policy: the patient leaves with a responsible adult.'}{' '}
          The driver on the patient’s record is filled in; change it if someone else drives.
        </p>
        <div className="grid-2">
          <TextField
            label="Driver’s name"
            value={driverName}
            onChange={setDriverName}
            error={errors.driverName}
          />
          <TextField
            label="Driver’s phone"
            type="tel"
            value={driverPhone}
            onChange={setDriverPhone}
            error={errors.driverPhone}
          />
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={rideConfirmed}
            onChange={(e) => setRideConfirmed(e.target.checked)}
            aria-invalid={errors.rideConfirmed ? true : undefined}
            aria-describedby={errors.rideConfirmed ? `${titleId}-ride-error` : undefined}
          />
          Ride home confirmed with the patient
        </label>
        {errors.rideConfirmed ? (
          <p id={`${titleId}-ride-error`} className="field-error">
            {errors.rideConfirmed}
          </p>
        ) : null}
      </fieldset>
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Booking…' : 'Book session'}
        </button>
        <button type="button" className="button button-secondary" onClick={() => onClose(null)}>
          Close
        </button>
      </div>
    </form>
  );
}
