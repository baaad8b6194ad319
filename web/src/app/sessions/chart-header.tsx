import { PHASE_LABELS, type SessionChart } from '../../api/sessions.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { clockTime, formatDuration, ROUTE_LABELS } from './chart-format.ts';
import { useNow } from './use-chart.ts';

/** The next vitals: a countdown while due later, a warning once overdue. */
function VitalsDue({ chart }: { chart: SessionChart }) {
  const now = useNow();
  const due = chart.nextVitalsDue;
  if (!due) return <span>No vitals due</span>;
  if (!due.dueAt) return <span>Next vitals: {due.reason.toLowerCase()}</span>;
  const left = new Date(due.dueAt).getTime() - now;
  if (due.overdue || left <= 0) {
    return (
      <strong className="vitals-overdue" role="alert">
        Vitals overdue ({due.reason.toLowerCase()}, due {clockTime(due.dueAt)})
      </strong>
    );
  }
  return (
    <span>
      Next vitals in <span role="timer">{formatDuration(left)}</span> ({due.reason.toLowerCase()}, at{' '}
      {clockTime(due.dueAt)})
    </span>
  );
}

export function ChartHeader({ chart }: { chart: SessionChart }) {
  const now = useNow(15_000);
  const doseAt = chart.administration?.startedAt;
  const minutes =
    doseAt && !chart.discharge.dischargedAt
      ? Math.max(0, Math.floor((now - new Date(doseAt).getTime()) / 60_000))
      : chart.minutesSinceDose;
  return (
    <header className="chart-header">
      <PageHeader title={`Session chart: ${chart.patient.name}`} documentTitle="Session chart" />
      <dl className="chart-facts">
        <div>
          <dt>Patient</dt>
          <dd>
            {chart.patient.name} (MRN {chart.patient.mrn})
          </dd>
        </div>
        <div>
          <dt>Route</dt>
          <dd>{ROUTE_LABELS[chart.route]}</dd>
        </div>
        <div>
          <dt>Protocol phase</dt>
          <dd>{chart.protocol.phaseName}</dd>
        </div>
        <div>
          <dt>Chair</dt>
          <dd>
            {chart.chair.name}, {chart.location.name}
          </dd>
        </div>
        <div>
          <dt>Phase</dt>
          <dd>
            <span className={`badge phase-${chart.phase}`} data-testid="chart-phase">
              {PHASE_LABELS[chart.phase]}
            </span>
          </dd>
        </div>
        <div>
          <dt>Since dose</dt>
          <dd>{minutes === null || minutes === undefined ? 'Not dosed' : `${minutes} min`}</dd>
        </div>
        <div className="vitals-due">
          <dt>Vitals</dt>
          <dd>
            <VitalsDue chart={chart} />
          </dd>
        </div>
      </dl>
    </header>
  );
}
