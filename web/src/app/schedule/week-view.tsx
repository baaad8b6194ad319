import type { Booking, Calendar } from '../../api/schedule.ts';
import { bookingDetail, staffedStretches } from './day-view.tsx';
import { formatShortDay, localTime } from './zoned-time.ts';

const clock = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** A week as a table: chairs and rooms as rows, days as columns, each day's staff hours in its header. */
export function WeekTable({
  calendar,
  captionId,
  onOpen,
  onDay,
}: {
  calendar: Calendar;
  captionId: string;
  onOpen: (b: Booking) => void;
  onDay: (date: string) => void;
}) {
  return (
    <table className="week-table">
      <caption id={captionId} className="visually-hidden">
        Bookings of the week by chair or room and day
      </caption>
      <thead>
        <tr>
          <th scope="col">Chair or room</th>
          {calendar.days.map((d) => (
            <th key={d.date} scope="col">
              <button type="button" className="button-link" onClick={() => onDay(d.date)}>
                {formatShortDay(d.date)}
              </button>
              <span className="week-staff">
                {d.staffHours.length === 0
                  ? 'No staff hours'
                  : `Staffed ${staffedStretches(d.staffHours)
                      .map(([a, b]) => `${clock(a)}–${clock(b)}`)
                      .join(', ')} (${new Set(d.staffHours.map((h) => h.userId)).size} staff)`}
              </span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {calendar.chairs.map((chair) => (
          <tr key={chair.id}>
            <th scope="row">{chair.name}</th>
            {calendar.days.map((d) => {
              const bookings = chair.bookings.filter((b) => b.localStart.slice(0, 10) === d.date);
              return (
                <td key={d.date}>
                  {bookings.length === 0 ? (
                    <span className="muted">—</span>
                  ) : (
                    <ul className="week-bookings">
                      {bookings.map((b) => (
                        <li key={b.id} className={`booking-${b.status}`}>
                          <button type="button" className="button-link" onClick={() => onOpen(b)}>
                            {localTime(b.localStart)} {b.patientName}
                            <span className="visually-hidden">, {bookingDetail(b)}</span>
                          </button>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
