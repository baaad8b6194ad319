import type { Booking } from '../../api/schedule.ts';
import { can } from '../../permissions.ts';
import { Link } from '../../router.ts';
import { useMe } from '../../session.tsx';
import './session-link.css';
import { localTime, todayAt } from './zoned-time.ts';

/** Whether a booking can be checked in now: still booked, today at its location, no session yet. */
export function checkInDue(b: Booking, now = new Date()): boolean {
  return b.status === 'booked' && !b.sessionId && b.localStart.slice(0, 10) === todayAt(b.timeZone, now);
}

/**
 * The way from a booking into its treatment session: "Check in" on today's booked sessions for
 * those who chart, "Open chart" once the patient is checked in; nothing otherwise.
 */
export function SessionLink({
  booking,
  className = 'button button-small',
}: {
  booking: Booking;
  className?: string;
}) {
  const me = useMe();
  const what = (
    <span className="visually-hidden">
      {' '}
      {booking.patientName} at {localTime(booking.localStart)}
    </span>
  );
  if (booking.sessionId) {
    if (!can(me, 'sessions:read')) return null;
    return (
      <Link to={`/app/sessions/${booking.sessionId}`} className={className}>
        Open chart{what}
      </Link>
    );
  }
  if (!can(me, 'sessions:chart') || !checkInDue(booking)) return null;
  return (
    <Link to={`/app/bookings/${booking.id}/check-in`} className={className}>
      Check in{what}
    </Link>
  );
}
