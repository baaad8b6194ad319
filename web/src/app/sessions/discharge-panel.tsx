import { useRef, useState } from 'react';
import { type InstructionsGiven, type SessionChart, sessionsApi } from '../../api/sessions.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { RadioGroup } from '../../components/field.tsx';
import { formatDateTime, instrumentName } from '../../format.ts';
import { useAction } from '../inventory/use-action.ts';
import { clockTime } from './chart-format.ts';
import { DischargeScoreForm } from './discharge-score-form.tsx';

const GIVEN = ['printed', 'link', 'printed-and-link'] as const;
const GIVEN_LABELS: Record<InstructionsGiven, string> = {
  printed: 'Printed',
  link: 'Sent by link',
  'printed-and-link': 'Printed and sent by link',
};

type Instructions = {
  given?: InstructionsGiven;
  items?: { id: string; text: string }[];
  clinicPhone?: string | null;
  crisisLine?: string;
};

function AfterSession({ chart }: { chart: SessionChart }) {
  const after = chart.discharge.afterSessionMeasures;
  if (!after || after.status === 'none') return null;
  const names = (after.instruments ?? []).map(instrumentName).join(', ');
  if (after.status === 'scheduled') {
    return (
      <p>
        After-session questionnaire ({names}) sent to the patient’s email, due{' '}
        {after.dueAt ? formatDateTime(after.dueAt) : ''}.
      </p>
    );
  }
  return (
    <p className="alert alert-warning">
      After-session questionnaire{names ? ` (${names})` : ''}: {after.reason}
    </p>
  );
}

function DischargeInstructions({ chart }: { chart: SessionChart }) {
  const instructions = (chart.discharge.instructions ?? {}) as Instructions;
  const send = useAction();
  const [sent, setSent] = useState<string | null>(null);
  return (
    <div className="stack discharge-instructions" data-testid="discharge-instructions">
      <p role="status">
        Discharged at {chart.discharge.dischargedAt ? clockTime(chart.discharge.dischargedAt) : ''}
        {instructions.given ? ` (instructions ${GIVEN_LABELS[instructions.given].toLowerCase()})` : ''}.
      </p>
      <div className="print-area">
        <h3>After your treatment today</h3>
        <p className="print-only">
          {chart.patient.name}, {chart.location.name},{' '}
          {chart.discharge.dischargedAt ? formatDateTime(chart.discharge.dischargedAt) : ''}
        </p>
        <ul>
          {(instructions.items ?? []).map((item) => (
            <li key={item.id}>{item.text}</li>
          ))}
        </ul>
        {instructions.clinicPhone ? <p>Questions: call the clinic on {instructions.clinicPhone}.</p> : null}
        {instructions.crisisLine ? (
          <p>In a crisis, call or text {instructions.crisisLine} (Suicide and Crisis Lifeline).</p>
        ) : null}
      </div>
      <AfterSession chart={chart} />
      <div className="actions no-print">
        <button type="button" className="button button-secondary" onClick={() => window.print()}>
          Print instructions
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={send.busy}
          onClick={async () => {
            const done = await send.run(() => sessionsApi.sendInstructions(chart.id));
            if (done) setSent(done.expiresAt);
          }}
        >
          Send by link
        </button>
      </div>
      {sent ? (
        <p role="status">
          A link to these instructions was sent to the patient’s email; it works once, until{' '}
          {formatDateTime(sent)}.
        </p>
      ) : null}
      <ErrorAlert error={send.error} />
    </div>
  );
}

/** Readiness in words, the checklist, and a discharge button that works only when nothing is missing. */
export function DischargePanel({
  chart,
  canChart,
  onChart,
}: {
  chart: SessionChart;
  canChart: boolean;
  onChart: (chart: SessionChart) => void;
}) {
  const [given, setGiven] = useState<InstructionsGiven | ''>('');
  // The box follows the nurse's click at once; the server's answer then replaces it (or the error shows).
  const [ticked, setTicked] = useState<string[] | null>(null);
  const inFlight = useRef(0);
  const checklist = useAction();
  const discharge = useAction();
  if (chart.discharge.dischargedAt) return <DischargeInstructions chart={chart} />;
  const readiness = chart.discharge.readiness;
  const confirmed = new Set(ticked ?? chart.discharge.confirmed);

  const toggle = async (id: string, on: boolean) => {
    const next = chart.discharge.criteria.map((c) => c.id).filter((c) => (c === id ? on : confirmed.has(c)));
    setTicked(next);
    inFlight.current += 1;
    const result = await checklist.run(() => sessionsApi.saveDischargeChecklist(chart.id, next));
    inFlight.current -= 1;
    if (inFlight.current > 0) return;
    if (result) onChart(result);
    setTicked(null);
  };

  return (
    <div className="stack">
      {readiness === null ? (
        <p className="muted">Discharge is assessed once the dose is recorded.</p>
      ) : readiness.ready ? (
        <p className="alert alert-success" data-testid="discharge-readiness">
          Ready for discharge: every rule and criterion is met.
        </p>
      ) : (
        <div className="alert alert-warning" data-testid="discharge-readiness">
          <p>Not ready for discharge yet:</p>
          <ul>
            {readiness.gaps.map((g) => (
              <li key={g.id}>{g.text}</li>
            ))}
          </ul>
        </div>
      )}
      {chart.discharge.method !== 'checklist' ? (
        <DischargeScoreForm chart={chart} canChart={canChart} onChart={onChart} />
      ) : null}
      <fieldset className="field checkbox-group">
        <legend>Discharge checklist</legend>
        <ErrorAlert error={checklist.error} />
        <div className="checkbox-options">
          {chart.discharge.criteria.map((c) => (
            <label key={c.id} className="checkbox">
              <input
                type="checkbox"
                checked={confirmed.has(c.id)}
                disabled={!canChart}
                onChange={(e) => void toggle(c.id, e.target.checked)}
              />
              {c.text}
            </label>
          ))}
        </div>
      </fieldset>
      {canChart ? (
        <>
          <RadioGroup
            legend="Discharge instructions given"
            name="instructions-given"
            options={GIVEN}
            labels={GIVEN_LABELS}
            value={given}
            onChange={setGiven}
            error={discharge.errors.instructionsGiven}
          />
          <ErrorAlert error={discharge.error} fieldsShown={['instructionsGiven']} />
          <div className="actions">
            <button
              type="button"
              className="button"
              disabled={!readiness?.ready || !given || discharge.busy}
              onClick={async () => {
                const result = await discharge.run(() =>
                  sessionsApi.discharge(chart.id, { instructionsGiven: given as InstructionsGiven }),
                );
                if (result) onChart(result);
              }}
            >
              Discharge patient
            </button>
          </div>
        </>
      ) : null}
    </div>
  );
}
