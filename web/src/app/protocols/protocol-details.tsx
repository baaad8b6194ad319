import type { ReactNode } from 'react';
import {
  type Protocol,
  type ProtocolItem,
  type ProtocolPhase,
  phaseEvidence,
} from '../../../../src/domain/protocols/index.ts';
import { TableRegion } from '../../components/table-region.tsx';
import {
  describeDoseRule,
  describeFrequency,
  describeIntolerance,
  describeLength,
  describeMonitoring,
  describeStepUp,
  ROUTE_LABELS,
} from './describe.ts';
import { Citations, Provenance } from './provenance.tsx';

function ItemList({ items }: { items: readonly ProtocolItem[] }) {
  if (items.length === 0) return <p className="muted">None.</p>;
  return (
    <ul className="protocol-items">
      {items.map((item) => (
        <li key={item.id}>
          {item.text} <Provenance source={item} />
        </li>
      ))}
    </ul>
  );
}

function Row({ label, value, source }: { label: string; value: ReactNode; source: ReactNode }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{value}</td>
      <td>{source}</td>
    </tr>
  );
}

function PhaseTable({ phase, prefix }: { phase: ProtocolPhase; prefix: string }) {
  const unit = phase.dose.value.unit;
  const headingId = `${prefix}-${phase.id}`;
  return (
    <div className="protocol-phase">
      <h4 id={headingId}>{phase.name}</h4>
      <TableRegion labelledBy={headingId}>
        <table className="table-dense">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Value</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            <Row
              label="Length"
              value={describeLength(phase.length.value)}
              source={<Provenance source={phase.length} />}
            />
            <Row
              label="Frequency"
              value={describeFrequency(phase.frequency.value)}
              source={<Provenance source={phase.frequency} />}
            />
            <Row
              label="Minimum interval"
              value={`${phase.minDaysBetweenSessions.value} days`}
              source={<Provenance source={phase.minDaysBetweenSessions} />}
            />
            <Row
              label="Dose rule"
              value={describeDoseRule(phase.dose.value)}
              source={<Provenance source={phase.dose} />}
            />
            <Row
              label="Titration steps"
              value={`${phase.titrationSteps.value.join(', ')} ${unit}`}
              source={<Provenance source={phase.titrationSteps} />}
            />
            <Row
              label="Maximum dose"
              value={`${phase.maxDose.value} ${unit}`}
              source={<Provenance source={phase.maxDose} />}
            />
            <Row
              label="Minimum monitoring"
              value={describeMonitoring(phase.monitoring.value)}
              source={<Provenance source={phase.monitoring} />}
            />
            <Row label="Discharge" value={<ItemList items={phase.discharge} />} source="Per rule" />
            <Row
              label="Reviews"
              value={
                phase.reviews.length === 0 ? (
                  'None'
                ) : (
                  <ul className="protocol-items">
                    {phase.reviews.map((review) => (
                      <li key={`${review.afterSession}-${review.text}`}>
                        {review.afterSession === 'end'
                          ? 'At the end'
                          : `After session ${review.afterSession}`}
                        : {review.text} <Provenance source={review} />
                      </li>
                    ))}
                  </ul>
                )
              }
              source="Per review"
            />
          </tbody>
        </table>
      </TableRegion>
    </div>
  );
}

/** Everything a protocol version says, each value with its sources or marked as clinic policy. */
export function ProtocolDetails({ protocol }: { protocol: Protocol }) {
  const prefix = `p-${protocol.id}-v${protocol.version}`;
  const evidence = [
    ...protocol.beforeFirstSession.flatMap((i) => i.evidence),
    ...protocol.everySession.flatMap((i) => i.evidence),
    ...protocol.phases.flatMap(phaseEvidence),
    ...protocol.titration.stepUp.evidence,
    ...protocol.titration.intolerance.evidence,
  ];
  return (
    <div className="protocol-details">
      <dl className="plan-facts">
        <div>
          <dt>Route</dt>
          <dd>{ROUTE_LABELS[protocol.route]}</dd>
        </div>
        <div>
          <dt>Indication</dt>
          <dd>{protocol.indication}</dd>
        </div>
        {protocol.basedOn ? (
          <div>
            <dt>Copied from</dt>
            <dd>
              {protocol.basedOn.id}, version {protocol.basedOn.version}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Step up</dt>
          <dd>
            {describeStepUp(protocol.titration.stepUp.value)}{' '}
            <Provenance source={protocol.titration.stepUp} />
          </dd>
        </div>
        <div>
          <dt>Intolerance</dt>
          <dd>
            {describeIntolerance(protocol.titration.intolerance.value)}{' '}
            <Provenance source={protocol.titration.intolerance} />
          </dd>
        </div>
      </dl>
      <h4>Before the first session</h4>
      <ItemList items={protocol.beforeFirstSession} />
      <h4>Every session</h4>
      <ItemList items={protocol.everySession} />
      {protocol.phases.map((phase) => (
        <PhaseTable key={phase.id} phase={phase} prefix={prefix} />
      ))}
      <Citations ids={evidence} headingId={`${prefix}-sources`} />
    </div>
  );
}
