import type { DecisionView } from '../../api/eligibility.ts';
import { SignatureLine } from '../intake/signature.tsx';
import { DECISION_LABELS, ROUTE_LABELS } from './words.ts';

/** Every signed decision, newest first; a newer one for the same route supersedes the older. */
export function DecisionHistory({ decisions }: { decisions: DecisionView[] }) {
  if (decisions.length === 0) return <p className="muted">No decision signed yet.</p>;
  const inForce = new Set<string>();
  const seen = new Set<string>();
  for (const d of decisions) {
    if (!seen.has(d.route)) inForce.add(d.id);
    seen.add(d.route);
  }
  return (
    <div className="table-wrap">
      <table data-testid="decision-history">
        <caption className="visually-hidden">Eligibility decisions</caption>
        <thead>
          <tr>
            <th scope="col">Route</th>
            <th scope="col">Decision</th>
            <th scope="col">Rules suggested</th>
            <th scope="col">Rule set</th>
            <th scope="col">Override</th>
            <th scope="col">Signature</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {decisions.map((d) => (
            <tr key={d.id}>
              <td>{ROUTE_LABELS[d.route]}</td>
              <td>
                <strong>{DECISION_LABELS[d.decision]}</strong>
              </td>
              <td>
                {DECISION_LABELS[d.suggestedDecision as keyof typeof DECISION_LABELS] ?? d.suggestedDecision}
              </td>
              <td className="nowrap">
                {d.ruleSet.id} v{d.ruleSet.version}
              </td>
              <td>
                {d.overriddenExclusions.length + d.decidedWithoutAnswers.length > 0 ? (
                  <>
                    {d.overriddenExclusions.length > 0 ? (
                      <p>Overrides: {d.overriddenExclusions.join(', ')}</p>
                    ) : null}
                    {d.decidedWithoutAnswers.length > 0 ? (
                      <p>Without answers for: {d.decidedWithoutAnswers.join(', ')}</p>
                    ) : null}
                    <p>Reason: {d.overrideReason}</p>
                  </>
                ) : (
                  <span className="muted">None</span>
                )}
              </td>
              <td>
                <SignatureLine signature={d.signature} />
              </td>
              <td>{inForce.has(d.id) ? <span className="badge badge-ok">In force</span> : 'Superseded'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
