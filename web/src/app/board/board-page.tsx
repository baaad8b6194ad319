import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { sessionsApi } from '../../api/sessions.ts';
import { api, isApiError, type Location } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { SelectField } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { can } from '../../permissions.ts';
import { navigate } from '../../router.ts';
import { useMe } from '../../session.tsx';
import { type Board, type BoardAlert, type BoardSession, boardApi } from './board-api.ts';
import { boardChanges, overdueSessions } from './board-changes.ts';
import './board.css';
import { ChairCard } from './chair-card.tsx';
import { useAnnouncer } from './use-announcer.ts';
import { type StreamState, useBoardStream } from './use-board-stream.ts';
import { useRemembered } from './use-remembered.ts';
import { useTickingClock } from './use-ticking-clock.ts';
import { initials, timeAt } from './words.ts';

const STREAM_WORDS: Record<StreamState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

/** Reads the board again on every change; changes that arrive during a read start one more read. */
function useBoard(locationId: string | null, onRead: (before: Board | null, after: Board) => void) {
  const [board, setBoard] = useState<Board | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [readAt, setReadAt] = useState<number | null>(null);
  const current = useRef<Board | null>(null);
  const wanted = useRef(locationId);
  wanted.current = locationId;
  const reading = useRef(false);
  const again = useRef(false);
  const read = useRef(onRead);
  read.current = onRead;

  const refresh = useCallback(async () => {
    if (reading.current) {
      again.current = true;
      return;
    }
    reading.current = true;
    try {
      do {
        again.current = false;
        const id = wanted.current;
        if (!id) return;
        try {
          const fresh = await boardApi.read(id);
          if (wanted.current !== id) {
            again.current = true;
            continue;
          }
          const before = current.current?.location.id === id ? current.current : null;
          current.current = fresh;
          setBoard(fresh);
          setReadAt(Date.now());
          setError(null);
          read.current(before, fresh);
        } catch (e) {
          if (wanted.current === id) setError(e);
        }
      } while (again.current);
    } finally {
      reading.current = false;
    }
  }, []);

  useEffect(() => {
    if (locationId) void refresh();
  }, [locationId, refresh]);

  const shown = board && board.location.id === locationId ? board : null;
  return { board: shown, error, readAt, refresh };
}

