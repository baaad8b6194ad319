import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Patient, type RiskAlert } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { SectionHeading } from '../../components/section-heading.tsx';
import { can } from '../../permissions.ts';
import { useMe } from '../../session.tsx';
import { AcknowledgeDialog, AlertList, sortAlerts } from '../alerts/alert-list.tsx';
import { useOpenAlerts } from '../alerts-context.tsx';

export function PatientAlertsSection({
  patient,
  focus,
  onChanged,
}: {
  patient: Patient;
  focus: boolean;
  onChanged: () => void;
}) {
  const me = useMe();
  const { refresh } = useOpenAlerts();
  const [alerts, setAlerts] = useState<RiskAlert[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const [acknowledging, setAcknowledging] = useState<RiskAlert | null>(null);
  const listRef = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    try {
      setAlerts(sortAlerts((await api.listAlerts({ status: 'all', patientId: patient.id })).items));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [patient.id]);

  useEffect(() => {
    void load();
  }, [load]);

  const open = alerts?.filter((a) => !a.acknowledgedAt) ?? [];
  const done = alerts?.filter((a) => a.acknowledgedAt) ?? [];
  const canAcknowledge = can(me, 'alerts:acknowledge');

  return (
    <section aria-labelledby="patient-alerts-heading">
      <SectionHeading id="patient-alerts-heading" focus={focus}>
        Alerts
      </SectionHeading>
      <p role="status" className="status-line">
        {message}
      </p>
      <ErrorAlert error={error} />
      {!alerts && !error ? <p>Loading alerts…</p> : null}
      {alerts ? (
        <>
          <h3 ref={listRef} tabIndex={-1}>
            Open ({open.length})
          </h3>
          {open.length === 0 ? <p>No open alerts for this patient.</p> : null}
          {open.length > 0 ? (
            <AlertList
              alerts={open}
              showPatient={false}
              headingLevel={4}
              canAcknowledge={canAcknowledge}
              onAcknowledge={(a) => {
                setMessage('');
                setAcknowledging(a);
              }}
            />
          ) : null}
          <h3>Acknowledged ({done.length})</h3>
          {done.length === 0 ? <p>None.</p> : null}
          {done.length > 0 ? (
            <AlertList
              alerts={done}
              showPatient={false}
              headingLevel={4}
              canAcknowledge={false}
              onAcknowledge={() => {}}
            />
          ) : null}
        </>
      ) : null}
      <AcknowledgeDialog
        alert={acknowledging}
        onClose={(outcome) => {
          setAcknowledging(null);
          if (!outcome) return;
          setMessage(outcome.message);
          void load().then(() => listRef.current?.focus());
          onChanged();
          void refresh();
        }}
      />
    </section>
  );
}
