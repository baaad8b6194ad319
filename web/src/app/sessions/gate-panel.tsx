import { type FormEvent, useState } from 'react';
import { type SessionChart, sessionsApi } from '../../api/sessions.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { RadioGroup, TextAreaField } from '../../components/field.tsx';
import { useAction } from '../inventory/use-action.ts';
import { clockTime } from './chart-format.ts';

type Decision = 'proceed' | 'do-not-dose';
const DECISIONS = ['proceed', 'do-not-dose'] as const;
const DECISION_LABELS: Record<Decision, string> = {
  proceed: 'Proceed with the dose',
  'do-not-dose': 'Do not dose today',
};

/** The pre-dose blood-pressure gate in words, and the prescriber's decision when it blocks. */
export function gateInWords(chart: SessionChart): string {
  const { gate } = chart;
  const last = gate.decisions.filter((d) => d.entryId === gate.entryId).at(-1);
  switch (gate.status) {
    case 'clear':
      return 'Pre-dose blood pressure is within the limit: dosing may go ahead.';
    case 'blocked':
      return gate.entryId === null
        ? 'No pre-dose blood pressure yet: record one before dosing.'
        : `Dosing is on hold: ${gate.reason}. A prescriber must decide.`;
    case 'proceed-decided':
      return `Dosing was on hold (${gate.reason}); ${last?.byName ?? 'a prescriber'} decided to proceed: ${last?.reason ?? ''}`;
    case 'do-not-dose-decided':
      return `${last?.byName ?? 'A prescriber'} decided not to dose today: ${last?.reason ?? ''}`;
  }
}

export function GatePanel({
  chart,
  canDecide,
  onChart,
}: {
  chart: SessionChart;
  canDecide: boolean;
  onChart: (chart: SessionChart) => void;
}) {
  const [decision, setDecision] = useState<Decision | ''>('');
  const [reason, setReason] = useState('');
  const action = useAction();
  const blockedOnReading = chart.gate.status === 'blocked' && chart.gate.entryId !== null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await action.run(() =>
      sessionsApi.decideGate(chart.id, { decision: decision as Decision, reason: reason.trim() }),
    );
    if (result) {
      setReason('');
      setDecision('');
      onChart(result);
    }
  };

  const statusClass =
    chart.gate.status === 'clear' || chart.gate.status === 'proceed-decided'
      ? 'alert-success'
      : 'alert-warning';
  return (
    <div className="stack">
      <p className={`alert ${statusClass}`} data-testid="gate-status">
        {gateInWords(chart)}
      </p>
      {chart.gate.decisions.length > 0 ? (
        <ul className="small">
          {chart.gate.decisions.map((d) => (
            <li key={d.id}>
              {clockTime(d.at)}: {d.byName}, {DECISION_LABELS[d.decision as Decision] ?? d.decision}:{' '}
              {d.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {blockedOnReading && !chart.administration ? (
        canDecide ? (
          <form aria-label="Prescriber’s decision" onSubmit={submit} noValidate className="stack">
            <ErrorAlert error={action.error} fieldsShown={['decision', 'reason']} />
            <RadioGroup
              legend="Your decision"
              name="gate-decision"
              options={DECISIONS}
              labels={DECISION_LABELS}
              value={decision}
              onChange={setDecision}
              error={action.errors.decision}
            />
            <TextAreaField
              label="Reason"
              rows={2}
              value={reason}
              onChange={setReason}
              error={action.errors.reason}
            />
            <div className="actions">
              <button type="submit" className="button" disabled={action.busy || !decision}>
                Record decision
              </button>
            </div>
          </form>
        ) : (
          <p role="status" className="waiting-prescriber">
            Waiting for a prescriber: only a prescriber can decide past the blood-pressure gate. Repeat the
            reading if it may have been high by chance.
          </p>
        )
      ) : null}
    </div>
  );
}
