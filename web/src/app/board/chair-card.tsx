import { useId } from 'react';
import { Link } from '../../router.ts';
import type { BoardAlert, BoardChair, BoardSession } from './board-api.ts';
import {
  countdown,
  countdownText,
  minutesSince,
  minutesText,
  PHASE_WORDS,
  readingText,
  timeAt,
} from './words.ts';

type CardProps = {
  chair: BoardChair;
  timeZone: string;
  nowMs: number;
  nameOf: (session: BoardSession) => string;
  /** Null when the role may not acknowledge. */
  onAcknowledge: ((session: BoardSession, alert: BoardAlert) => void) | null;
  acknowledging: string | null;
};

function VitalsDueLine({
  session,
  timeZone,
  nowMs,
}: {
  session: BoardSession;
  timeZone: string;
  nowMs: number;
}) {
  const due = session.nextVitalsDue;
  if (!due) return <dd>None due</dd>;
  if (!due.dueAt) return <dd>{due.reason}</dd>;
  const left = countdown(due.dueAt, nowMs);
  const overdue = left.kind === 'overdue' || left.kind === 'due-now';
  return (
    <dd className={overdue ? 'board-overdue' : undefined}>
      {overdue ? (
        <>
          <span aria-hidden="true" className="board-overdue-icon">
            !
          </span>{' '}
          <strong>Vitals {countdownText(left)}</strong>
        </>
      ) : (
        <>Vitals {countdownText(left)}</>
      )}{' '}
      <span className="board-detail">
        ({due.reason.toLowerCase()}, at {timeAt(due.dueAt, timeZone)})
      </span>
    </dd>
  );
}

function AlertList({
  session,
  who,
  timeZone,
  onAcknowledge,
  acknowledging,
}: {
  session: BoardSession;
  who: string;
  timeZone: string;
  onAcknowledge: CardProps['onAcknowledge'];
  acknowledging: string | null;
}) {
  const headingId = useId();
  return (
    <section className="board-alerts" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <span aria-hidden="true" className="board-alert-icon">
          !
        </span>{' '}
        {session.activeAlerts.length === 1 ? 'Alert' : `${session.activeAlerts.length} alerts`}
      </h3>
      <ul>
        {session.activeAlerts.map((alert) => (
          <li key={alert.id}>
            <strong>{alert.text}</strong> <span>(reading {readingText(alert.thresholdId, alert.value)})</span>{' '}
            <span className="board-detail">since {timeAt(alert.raisedAt, timeZone)}</span>
            {onAcknowledge ? (
              <button
                type="button"
                className="button button-small button-secondary"
                disabled={acknowledging === alert.id}
                onClick={() => onAcknowledge(session, alert)}
              >
                Acknowledge
                <span className="visually-hidden">
                  {' '}
                  {alert.text} for {who}
                </span>
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One chair: who is in it, how far along, when the next vitals are due, and any alert. */
export function ChairCard({ chair, timeZone, nowMs, nameOf, onAcknowledge, acknowledging }: CardProps) {
  const headingId = useId();
  const session = chair.session;
  const alerting = (session?.activeAlerts.length ?? 0) > 0;
  const who = session ? nameOf(session) : '';
  return (
    <li className={`board-chair${alerting ? ' board-chair-alert' : ''}${session ? '' : ' board-chair-free'}`}>
      <article aria-labelledby={headingId}>
        <h2 id={headingId} className="board-chair-name">
          {chair.chairName}
        </h2>
        {session ? (
          <>
            <p className="board-patient">{who}</p>
            <p>
              <span className={`badge board-phase board-phase-${session.phase}`}>
                {PHASE_WORDS[session.phase]}
              </span>
            </p>
            {alerting ? (
              <AlertList
                session={session}
                who={who}
                timeZone={timeZone}
                onAcknowledge={onAcknowledge}
                acknowledging={acknowledging}
              />
            ) : null}
            <dl className="board-facts">
              <div>
                <dt>Since the dose</dt>
                <dd>
                  {session.doseStartedAt && session.phase !== 'discharged' && session.phase !== 'ended'
                    ? minutesText(minutesSince(session.doseStartedAt, nowMs))
                    : session.doseStartedAt
                      ? `dose at ${timeAt(session.doseStartedAt, timeZone)}`
                      : session.phase === 'ended'
                        ? 'Not dosed'
                        : 'Not dosed yet'}
                </dd>
              </div>
              <div>
                <dt>Next vitals</dt>
                <VitalsDueLine session={session} timeZone={timeZone} nowMs={nowMs} />
              </div>
            </dl>
            <p>
              <Link to={`/app/sessions/${session.id}`} className="board-chart-link">
                Open chart<span className="visually-hidden"> of {who}</span>
              </Link>
            </p>
          </>
        ) : (
          <p className="board-free">Free</p>
        )}
      </article>
    </li>
  );
}
