import { BOOKING_STATUS_LABELS, type Booking, type Calendar, ROUTE_LABELS } from '../../api/schedule.ts';
import { SessionLink } from './session-link.tsx';
import { localTime, minutesOf } from './zoned-time.ts';

const PX_PER_MINUTE = 1;

/** Staffed stretches of a day: shifts that touch or overlap count as one. */
export function staffedStretches(hours: { start: string; end: string }[]): [number, number][] {
  const sorted = hours
    .map((h) => [minutesOf(h.start), minutesOf(h.end)] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

function minuteOfDay(local: string, date: string, edge: 'start' | 'end'): number {
  if (local.slice(0, 10) < date) return 0;
  if (local.slice(0, 10) > date) return edge === 'end' ? 24 * 60 : 0;
  return minutesOf(localTime(local));
}

/** What a short label leaves out: until when, the session type and the status. */
export function bookingDetail(b: Booking): string {
  return `until ${localTime(b.localEnd)}, ${ROUTE_LABELS[b.route]}, ${BOOKING_STATUS_LABELS[b.status]}`;
}

/** A day as a timeline: chairs and rooms as columns, staffed hours shaded, each booking a block. */
export function DayTimeline({
  calendar,
  canBook,
  onOpen,
  onBook,
}: {
  calendar: Calendar;
  canBook: boolean;
  onOpen: (b: Booking) => void;
  onBook: (chairId: string) => void;
}) {
  const day = calendar.days[0];
  if (!day) return null;
  const stretches = staffedStretches(day.staffHours);
  const bookings = calendar.chairs.flatMap((c) => c.bookings);
  const edges = [
    ...stretches.flat(),
    ...bookings.flatMap((b) => [
      minuteOfDay(b.localStart, day.date, 'start'),
      minuteOfDay(b.localEnd, day.date, 'end'),
    ]),
  ];
  const from = Math.floor(Math.min(8 * 60, ...edges) / 60) * 60;
  const to = Math.ceil(Math.max(18 * 60, ...edges) / 60) * 60;
  const height = (to - from) * PX_PER_MINUTE;
  const hours: number[] = [];
  for (let m = from; m <= to; m += 60) hours.push(m);

  return (
    <div
      className="day-timeline"
      style={{ gridTemplateColumns: `4rem repeat(${calendar.chairs.length}, minmax(11rem, 1fr))` }}
    >
      <div className="timeline-axis" aria-hidden="true" style={{ height }}>
        {hours.map((m) => (
          <span key={m} style={{ top: (m - from) * PX_PER_MINUTE }}>
            {String(Math.floor(m / 60)).padStart(2, '0')}:00
          </span>
        ))}
      </div>
      {calendar.chairs.map((chair) => (
        <section key={chair.id} className="timeline-chair" aria-labelledby={`chair-${chair.id}`}>
          <div className="timeline-chair-head">
            <h3 id={`chair-${chair.id}`}>
              {chair.name}
              {chair.active ? '' : ' (not in use)'}
            </h3>
            {canBook && chair.active ? (
              <button
                type="button"
                className="button button-small button-secondary"
                onClick={() => onBook(chair.id)}
              >
                Book<span className="visually-hidden"> in {chair.name}</span>
              </button>
            ) : null}
          </div>
          <div className="timeline-track" style={{ height }}>
            {stretches.map(([s, e]) => (
              <div
                key={`${s}-${e}`}
                className="timeline-staffed"
                aria-hidden="true"
                style={{ top: (s - from) * PX_PER_MINUTE, height: (e - s) * PX_PER_MINUTE }}
              />
            ))}
            {chair.bookings.length === 0 ? <p className="visually-hidden">No bookings.</p> : null}
            <ol className="timeline-bookings">
              {chair.bookings.map((b) => {
                const s = minuteOfDay(b.localStart, day.date, 'start');
                const e = minuteOfDay(b.localEnd, day.date, 'end');
                return (
                  <li
                    key={b.id}
                    className={`timeline-booking booking-${b.status}`}
                    style={{ top: (s - from) * PX_PER_MINUTE, height: Math.max(24, (e - s) * PX_PER_MINUTE) }}
                  >
                    <button type="button" onClick={() => onOpen(b)}>
                      <strong>
                        {localTime(b.localStart)}–{localTime(b.localEnd)}
                      </strong>{' '}
                      {b.patientName}
                      <span className="timeline-meta">
                        {ROUTE_LABELS[b.route]} · {BOOKING_STATUS_LABELS[b.status]}
                      </span>
                    </button>
                    <SessionLink booking={b} className="button button-small timeline-session-link" />
                  </li>
                );
              })}
            </ol>
          </div>
        </section>
      ))}
    </div>
  );
}

/** The same day as a table, for screen readers, keyboards and printing. */
export function DayTable({
  calendar,
  onOpen,
  captionId,
}: {
  calendar: Calendar;
  onOpen: (b: Booking) => void;
  captionId: string;
}) {
  const rows = calendar.chairs
    .flatMap((c) => c.bookings)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.chairName.localeCompare(b.chairName));
  return (
    <table>
      <caption id={captionId} className="visually-hidden">
        Bookings of the day, by start time
      </caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Chair or room</th>
          <th scope="col">Patient</th>
          <th scope="col">Session type</th>
          <th scope="col">Status</th>
          <th scope="col">Session</th>
          <th scope="col">
            <span className="visually-hidden">Details</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={7}>No bookings this day.</td>
          </tr>
        ) : (
          rows.map((b) => (
            <tr key={b.id}>
              <td>
                {localTime(b.localStart)}–{localTime(b.localEnd)}
              </td>
              <td>{b.chairName}</td>
              <td>
                {b.patientName} ({b.mrn})
              </td>
              <td>{ROUTE_LABELS[b.route]}</td>
              <td>{BOOKING_STATUS_LABELS[b.status]}</td>
              <td>
                <SessionLink booking={b} />
              </td>
              <td>
                <button type="button" className="button-link" onClick={() => onOpen(b)}>
                  Details
                  <span className="visually-hidden">
                    {' '}
                    of {b.patientName} at {localTime(b.localStart)}
                  </span>
                </button>
              </td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
