import { useCallback, useEffect, useState } from 'react';
import { type DecisionView, type EligibilityView, eligibilityApi } from '../../api/eligibility.ts';
import { isApiError, type Patient } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { SectionHeading } from '../../components/section-heading.tsx';
import { can } from '../../permissions.ts';
import { Link } from '../../router.ts';
import { useMe } from '../../session.tsx';
import { SignatureLine } from '../intake/signature.tsx';
import { DecisionForm } from './decision-form.tsx';
import { DecisionHistory } from './decision-history.tsx';
import { RouteEvaluation } from './route-evaluation.tsx';
import { DECISION_LABELS } from './words.ts';

export function EligibilitySection({ patient, focus }: { patient: Patient; focus: boolean }) {
  const me = useMe();
  const canDecide = can(me, 'eligibility:decide');
  const [view, setView] = useState<EligibilityView | null>(null);
  const [decisions, setDecisions] = useState<DecisionView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');

  const load = useCallback(async () => {
    try {
      const [fresh, history] = await Promise.all([
        eligibilityApi.evaluate(patient.id).catch((e: unknown) => {
          if (isApiError(e) && e.status === 409) return null;
          throw e;
        }),
        eligibilityApi.decisions(patient.id),
      ]);
      setView(fresh);
      setDecisions(history.items);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [patient.id]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="eligibility-heading">
      <SectionHeading id="eligibility-heading" focus={focus}>
        Eligibility
      </SectionHeading>
      <p className="hint">
        {canDecide
          ? 'The rules inform; you decide and sign. Overriding an exclusion needs a written reason.'
          : 'You can read the evaluation and the decisions; only prescribers sign a decision.'}
      </p>
      <ErrorAlert error={error} />
      <div role="status">{notice ? <p className="alert alert-success">{notice}</p> : null}</div>
      {decisions === null && !error ? <p role="status">Evaluating…</p> : null}
      {decisions !== null && view === null ? (
        <p className="alert alert-info">
          There is no verified intake yet: a clinician verifies the{' '}
          <Link to={`/app/patients/${patient.id}/intake`}>intake</Link> first, then the rules can be
          evaluated.
        </p>
      ) : null}
      {view ? (
        <>
          <p data-testid="evaluation-basis">
            Evaluated on intake version {view.intake.version}
            {view.intake.kind === 'addendum' ? ' (corrected by addendum)' : ''} with rule set{' '}
            <strong>
              {view.ruleSet.id} version {view.ruleSet.version}
            </strong>
            .{' '}
            {view.intake.signature ? (
              <span className="small">
                Intake <SignatureLine signature={view.intake.signature} />
              </span>
            ) : null}
          </p>
          {view.evaluations.map((evaluation) => {
            const inForce = view.decisions.find((d) => d.route === evaluation.route);
            return (
              <div key={evaluation.route} className="route-block">
                <RouteEvaluation evaluation={evaluation} />
                {inForce ? (
                  <p className="decision-in-force">
                    Decision in force: <strong>{DECISION_LABELS[inForce.decision]}</strong>.{' '}
                    <SignatureLine signature={inForce.signature} />
                  </p>
                ) : null}
                {canDecide ? (
                  <DecisionForm
                    patientId={patient.id}
                    view={view}
                    evaluation={evaluation}
                    onSigned={(message) => {
                      setNotice(message);
                      void load();
                    }}
                    onReload={() => void load()}
                  />
                ) : null}
              </div>
            );
          })}
        </>
      ) : null}
      {decisions !== null ? (
        <section aria-labelledby="decision-history-heading">
          <h3 id="decision-history-heading">Decision history</h3>
          <DecisionHistory decisions={decisions} />
        </section>
      ) : null}
    </section>
  );
}