/** The live clinic board: every chair of a location, updated as the chart changes. */
export function BoardPage({ search }: { search: string }) {
  const me = useMe();
  const canAcknowledge = can(me, 'sessions:chart');
  const [locations, setLocations] = useState<Location[] | null>(null);
  const [locationsError, setLocationsError] = useState<unknown>(null);
  const [remembered, remember] = useRemembered(`ketaflow.board.location.${me.id}`, '');
  const [initialsOnly, setInitialsOnly] = useRemembered(`ketaflow.board.initials.${me.id}`, 'no');
  const [politeText, announcePolitely] = useAnnouncer();
  const [urgentText, announceUrgently] = useAnnouncer();
  const [acknowledging, setAcknowledging] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [fullScreen, setFullScreen] = useState(false);
  const boardRef = useRef<HTMLDivElement>(null);
  const headingId = useId();

  useEffect(() => {
    api.listLocations().then(({ items }) => setLocations(items), setLocationsError);
  }, []);

  const asked = new URLSearchParams(search).get('location') ?? '';
  const location =
    locations?.find((l) => l.id === asked) ??
    locations?.find((l) => l.id === remembered) ??
    locations?.[0] ??
    null;
  const locationId = location?.id ?? null;

  const nameOf = useCallback(
    (session: BoardSession) => (initialsOnly === 'yes' ? initials(session.patientName) : session.patientName),
    [initialsOnly],
  );

  const { board, error, readAt, refresh } = useBoard(locationId, (before, after) => {
    const changes = boardChanges(before, after, nameOf);
    announcePolitely(changes.polite);
    announceUrgently(changes.urgent);
  });
  const stream = useBoardStream(locationId, () => void refresh());
  const skewMs = board ? Date.parse(board.at) - (readAt ?? Date.now()) : 0;
  const nowMs = useTickingClock(skewMs);

  // Vitals fall due as time passes, between events: say so once when a due time the board has been
  // counting down passes (not for one already due when it first appeared, such as at check-in).
  const countdowns = useRef(new Map<string, 'counting' | 'quiet'>());
  useEffect(() => {
    if (!board) return;
    const overdue = overdueSessions(board, nowMs);
    const before = countdowns.current;
    const after = new Map<string, 'counting' | 'quiet'>();
    const fresh: string[] = [];
    for (const chair of board.chairs) {
      const dueAt = chair.session?.nextVitalsDue?.dueAt;
      if (!chair.session || !dueAt) continue;
      const key = `${chair.session.id}@${dueAt}`;
      const was = before.get(key);
      if (overdue.has(chair.session.id)) {
        if (was === 'counting') fresh.push(`${chair.chairName}: vitals overdue.`);
        after.set(key, 'quiet');
      } else {
        after.set(key, was === 'counting' || Date.parse(dueAt) - nowMs > 5_000 ? 'counting' : 'quiet');
      }
    }
    countdowns.current = after;
    announcePolitely(fresh);
  }, [board, nowMs, announcePolitely]);

  useEffect(() => {
    const onChange = () => setFullScreen(document.fullscreenElement === boardRef.current);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  const choose = (id: string) => {
    remember(id);
    navigate(`/app/board?location=${encodeURIComponent(id)}`, { replace: true });
  };

  const acknowledge = async (session: BoardSession, alert: BoardAlert) => {
    setAcknowledging(alert.id);
    setActionError(null);
    try {
      await sessionsApi.acknowledgeAlert(session.id, alert.id, null);
    } catch (e) {
      // Someone else acknowledged it first: the board shows it gone once re-read.
      if (!(isApiError(e) && e.status === 409)) setActionError(e);
    } finally {
      setAcknowledging(null);
      void refresh();
    }
  };

  const toggleFullScreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void boardRef.current?.requestFullscreen();
  };

  const alerting = board?.chairs.filter((c) => (c.session?.activeAlerts.length ?? 0) > 0) ?? [];

  return (
    <div className="clinic-board">
      <PageHeader title="Clinic board" />
      <ErrorAlert error={locationsError} />
      {locations && locations.length === 0 ? <p>No locations yet: an admin adds them first.</p> : null}
      {location && locations ? (
        <div className="board-toolbar">
          <SelectField label="Location" value={location.id} onChange={choose}>
            {locations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </SelectField>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={initialsOnly === 'yes'}
              onChange={(e) => setInitialsOnly(e.target.checked ? 'yes' : 'no')}
            />
            Show initials only (for a screen others can see)
          </label>
          {document.fullscreenEnabled ? (
            <button type="button" className="button button-secondary" onClick={toggleFullScreen}>
              {fullScreen ? 'Leave full screen' : 'Full screen'}
            </button>
          ) : null}
        </div>
      ) : null}
      <div role="status" className="visually-hidden" data-testid="board-announcements">
        {politeText.map((m) => (
          <p key={m.id}>{m.text}</p>
        ))}
      </div>
      <div role="alert" className="visually-hidden" data-testid="board-alert-announcements">
        {urgentText.map((m) => (
          <p key={m.id}>{m.text}</p>
        ))}
      </div>
      <ErrorAlert error={error} />
      <ErrorAlert error={actionError} />
      {board ? (
        <section ref={boardRef} className="board-surface" aria-labelledby={headingId}>
          <div className="board-heading">
            <h2 id={headingId}>{board.location.name}</h2>
            <p className={`board-connection board-connection-${stream}`} role="status">
              <span className="board-connection-dot" aria-hidden="true" />
              {STREAM_WORDS[stream]}
              {stream === 'reconnecting' && readAt
                ? ` — the board may be out of date (last read ${timeAt(new Date(readAt).toISOString(), board.location.timeZone)})`
                : ''}
            </p>
          </div>
          {alerting.length > 0 ? (
            <p className="board-alert-summary">
              <span aria-hidden="true" className="board-alert-icon">
                !
              </span>{' '}
              <strong>Alerts at {alerting.map((c) => c.chairName).join(', ')}</strong>
            </p>
          ) : null}
          {board.chairs.length === 0 ? (
            <p>No chairs or rooms at this location yet: an admin adds them under Chairs and hours.</p>
          ) : (
            <ul className="board-chairs">
              {board.chairs.map((chair) => (
                <ChairCard
                  key={chair.chairId}
                  chair={chair}
                  timeZone={board.location.timeZone}
                  nowMs={nowMs}
                  nameOf={nameOf}
                  onAcknowledge={canAcknowledge ? acknowledge : null}
                  acknowledging={acknowledging}
                />
              ))}
            </ul>
          )}
          <p className="hint">
            Times are local to {board.location.name} ({board.location.timeZone}).
          </p>
        </section>
      ) : location && !error ? (
        <p role="status">Loading the board…</p>
      ) : null}
    </div>
  );
}
