import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { type Booking, type Calendar, scheduleApi } from '../../api/schedule.ts';
import { api, type Location } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { SelectField, TextField } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { can } from '../../permissions.ts';
import { navigate } from '../../router.ts';
import { useMe } from '../../session.tsx';
import { type BookingStart, BookSessionDialog } from './book-session-dialog.tsx';
import { BookingDialog } from './booking-dialog.tsx';
import { DayTable, DayTimeline } from './day-view.tsx';
import { WeekTable } from './week-view.tsx';
import { addDays, formatLongDay, formatShortDay, todayAt } from './zoned-time.ts';

type View = 'day' | 'week';

function readParams(search: string) {
  const p = new URLSearchParams(search);
  const view: View = p.get('view') === 'week' ? 'week' : 'day';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(p.get('date') ?? '') ? (p.get('date') as string) : '';
  return { locationId: p.get('location') ?? '', view, date };
}

/** Day and week calendars of one location, in the location's time zone. */
export function CalendarPage({ search }: { search: string }) {
  const me = useMe();
  const canBook = can(me, 'schedule:book');
  const params = readParams(search);
  const [locations, setLocations] = useState<Location[] | null>(null);
  const [calendar, setCalendar] = useState<Calendar | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [asTable, setAsTable] = useState(false);
  const [includeCancelled, setIncludeCancelled] = useState(false);
  const [open, setOpen] = useState<Booking | null>(null);
  const [booking, setBooking] = useState<BookingStart | null>(null);
  const [notice, setNotice] = useState('');
  const headingId = useId();

  useEffect(() => {
    api.listLocations().then(({ items }) => setLocations(items), setError);
  }, []);

  const location = locations?.find((l) => l.id === params.locationId) ?? locations?.[0];
  const date = params.date || (location ? todayAt(location.timeZone) : '');
  const view = params.view;

  const go = useCallback(
    (next: Partial<{ locationId: string; view: View; date: string }>) => {
      const q = new URLSearchParams({
        location: next.locationId ?? location?.id ?? '',
        view: next.view ?? view,
        date: next.date ?? date,
      });
      navigate(`/app/schedule?${q.toString()}`, { replace: true });
    },
    [location, view, date],
  );

  // Stepping quickly through days starts several loads: only the latest one may fill the page.
  const latest = useRef(0);
  const load = useCallback(async () => {
    if (!location || !date) return;
    const ticket = ++latest.current;
    try {
      const fresh = await scheduleApi.calendar(location.id, view, date, includeCancelled);
      if (ticket !== latest.current) return;
      setCalendar(fresh);
      setError(null);
    } catch (e) {
      if (ticket === latest.current) setError(e);
    }
  }, [location, view, date, includeCancelled]);

  useEffect(() => {
    void load();
  }, [load]);

  const step = view === 'week' ? 7 : 1;
  const title =
    view === 'week' && calendar
      ? `Week of ${formatShortDay(calendar.days[0]?.date ?? date)}`
      : date
        ? formatLongDay(date)
        : '';

  return (
    <>
      <PageHeader title="Schedule">
        {canBook ? (
          <button
            type="button"
            className="button"
            disabled={!location}
            onClick={() => setBooking({ locationId: location?.id ?? '', date })}
          >
            Book a session
          </button>
        ) : null}
      </PageHeader>
      <ErrorAlert error={error} />
      <p role="status" className={notice ? 'alert alert-success' : 'visually-hidden'}>
        {notice}
      </p>
      {locations && locations.length === 0 ? <p>No locations yet: an admin adds them first.</p> : null}
      {location ? (
        <div className="calendar-toolbar">
          <SelectField label="Location" value={location.id} onChange={(id) => go({ locationId: id })}>
            {(locations ?? []).map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </SelectField>
          <SelectField label="View" value={view} onChange={(v) => go({ view: v as View })}>
            <option value="day">Day</option>
            <option value="week">Week</option>
          </SelectField>
          <TextField label="Date" type="date" value={date} onChange={(d) => d && go({ date: d })} />
          <div className="actions calendar-steps">
            <button
              type="button"
              className="button button-secondary"
              onClick={() => go({ date: addDays(date, -step) })}
            >
              Previous {view}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => go({ date: todayAt(location.timeZone) })}
            >
              Today
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => go({ date: addDays(date, step) })}
            >
              Next {view}
            </button>
          </div>
          <div className="actions">
            <label className="checkbox">
              <input
                type="checkbox"
                checked={includeCancelled}
                onChange={(e) => setIncludeCancelled(e.target.checked)}
              />
              Show cancelled and no-shows
            </label>
            {view === 'day' ? (
              <label className="checkbox">
                <input type="checkbox" checked={asTable} onChange={(e) => setAsTable(e.target.checked)} />
                Show the day as a table
              </label>
            ) : null}
          </div>
        </div>
      ) : null}
      {calendar && location ? (
        <section aria-labelledby={headingId} className="calendar">
          <h2 id={headingId}>
            {title} · {calendar.location.name}
          </h2>
          <p className="hint">
            Times are local to {calendar.location.name} ({calendar.location.timeZone}).
          </p>
          {view === 'day' ? (
            <>
              <p data-testid="staff-hours">
                <strong>Staff hours:</strong>{' '}
                {calendar.days[0]?.staffHours.length
                  ? calendar.days[0].staffHours.map((h) => `${h.userName} ${h.start}–${h.end}`).join('; ')
                  : 'nobody is scheduled this day, so nothing can be booked.'}
              </p>
              {calendar.chairs.length === 0 ? (
                <p>This location has no chairs or rooms yet: an admin adds them under Chairs and hours.</p>
              ) : asTable ? (
                <TableRegion labelledBy={`${headingId}-table`}>
                  <DayTable calendar={calendar} captionId={`${headingId}-table`} onOpen={setOpen} />
                </TableRegion>
              ) : (
                <div className="timeline-wrap">
                  <DayTimeline
                    calendar={calendar}
                    canBook={canBook}
                    onOpen={setOpen}
                    onBook={(chairId) => setBooking({ locationId: location.id, chairId, date })}
                  />
                </div>
              )}
            </>
          ) : (
            <TableRegion labelledBy={`${headingId}-week`}>
              <WeekTable
                calendar={calendar}
                captionId={`${headingId}-week`}
                onOpen={setOpen}
                onDay={(d) => go({ view: 'day', date: d })}
              />
            </TableRegion>
          )}
        </section>
      ) : null}
      <BookingDialog
        booking={open}
        canBook={canBook}
        onClose={(changed) => {
          setOpen(null);
          if (changed) {
            setNotice(`Booking for ${changed.patientName} is now ${changed.status}.`);
            void load();
          }
        }}
      />
      <BookSessionDialog
        start={booking}
        onClose={(booked) => {
          setBooking(null);
          if (booked) {
            setNotice(
              `Booked ${booked.patientName} in ${booked.chairName}, ${booked.localStart.replace('T', ' ')}.`,
            );
            void load();
          }
        }}
      />
    </>
  );
}
