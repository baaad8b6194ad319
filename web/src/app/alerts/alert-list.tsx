import { type FormEvent, useId, useState } from 'react';
import {
  ALERT_ACTION_LABELS,
  ALERT_ACTIONS,
  type AlertAction,
  api,
  isApiError,
  type RiskAlert,
} from '../../api.ts';
import { ErrorAlert, fieldErrorsOf } from '../../components/error-alert.tsx';
import { RadioGroup, TextAreaField } from '../../components/field.tsx';
import { Modal } from '../../components/modal.tsx';
import { formatDateTime, instrumentName } from '../../format.ts';
import { Link } from '../../router.ts';

/** Open alerts: high first, then oldest first. Acknowledged: most recently acknowledged first. */
export function sortAlerts(alerts: RiskAlert[]): RiskAlert[] {
  return [...alerts].sort((a, b) => {
    if (!a.acknowledgedAt !== !b.acknowledgedAt) return a.acknowledgedAt ? 1 : -1;
    if (a.acknowledgedAt && b.acknowledgedAt) return b.acknowledgedAt.localeCompare(a.acknowledgedAt);
    if (a.level !== b.level) return a.level === 'high' ? -1 : 1;
    return a.createdAt.localeCompare(b.createdAt);
  });
}

function paging(alert: RiskAlert): string {
  if (alert.pagedAt) return `On-call paged ${formatDateTime(alert.pagedAt)}`;
  if (alert.acknowledgedAt) return 'Acknowledged before paging';
  return `Pages the on-call contact at ${formatDateTime(alert.pageDueAt)} if still open`;
}

export function AlertList({
  alerts,
  showPatient,
  canAcknowledge,
  onAcknowledge,
  headingLevel = 3,
}: {
  alerts: RiskAlert[];
  showPatient: boolean;
  canAcknowledge: boolean;
  onAcknowledge: (alert: RiskAlert) => void;
  headingLevel?: 3 | 4;
}) {
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <ul className="alert-cards">
      {alerts.map((alert) => {
        const label = showPatient
          ? `${alert.patientName} (${alert.patientMrn})`
          : `${instrumentName(alert.instrument)}, ${formatDateTime(alert.createdAt)}`;
        return (
          <li
            key={alert.id}
            className={`alert-card alert-card-${alert.level}${alert.acknowledgedAt ? ' alert-card-done' : ''}`}
          >
            <Heading className="alert-card-title">
              <span className={`badge ${alert.level === 'high' ? 'badge-high' : 'badge-warn'}`}>
                {alert.level === 'high' ? 'High risk' : 'Suicide risk'}
              </span>{' '}
              {showPatient ? (
                <>
                  <Link to={`/app/patients/${alert.patientId}`}>{alert.patientName}</Link>{' '}
                  <span className="muted nowrap">{alert.patientMrn}</span>
                </>
              ) : (
                <span>
                  {instrumentName(alert.instrument)} answer on {formatDateTime(alert.createdAt)}
                </span>
              )}
            </Heading>
            <p>
              {showPatient ? <strong>{instrumentName(alert.instrument)}: </strong> : null}
              {alert.reasons.join('; ')}
            </p>
            <p className="muted small">
              {showPatient ? <>Raised {formatDateTime(alert.createdAt)}. </> : null}
              {paging(alert)}.
            </p>
            {alert.acknowledgedAt ? (
              <p className="ack-line">
                <span className="badge badge-ok">Acknowledged</span> by{' '}
                {alert.acknowledgedBy ?? 'a former user'} on {formatDateTime(alert.acknowledgedAt)}:{' '}
                {alert.action
                  ? ALERT_ACTION_LABELS[alert.action].replace(/ \(.*\)$/, '')
                  : 'no action recorded'}
                .{alert.note ? <span className="ack-note"> Note: {alert.note}</span> : null}
              </p>
            ) : canAcknowledge ? (
              <div className="actions">
                <button type="button" className="button" onClick={() => onAcknowledge(alert)}>
                  Acknowledge<span className="visually-hidden"> alert for {label}</span>
                </button>
              </div>
            ) : (
              <p className="muted">Open until a prescriber, nurse or therapist acknowledges it.</p>
            )}
          </li>
        );
      })}
    </ul>
  );
}

export function AcknowledgeDialog({
  alert,
  onClose,
}: {
  alert: RiskAlert | null;
  /** done: the alert is acknowledged now (by this user, or by someone else meanwhile). */
  onClose: (outcome: { done: boolean; message: string } | null) => void;
}) {
  const titleId = useId();
  const descriptionId = useId();
  const [action, setAction] = useState<AlertAction | ''>('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const reset = () => {
    setAction('');
    setNote('');
    setError(null);
    setLocalErrors({});
    setBusy(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!alert) return;
    if (!action) {
      setLocalErrors({ action: 'Choose what you did.' });
      return;
    }
    setLocalErrors({});
    setBusy(true);
    setError(null);
    try {
      await api.acknowledgeAlert(alert.id, { action, note: note.trim() || null });
      reset();
      onClose({ done: true, message: `Alert for ${alert.patientName} acknowledged.` });
    } catch (e) {
      setBusy(false);
      if (isApiError(e) && e.status === 409) {
        reset();
        onClose({
          done: true,
          message: 'Someone else acknowledged this alert meanwhile; the list is up to date.',
        });
      } else {
        setError(e);
      }
    }
  };

  const errors = { ...fieldErrorsOf(error), ...localErrors };
  return (
    <Modal
      open={alert !== null}
      labelledBy={titleId}
      describedBy={descriptionId}
      onDismiss={() => {
        reset();
        onClose(null);
      }}
      className="modal-wide"
    >
      {alert ? (
        <form onSubmit={submit} noValidate className="stack">
          <h2 id={titleId}>Acknowledge alert</h2>
          <p id={descriptionId}>
            {alert.patientName} ({alert.patientMrn}), {instrumentName(alert.instrument)}:{' '}
            {alert.reasons.join('; ')}. Record what you did; the alert then leaves the worklist and your name
            is kept with it.
          </p>
          <ErrorAlert error={error} fieldsShown={['action', 'note']} />
          <RadioGroup
            legend="What did you do?"
            name="action"
            options={ALERT_ACTIONS}
            labels={ALERT_ACTION_LABELS}
            value={action}
            onChange={setAction}
            error={errors.action}
            className="radio-stack"
          />
          <TextAreaField
            label="Note"
            optional={action !== 'other'}
            hint={
              action === 'other'
                ? 'Required: describe what was done.'
                : 'What was said or agreed, next steps.'
            }
            rows={3}
            maxLength={2000}
            value={note}
            onChange={setNote}
            error={errors.note}
          />
          <div className="actions">
            <button type="submit" className="button" disabled={busy}>
              {busy ? 'Saving…' : 'Acknowledge alert'}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                reset();
                onClose(null);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </Modal>
  );
}
