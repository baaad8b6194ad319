import { type FormEvent, useState } from 'react';
import { type SessionAlert, type SessionChart, sessionsApi } from '../../api/sessions.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { TextField } from '../../components/field.tsx';
import { useAction } from '../inventory/use-action.ts';
import { clockTime } from './chart-format.ts';

function AcknowledgeForm({
  sessionId,
  alert,
  onDone,
  canChart,
}: {
  sessionId: string;
  alert: SessionAlert;
  onDone: () => void;
  canChart: boolean;
}) {
  const [note, setNote] = useState('');
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const done = await action.run(() =>
      sessionsApi.acknowledgeAlert(sessionId, alert.id, note.trim() ? note.trim() : null),
    );
    if (done) onDone();
  };
  return (
    <li className="session-alert">
      <p>
        <strong>{alert.text}</strong> (value {alert.value}, at{' '}
        <time dateTime={alert.raisedAt}>{clockTime(alert.raisedAt)}</time>)
      </p>
      {canChart ? (
        <form aria-label={`Acknowledge: ${alert.text}`} onSubmit={submit} className="input-with-button">
          <ErrorAlert error={action.error} fieldsShown={['note']} />
          <TextField
            label="What was done"
            optional
            value={note}
            onChange={setNote}
            error={action.errors.note}
            autoComplete="off"
          />
          <button type="submit" className="button button-warning" disabled={action.busy}>
            Acknowledge
          </button>
        </form>
      ) : null}
    </li>
  );
}

/** Active alerts stay at the top of the chart until someone acknowledges them, with a note. */
export function AlertsPanel({
  chart,
  onChanged,
  canChart,
}: {
  chart: SessionChart;
  onChanged: () => void;
  canChart: boolean;
}) {
  const active = chart.alerts.filter((a) => !a.acknowledged);
  const done = chart.alerts.filter((a) => a.acknowledged);
  return (
    <>
      <section
        aria-labelledby="active-alerts"
        className={active.length > 0 ? 'alert alert-error session-alerts' : 'visually-hidden'}
      >
        <h2 id="active-alerts">
          {active.length > 0
            ? `${active.length} active ${active.length === 1 ? 'alert' : 'alerts'}`
            : 'No active alerts'}
        </h2>
        <ul>
          {active.map((a) => (
            <AcknowledgeForm
              key={a.id}
              sessionId={chart.id}
              alert={a}
              onDone={onChanged}
              canChart={canChart}
            />
          ))}
        </ul>
      </section>
      {done.length > 0 ? (
        <details className="card acknowledged-alerts">
          <summary>Acknowledged alerts ({done.length})</summary>
          <ul>
            {done.map((a) => (
              <li key={a.id}>
                {a.text} (value {a.value}, {clockTime(a.raisedAt)}): acknowledged by {a.acknowledged?.byName}{' '}
                at {a.acknowledged ? clockTime(a.acknowledged.at) : ''}
                {a.acknowledged?.note ? `: ${a.acknowledged.note}` : ''}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}
