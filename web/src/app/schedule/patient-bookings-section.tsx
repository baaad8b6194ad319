import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import {
  BOOKING_STATUS_LABELS,
  type Booking,
  type PlanForBooking,
  type RemsEnrolment,
  ROUTE_LABELS,
  scheduleApi,
} from '../../api/schedule.ts';
import { isApiError, type Patient } from '../../api.ts';
import { ErrorAlert, fieldErrorsOf } from '../../components/error-alert.tsx';
import { TextField } from '../../components/field.tsx';
import { SectionHeading } from '../../components/section-heading.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDate, formatDateTime, patientName, todayIso } from '../../format.ts';
import { can } from '../../permissions.ts';
import { useMe } from '../../session.tsx';
import { type BookingStart, BookSessionDialog } from './book-session-dialog.tsx';
import { BookingDialog } from './booking-dialog.tsx';
import { SessionLink } from './session-link.tsx';
import { formatLocal, localTime } from './zoned-time.ts';

function RemsPanel({ patient, canRecord }: { patient: Patient; canRecord: boolean }) {
  const [enrolment, setEnrolment] = useState<RemsEnrolment | null | undefined>(undefined);
  const [date, setDate] = useState('');
  const [reference, setReference] = useState('');
  const [error, setError] = useState<unknown>(null);
  const headingId = useId();

  useEffect(() => {
    scheduleApi.getRemsEnrolment(patient.id).then(({ enrolment: e }) => setEnrolment(e), setError);
  }, [patient.id]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      // A past day is recorded at noon UTC; today (or none) is recorded as now, so it is never in the future.
      const enrolledAt = date && date !== todayIso() ? `${date}T12:00:00Z` : undefined;
      setEnrolment(
        await scheduleApi.recordRemsEnrolment(patient.id, {
          ...(enrolledAt ? { enrolledAt } : {}),
          reference: reference.trim() || null,
        }),
      );
    } catch (e) {
      setError(e);
    }
  };

  const errors = fieldErrorsOf(error);
  return (
    <section className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>SPRAVATO REMS enrolment</h3>
      {enrolment === undefined && !error ? <p role="status">Loading…</p> : null}
      {enrolment ? (
        <p data-testid="rems-status">
          Enrolled {formatDateTime(enrolment.enrolledAt)}, recorded by {enrolment.enrolledByName}
          {enrolment.reference ? ` (reference ${enrolment.reference})` : ''}.
        </p>
      ) : null}
      {enrolment === null ? (
        <>
          <p data-testid="rems-status">
            Not enrolled. Esketamine cannot be booked until the patient’s REMS enrolment is recorded.
          </p>
          {canRecord ? (
            <form onSubmit={submit} noValidate className="stack">
              <ErrorAlert error={error} fieldsShown={['enrolledAt', 'reference']} />
              <div className="grid-2">
                <TextField
                  label="Enrolment date"
                  type="date"
                  optional
                  hint="Leave empty for today."
                  max={todayIso()}
                  value={date}
                  onChange={setDate}
                  error={errors.enrolledAt}
                />
                <TextField
                  label="REMS reference"
                  optional
                  maxLength={100}
                  value={reference}
                  onChange={setReference}
                  error={errors.reference}
                />
              </div>
              <button type="submit" className="button">
                Record REMS enrolment
              </button>
            </form>
          ) : null}
        </>
      ) : null}
      {enrolment !== null ? <ErrorAlert error={error} /> : null}
    </section>
  );
}

