import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type RiskAlert } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { can } from '../../permissions.ts';
import { useMe } from '../../session.tsx';
import { useOpenAlerts } from '../alerts-context.tsx';
import { AcknowledgeDialog, AlertList, sortAlerts } from './alert-list.tsx';

export function AlertsPage() {
  const me = useMe();
  const { refresh: refreshCount } = useOpenAlerts();
  const [open, setOpen] = useState<RiskAlert[] | null>(null);
  const [done, setDone] = useState<RiskAlert[] | null>(null);
  const [showDone, setShowDone] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const [acknowledging, setAcknowledging] = useState<RiskAlert | null>(null);
  const openHeading = useRef<HTMLHeadingElement>(null);
  const canAcknowledge = can(me, 'alerts:acknowledge');

  const load = useCallback(async (withDone: boolean) => {
    try {
      const [openItems, doneItems] = await Promise.all([
        api.listAlerts({ status: 'open' }),
        withDone ? api.listAlerts({ status: 'acknowledged' }) : Promise.resolve(null),
      ]);
      setOpen(sortAlerts(openItems.items));
      if (doneItems) setDone(sortAlerts(doneItems.items));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);

  useEffect(() => {
    void load(showDone);
  }, [load, showDone]);

  return (
    <>
      <PageHeader title="Alerts" />
      <p className="lead">
        Suicide-risk answers raise an alert that stays here until a prescriber, nurse or therapist
        acknowledges it with the action taken. High-risk alerts page the on-call contact at once; others when
        still open after the clinic’s delay.
      </p>
      <p role="status" className="status-line">
        {message}
      </p>
      <ErrorAlert error={error} />
      <section aria-labelledby="open-alerts-heading">
        <h2 id="open-alerts-heading" ref={openHeading} tabIndex={-1}>
          Open alerts{open ? ` (${open.length})` : ''}
        </h2>
        {!open && !error ? <p>Loading alerts…</p> : null}
        {open && open.length === 0 ? <p className="card empty-state">No open alerts.</p> : null}
        {open && open.length > 0 ? (
          <AlertList
            alerts={open}
            showPatient
            canAcknowledge={canAcknowledge}
            onAcknowledge={(alert) => {
              setMessage('');
              setAcknowledging(alert);
            }}
          />
        ) : null}
      </section>
      <div className="actions after-form">
        <button
          type="button"
          className="button button-secondary"
          aria-expanded={showDone}
          aria-controls="done-alerts"
          onClick={() => setShowDone((s) => !s)}
        >
          {showDone ? 'Hide acknowledged alerts' : 'Show acknowledged alerts'}
        </button>
      </div>
      <section id="done-alerts" aria-labelledby="done-alerts-heading" hidden={!showDone}>
        <h2 id="done-alerts-heading">Acknowledged alerts</h2>
        {showDone && !done ? <p>Loading…</p> : null}
        {done && done.length === 0 ? <p>None yet.</p> : null}
        {done && done.length > 0 ? (
          <AlertList alerts={done} showPatient canAcknowledge={false} onAcknowledge={() => {}} />
        ) : null}
      </section>
      <AcknowledgeDialog
        alert={acknowledging}
        onClose={(outcome) => {
          setAcknowledging(null);
          if (!outcome) return;
          setMessage(outcome.message);
          void load(showDone).then(() => openHeading.current?.focus());
          void refreshCount();
        }}
      />
    </>
  );
}
