import type { Plan } from '../../api/plans.ts';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { DoseSteps, doseSummary } from './dose-steps.tsx';
import { SignatureLine } from './signature-line.tsx';

const BASIS_WORDS = {
  actual: 'actual body weight',
  ideal: 'ideal body weight',
  adjusted: 'adjusted body weight',
};

/** A signed plan as stored: never edited; a new plan supersedes it. */
export function PlanView({ plan }: { plan: Plan }) {
  const d = plan.dosing;
  const first = plan.sessions[0];
  return (
    <div className="plan-view">
      <dl className="plan-facts">
        <div>
          <dt>Protocol</dt>
          <dd>
            {plan.protocol.name}, version {plan.protocol.version}
          </dd>
        </div>
        <div>
          <dt>Phase</dt>
          <dd>
            {plan.phase.name} (maximum {plan.phase.maxDose} {plan.phase.unit})
          </dd>
        </div>
        <div>
          <dt>Starts</dt>
          <dd>{formatDate(plan.startDate)}</dd>
        </div>
        <div>
          <dt>Dose</dt>
          <dd>
            {d.dose} {d.unit}
            {d.weightBasis
              ? `, on ${BASIS_WORDS[d.weightBasis]} (${d.weightKg} kg actual, ${d.heightCm ?? '—'} cm)`
              : ''}
            {d.concentrationMgPerMl
              ? `, ${d.concentrationMgPerMl} mg/mL, bag ${d.bagMl ?? 0} mL, over ${d.infusionMinutes} min`
              : ''}
          </dd>
        </div>
        {d.aboveLimitReason ? (
          <div>
            <dt>Reason for the dose above the maximum</dt>
            <dd>{d.aboveLimitReason}</dd>
          </div>
        ) : null}
        <div>
          <dt>Eligibility decision</dt>
          <dd>
            {plan.eligibilityDecision.decision}, signed {formatDateTime(plan.eligibilityDecision.signedAt)}
          </dd>
        </div>
        <div>
          <dt>Response judged by</dt>
          <dd>{plan.responseInstrument === 'madrs' ? 'MADRS' : 'PHQ-9'}</dd>
        </div>
      </dl>
      <SignatureLine signature={plan.signature} />
      {plan.warnings.length > 0 ? (
        <div className="alert alert-warning">
          <h4>Warnings at signing</h4>
          <ul>
            {plan.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {first ? (
        <details>
          <summary>How the planned dose was calculated</summary>
          <DoseSteps steps={first.calculation.steps} label="Calculation of the first session's dose" />
        </details>
      ) : null}
      <TableRegion labelledBy="planned-sessions-caption">
        <table className="table-dense planned-sessions">
          <caption id="planned-sessions-caption">Planned sessions ({plan.sessions.length})</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Date</th>
              <th scope="col">Week</th>
              <th scope="col">Planned dose</th>
              <th scope="col">Calculation</th>
              <th scope="col">Dose decision</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {plan.sessions.map((s) => (
              <tr key={s.id ?? s.number}>
                <th scope="row">{s.number}</th>
                <td>{formatDate(s.date)}</td>
                <td>{s.week}</td>
                <td>
                  {s.dose} {s.unit}
                </td>
                <td>{doseSummary(s.calculation)}</td>
                <td>
                  {s.doseDecision
                    ? `${s.doseDecision.dose === null ? 'Hold' : `${s.doseDecision.dose} ${s.doseDecision.unit}`} (${s.doseDecision.action === 'accept' ? 'suggestion accepted' : 'changed'} by ${s.doseDecision.signature.printedName})`
                    : '—'}
                </td>
                <td>{s.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </div>
  );
}