/** The plan in force, for booking its sessions; null when there is none or the role cannot read plans. */
function usePlanInForce(patientId: string, readsPlans: boolean) {
  const [plan, setPlan] = useState<PlanForBooking | null>(null);
  useEffect(() => {
    if (!readsPlans) return;
    let cancelled = false;
    (async () => {
      try {
        const { items } = await scheduleApi.listPlans(patientId);
        const inForce = items.find((p) => p.inForce);
        if (inForce && !cancelled) setPlan(await scheduleApi.getPlan(inForce.id));
      } catch {
        // Plans are optional here: bookings work without one.
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [patientId, readsPlans]);
  return plan;
}

export function PatientBookingsSection({ patient, focus }: { patient: Patient; focus: boolean }) {
  const me = useMe();
  const canBook = can(me, 'schedule:book');
  const [bookings, setBookings] = useState<Booking[] | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [limit, setLimit] = useState(25);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<Booking | null>(null);
  const [booking, setBooking] = useState<BookingStart | null>(null);
  const [notice, setNotice] = useState('');
  const plan = usePlanInForce(patient.id, can(me, 'plans:read'));
  const listId = useId();
  const planId = useId();

  const load = useCallback(async () => {
    try {
      const page = await scheduleApi.listPatientBookings(patient.id, { limit, offset: 0 });
      setBookings(page.items);
      setHasMore(page.hasMore);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [patient.id, limit]);

  useEffect(() => {
    void load();
  }, [load]);

  const bookingPatient = {
    id: patient.id,
    name: patientName(patient),
    mrn: patient.mrn,
    driverName: patient.driverName,
    driverPhone: patient.driverPhone,
  };
  const heldBy = (sessionId: string | null) =>
    bookings?.find(
      (b) => b.plannedSessionId === sessionId && (b.status === 'booked' || b.status === 'completed'),
    );

  return (
    <section aria-labelledby="bookings-heading">
      <SectionHeading id="bookings-heading" focus={focus}>
        Bookings
      </SectionHeading>
      <p role="status" className={notice ? 'alert alert-success' : 'visually-hidden'}>
        {notice}
      </p>
      {canBook ? (
        <p>
          <button type="button" className="button" onClick={() => setBooking({ patient: bookingPatient })}>
            Book a session
          </button>
        </p>
      ) : null}
      <RemsPanel patient={patient} canRecord={can(me, 'rems:record')} />
      {plan ? (
        <section className="card" aria-labelledby={planId}>
          <h3 id={planId}>
            Planned sessions: {plan.protocol.name}, {plan.phase.name}
          </h3>
          <TableRegion labelledBy={`${planId}-t`}>
            <table>
              <caption id={`${planId}-t`} className="visually-hidden">
                Planned sessions of the plan in force
              </caption>
              <thead>
                <tr>
                  <th scope="col">Session</th>
                  <th scope="col">Planned for</th>
                  <th scope="col">Dose</th>
                  <th scope="col">Booking</th>
                </tr>
              </thead>
              <tbody>
                {plan.sessions.map((s) => {
                  const held = heldBy(s.id);
                  return (
                    <tr key={s.number}>
                      <td>{s.number}</td>
                      <td>{formatDate(s.date)}</td>
                      <td>
                        {s.dose} {s.unit}
                      </td>
                      <td>
                        {held ? (
                          `${formatLocal(held.localStart)}, ${held.chairName}`
                        ) : canBook && s.id && s.status === 'planned' ? (
                          <button
                            type="button"
                            className="button button-small button-secondary"
                            onClick={() =>
                              setBooking({ patient: bookingPatient, planned: { plan, session: s } })
                            }
                          >
                            Book<span className="visually-hidden"> planned session {s.number}</span>
                          </button>
                        ) : (
                          <span className="muted">Not booked</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableRegion>
        </section>
      ) : null}
      <h3 id={listId}>Sessions booked</h3>
      <ErrorAlert error={error} />
      {isApiError(error) && error.status === 403 ? null : bookings === null ? (
        <p role="status">Loading bookings…</p>
      ) : bookings.length === 0 ? (
        <p>No sessions booked yet.</p>
      ) : (
        <TableRegion labelledBy={listId}>
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Where</th>
                <th scope="col">Session type</th>
                <th scope="col">Status</th>
                <th scope="col">Session</th>
                <th scope="col">
                  <span className="visually-hidden">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {bookings.map((b) => (
                <tr key={b.id}>
                  <td>
                    {formatLocal(b.localStart)}–{localTime(b.localEnd)}{' '}
                    <span className="muted">({b.timeZone})</span>
                  </td>
                  <td>
                    {b.chairName}, {b.locationName}
                  </td>
                  <td>{ROUTE_LABELS[b.route]}</td>
                  <td>
                    {BOOKING_STATUS_LABELS[b.status]}
                    {b.cancellationReason ? `: ${b.cancellationReason}` : ''}
                    {b.noShowReason ? `: ${b.noShowReason}` : ''}
                  </td>
                  <td>
                    <SessionLink booking={b} />
                  </td>
                  <td>
                    <button type="button" className="button-link" onClick={() => setOpen(b)}>
                      Details
                      <span className="visually-hidden"> of the session {formatLocal(b.localStart)}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      {hasMore ? (
        <button
          type="button"
          className="button button-secondary"
          onClick={() => setLimit((l) => Math.min(100, l + 25))}
        >
          Show more bookings
        </button>
      ) : null}
      <BookingDialog
        booking={open}
        canBook={canBook}
        onClose={(changed) => {
          setOpen(null);
          if (changed) {
            setNotice(
              `The session ${formatLocal(changed.localStart)} is now ${BOOKING_STATUS_LABELS[changed.status].toLowerCase()}.`,
            );
            void load();
          }
        }}
      />
      <BookSessionDialog
        start={booking}
        onClose={(booked) => {
          setBooking(null);
          if (booked) {
            setNotice(`Booked ${formatLocal(booked.localStart)} in ${booked.chairName}.`);
            void load();
          }
        }}
      />
    </section>
  );
}
