import type { EvaluationView, FiredRuleView } from '../../api/eligibility.ts';
import { DECISION_LABELS, ROUTE_LABELS, SEVERITY_LABELS } from './words.ts';

const SEVERITY_BADGES = { exclusion: 'badge-high', caution: 'badge-warn', info: 'badge-off' } as const;

function Sources({ rule }: { rule: FiredRuleView }) {
  return (
    <div className="rule-sources">
      <p className="small">
        <strong>Sources:</strong> {rule.citations.length === 0 ? 'no published source.' : null}
        {rule.clinicPolicy ? (
          <span className="badge badge-off">
            Clinic policy (an admin can edit it under Admin, Eligibility rules)
          </span>
        ) : null}
      </p>
      {rule.citations.length > 0 ? (
        <ul className="citations">
          {rule.citations.map((c) => (
            <li key={c.id}>
              <code>{c.id}</code>: {c.citation}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Every rule that fired for one route, with its finding, plain reason and sources. */
export function RouteEvaluation({ evaluation }: { evaluation: EvaluationView }) {
  const route = ROUTE_LABELS[evaluation.route];
  const headingId = `eval-${evaluation.route}`;
  return (
    <section className="card" aria-labelledby={headingId} data-testid={`evaluation-${evaluation.route}`}>
      <h3 id={headingId}>{route}</h3>
      <p>
        Suggested by the rules: <strong>{DECISION_LABELS[evaluation.suggestedDecision]}</strong>. The software
        informs; the prescriber decides.
      </p>
      <h4>Rules that fired ({evaluation.fired.length})</h4>
      {evaluation.fired.length === 0 ? <p className="muted">No rule fired.</p> : null}
      <ul className="rule-list">
        {evaluation.fired.map((rule) => (
          <li key={rule.ruleId} className={`rule rule-${rule.severity}`}>
            <p className="rule-title">
              <span className={`badge ${SEVERITY_BADGES[rule.severity]}`}>
                {SEVERITY_LABELS[rule.severity]}
              </span>{' '}
              <strong>{rule.title}</strong> <span className="muted small">({rule.ruleId})</span>
            </p>
            <p>
              <strong>Found:</strong> {rule.finding}
            </p>
            <p>
              <strong>Why:</strong> {rule.reason}
            </p>
            <Sources rule={rule} />
          </li>
        ))}
      </ul>
      {evaluation.unanswered.length > 0 ? (
        <>
          <h4>Rules the intake cannot answer yet ({evaluation.unanswered.length})</h4>
          <ul className="rule-list">
            {evaluation.unanswered.map((rule) => (
              <li key={rule.ruleId} className={`rule rule-${rule.severity}`}>
                <p className="rule-title">
                  <span className={`badge ${SEVERITY_BADGES[rule.severity]}`}>
                    {SEVERITY_LABELS[rule.severity]}
                  </span>{' '}
                  <strong>{rule.title}</strong> <span className="muted small">({rule.ruleId})</span>
                </p>
                <p>Missing: {rule.missing.join('; ')}.</p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
