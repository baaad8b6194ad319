import { useCallback, useEffect, useState } from 'react';
import { type Plan, type PlanSummary, plansApi } from '../../api/plans.ts';
import type { Patient } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { SectionHeading } from '../../components/section-heading.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { can } from '../../permissions.ts';
import { useMe } from '../../session.tsx';
import { NextDosePanel } from './next-dose.tsx';
import { PlanForm } from './plan-form.tsx';
import { PlanView } from './plan-view.tsx';

/** The patient's treatment plan in force, its next dose, and a new plan (which supersedes it). */
export function PlanSection({ patient, focus }: { patient: Patient; focus: boolean }) {
  const me = useMe();
  const [plans, setPlans] = useState<PlanSummary[] | null>(null);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const [message, setMessage] = useState('');

  const load = useCallback(async () => {
    try {
      const list = (await plansApi.list(patient.id)).items;
      setPlans(list);
      const inForce = list.find((p) => p.inForce);
      setPlan(inForce ? await plansApi.read(inForce.id) : null);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [patient.id]);

  useEffect(() => {
    void load();
  }, [load]);

  const older = plans?.filter((p) => !p.inForce) ?? [];
  return (
    <section aria-labelledby="plan-heading">
      <SectionHeading id="plan-heading" focus={focus}>
        Treatment plan
      </SectionHeading>
      <p role="status" className="status-line">
        {message}
      </p>
      <ErrorAlert error={error} />
      {!plans && !error ? <p>Loading the treatment plan…</p> : null}
      {plans && !plan && !creating ? <p>No treatment plan yet.</p> : null}
      {plan && !creating ? (
        <>
          <PlanView plan={plan} />
          <NextDosePanel plan={plan} onDecided={() => void load()} />
        </>
      ) : null}
      {plans && can(me, 'plans:read') && (creating || !plan) ? (
        <PlanForm
          patient={patient}
          onCancel={plan ? () => setCreating(false) : undefined}
          onSigned={(signed) => {
            setCreating(false);
            setPlan(signed);
            setMessage(`Treatment plan signed: ${signed.sessions.length} sessions planned.`);
            void load();
          }}
        />
      ) : null}
      {plan && !creating && can(me, 'plans:sign') ? (
        <div className="actions">
          <button type="button" className="button button-secondary" onClick={() => setCreating(true)}>
            New plan (supersedes this one)
          </button>
        </div>
      ) : null}
      {older.length > 0 ? (
        <>
          <h3>Earlier plans</h3>
          <ul>
            {older.map((p) => (
              <li key={p.id}>
                {p.protocolId} version {p.protocolVersion}, {p.phaseId}, from {formatDate(p.startDate)} —
                signed by {p.signerName} {formatDateTime(p.signedAt)} (superseded)
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
