import { type FormEvent, useState } from 'react';
import type { AdministrationChangeKind, SessionChart } from '../../api/sessions.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { TextField } from '../../components/field.tsx';
import { formatDate } from '../../format.ts';
import { AdministrationForm } from './administration-form.tsx';
import { clockTime, numberOrUndefined } from './chart-format.ts';
import type { QueuedItem } from './entry-queue.ts';
import { useDosingData } from './use-dosing-data.ts';

const CHANGE_LABELS: Record<AdministrationChangeKind, string> = {
  paused: 'Paused',
  resumed: 'Resumed',
  slowed: 'Slowed',
  'stopped-early': 'Stopped early',
  ended: 'Ended',
};

const DOSE_SOURCES: Record<string, string> = {
  'planned-session': 'from the treatment plan',
  'dose-decision': 'from the dose decision',
  'prescriber-order': 'on a prescriber’s order',
  entered: 'entered',
};

type Props = {
  chart: SessionChart;
  canChart: boolean;
  queued: QueuedItem[];
  onChart: (chart: SessionChart) => void;
  /** Infusion changes go through the same stored queue as the monitoring entries. */
  enqueueChange: (body: QueuedItem['body']) => void;
};

/** What the infusion is doing now, from the recorded changes and those still waiting to send. */
function infusionState(chart: SessionChart, queued: QueuedItem[]): 'running' | 'paused' | 'ended' {
  const changes = [
    ...(chart.administration?.changes.map((c) => c.change) ?? []),
    ...queued
      .filter((q) => q.target === 'administration/changes' && !q.refused)
      .map((q) => String(q.body.change)),
  ];
  if (chart.administration?.endedAt || changes.some((c) => c === 'ended' || c === 'stopped-early'))
    return 'ended';
  return changes.filter((c) => c === 'paused' || c === 'resumed').at(-1) === 'paused' ? 'paused' : 'running';
}

function InfusionChanges({
  state,
  enqueueChange,
}: {
  state: 'running' | 'paused';
  enqueueChange: Props['enqueueChange'];
}) {
  const [rate, setRate] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const record = (change: AdministrationChangeKind) => (event?: FormEvent) => {
    event?.preventDefault();
    const pumpRate = numberOrUndefined(rate);
    if (change === 'slowed' && !(pumpRate !== undefined && pumpRate > 0)) {
      setProblem('Enter the new pump rate to slow the infusion.');
      return;
    }
    if (change === 'stopped-early' && !reason.trim()) {
      setProblem('Give the reason for stopping early.');
      return;
    }
    try {
      enqueueChange({
        id: crypto.randomUUID(),
        change,
        at: new Date().toISOString(),
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        ...(change === 'slowed' ? { pumpRateMlPerH: pumpRate } : {}),
      });
    } catch (e) {
      setProblem(`Could not store the change on this device: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    setProblem(null);
    setRate('');
    setReason('');
  };
  return (
    <form aria-label="Infusion changes" onSubmit={record('slowed')} noValidate className="stack">
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="grid-2">
        <TextField
          label="New pump rate (mL/h)"
          optional
          hint="Only to slow the infusion."
          inputMode="decimal"
          className="field-short"
          value={rate}
          onChange={setRate}
        />
        <TextField
          label="Reason"
          optional
          hint="Needed to stop early."
          value={reason}
          onChange={setReason}
          autoComplete="off"
        />
      </div>
      <div className="actions">
        {state === 'running' ? (
          <button type="button" className="button button-secondary" onClick={() => record('paused')()}>
            Pause infusion
          </button>
        ) : (
          <button type="button" className="button button-secondary" onClick={() => record('resumed')()}>
            Resume infusion
          </button>
        )}
        <button type="submit" className="button button-secondary">
          Slow to new rate
        </button>
        <button type="button" className="button button-danger" onClick={() => record('stopped-early')()}>
          Stop early
        </button>
        <button type="button" className="button" onClick={() => record('ended')()}>
          End infusion
        </button>
      </div>
    </form>
  );
}

export function AdministrationPanel({ chart, canChart, queued, onChart, enqueueChange }: Props) {
  const a = chart.administration;
  const gateOpen = chart.gate.status === 'clear' || chart.gate.status === 'proceed-decided';
  const data = useDosingData(chart, !a && gateOpen && canChart);
  if (!a) {
    if (chart.gate.status === 'do-not-dose-decided')
      return <p>No dose today: a prescriber decided not to dose.</p>;
    if (!gateOpen)
      return <p className="muted">The dose can be recorded once the pre-dose check allows it.</p>;
    if (!canChart) return <p className="muted">No dose recorded yet.</p>;
    if (!data.loaded) return <p role="status">Loading the plan and stock…</p>;
    return (
      <>
        <ErrorAlert error={data.error} />
        <AdministrationForm chart={chart} data={data} onChart={onChart} />
      </>
    );
  }
  const state = infusionState(chart, queued);
  return (
    <div className="stack">
      <dl className="facts">
        <div>
          <dt>Dose</dt>
          <dd>
            {a.doseMg} mg {a.drug} ({DOSE_SOURCES[a.doseSource] ?? a.doseSource})
          </dd>
        </div>
        {a.order ? (
          <div>
            <dt>Prescriber’s order</dt>
            <dd data-testid="dose-order">
              {a.order.prescriberName} at {clockTime(a.order.at)}: {a.order.reason}
              {a.order.aboveMaxReason
                ? ` Above the protocol’s maximum of ${a.order.maxDoseMg} mg: ${a.order.aboveMaxReason}`
                : ''}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Lot</dt>
          <dd>
            {a.lotNumber}, expires {formatDate(a.lotExpiry)}
          </dd>
        </div>
        <div>
          <dt>Witness</dt>
          <dd>{a.witnessName}</dd>
        </div>
        {a.deviceTimes ? (
          <div>
            <dt>Devices given</dt>
            <dd>{a.deviceTimes.map((t) => clockTime(t)).join(', ')}</dd>
          </div>
        ) : (
          <>
            <div>
              <dt>Infusion started</dt>
              <dd>{clockTime(a.startedAt)}</dd>
            </div>
            <div>
              <dt>Pump rate</dt>
              <dd>{a.pumpRateMlPerH} mL/h</dd>
            </div>
            <div>
              <dt>Infusion</dt>
              <dd data-testid="infusion-state">
                {state === 'ended'
                  ? `Ended${a.endedAt ? ` at ${clockTime(a.endedAt)}` : ' (waiting to send)'}`
                  : state === 'paused'
                    ? 'Paused'
                    : 'Running'}
              </dd>
            </div>
          </>
        )}
      </dl>
      {a.changes.length > 0 ? (
        <ul className="small">
          {a.changes.map((c) => (
            <li key={c.id}>
              {clockTime(c.at)}: {CHANGE_LABELS[c.change] ?? c.change}
              {c.pumpRateMlPerH ? ` to ${c.pumpRateMlPerH} mL/h` : ''}
              {c.reason ? `: ${c.reason}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      {chart.route === 'iv-ketamine' && state !== 'ended' && canChart ? (
        <InfusionChanges state={state} enqueueChange={enqueueChange} />
      ) : null}
    </div>
  );
}
