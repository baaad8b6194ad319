import { type FormEvent, useEffect, useRef, useState } from 'react';
import {
  type EndKind,
  type EndSessionInput,
  type NotDosedReason,
  type SessionChart,
  type SessionEnding,
  sessionsApi,
} from '../../api/sessions.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { RadioGroup, TextAreaField, TextField } from '../../components/field.tsx';
import { useAction } from '../inventory/use-action.ts';
import { clockTime, hhMmToIso, nowHhMm } from './chart-format.ts';

const KIND_LABELS: Record<EndKind, string> = {
  'not-dosed': 'Not dosed',
  transferred: 'Transferred to emergency care',
  'left-against-advice': 'Left against medical advice',
};
const REASONS = ['gate-decision', 'pregnancy-hold', 'declined', 'other'] as const;
const REASON_LABELS: Record<NotDosedReason, string> = {
  'gate-decision': 'A prescriber decided not to dose',
  'pregnancy-hold': 'Positive pregnancy test',
  declined: 'The patient declined',
  other: 'Another reason',
};

/** How the session ended, in words, with who recorded it and when. */
function EndingSummary({ ending }: { ending: SessionEnding }) {
  const when = clockTime(ending.at);
  return (
    <div className="stack" data-testid="session-ending">
      <p className="alert alert-warning" role="status">
        Ended without a discharge: {KIND_LABELS[ending.kind].toLowerCase()}
        {ending.kind === 'not-dosed' ? '' : ` at ${when}`}.
      </p>
      <dl className="facts">
        {ending.reason ? (
          <div>
            <dt>Why</dt>
            <dd>{REASON_LABELS[ending.reason]}</dd>
          </div>
        ) : null}
        {ending.destination ? (
          <div>
            <dt>Transferred to</dt>
            <dd>{ending.destination}</dd>
          </div>
        ) : null}
        {ending.transferredBy ? (
          <div>
            <dt>By</dt>
            <dd>{ending.transferredBy}</dd>
          </div>
        ) : null}
        {ending.adviceGiven ? (
          <div>
            <dt>The patient was told</dt>
            <dd>{ending.adviceGiven}</dd>
          </div>
        ) : null}
        {ending.note ? (
          <div>
            <dt>Details</dt>
            <dd>{ending.note}</dd>
          </div>
        ) : null}
        <div>
          <dt>Recorded by</dt>
          <dd>
            {ending.byName} at {clockTime(ending.recordedAt)}
          </dd>
        </div>
      </dl>
    </div>
  );
}

type Form = {
  kind: EndKind | '';
  reason: NotDosedReason | '';
  note: string;
  at: string;
  destination: string;
  transferredBy: string;
  adviceGiven: string;
};

function toBody(f: Form): EndSessionInput {
  const note = f.note.trim() || null;
  // A time that is not one goes as typed, so the server's message names the field.
  const at = hhMmToIso(f.at) ?? f.at;
  if (f.kind === 'transferred') {
    return { kind: 'transferred', at, destination: f.destination, transferredBy: f.transferredBy, note };
  }
  if (f.kind === 'left-against-advice') {
    return { kind: 'left-against-advice', at, adviceGiven: f.adviceGiven, note };
  }
  return { kind: 'not-dosed', reason: f.reason as NotDosedReason, note };
}

/**
 * Ending a session without a discharge: the patient was not dosed, was transferred to emergency care,
 * or left against medical advice. Asks for confirmation, then shows how the session ended; the note can
 * then be signed.
 */
export function EndSessionPanel({
  chart,
  canChart,
  onChart,
}: {
  chart: SessionChart;
  canChart: boolean;
  onChart: (chart: SessionChart) => void;
}) {
  const [form, setForm] = useState<Form>(() => ({
    kind: '',
    reason: chart.gate.status === 'do-not-dose-decided' ? 'gate-decision' : '',
    note: '',
    at: nowHhMm(),
    destination: '',
    transferredBy: '',
    adviceGiven: '',
  }));
  const [confirming, setConfirming] = useState(false);
  const action = useAction();
  const question = useRef<HTMLHeadingElement>(null);
  // The form gives way to the question: focus goes with it, so a keyboard user is not left at the top.
  useEffect(() => {
    if (confirming) question.current?.focus();
  }, [confirming]);
  if (chart.ending) return <EndingSummary ending={chart.ending} />;
  if (chart.discharge.dischargedAt) return <p className="muted">The patient was discharged.</p>;
  if (!canChart) return <p className="muted">The session has not ended.</p>;

  const kinds: EndKind[] = chart.administration
    ? ['transferred', 'left-against-advice']
    : ['not-dosed', 'transferred', 'left-against-advice'];
  const patch = (next: Partial<Form>) => setForm((f) => ({ ...f, ...next }));
  const noVitalsAfterDose =
    chart.administration !== null && !chart.entries.some((e) => !e.preDose && e.kind === 'check');

  const review = (e: FormEvent) => {
    e.preventDefault();
    action.reset();
    setConfirming(true);
  };
  const end = async () => {
    const result = await action.run(() => sessionsApi.endSession(chart.id, toBody(form)));
    setConfirming(false);
    if (result) onChart(result);
  };

  if (confirming && form.kind) {
    return (
      <div className="stack alert alert-warning" data-testid="end-confirmation">
        <h3 ref={question} tabIndex={-1}>
          End this session: {KIND_LABELS[form.kind].toLowerCase()}?
        </h3>
        <p>
          This cannot be undone. The booking is marked completed and the board shows the session as ended;
          afterwards only readings taken before the end can be added, and the note is signed as usual.
        </p>
        <div className="actions">
          <button type="button" className="button" disabled={action.busy} onClick={() => void end()}>
            Yes, end the session
          </button>
          <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
            Go back
          </button>
        </div>
      </div>
    );
  }

  const errors = action.errors;
  return (
    <form aria-label="End without discharge" onSubmit={review} noValidate className="stack">
      <p className="hint">
        When the session cannot end with a discharge: the patient is not dosed today, is transferred to
        emergency care, or leaves against medical advice.
      </p>
      <ErrorAlert
        error={action.error}
        fieldsShown={['kind', 'reason', 'note', 'at', 'destination', 'transferredBy', 'adviceGiven']}
      />
      <RadioGroup
        legend="How the session ends"
        name="end-kind"
        options={kinds}
        labels={KIND_LABELS}
        value={form.kind}
        onChange={(kind) => patch({ kind })}
        error={errors.kind}
      />
      {form.kind === 'not-dosed' ? (
        <>
          <RadioGroup
            legend="Why the patient is not dosed"
            name="not-dosed-reason"
            options={REASONS}
            labels={REASON_LABELS}
            value={form.reason}
            onChange={(reason) => patch({ reason })}
            error={errors.reason}
          />
          <TextAreaField
            label="Details"
            optional={form.reason !== 'other'}
            rows={2}
            value={form.note}
            onChange={(note) => patch({ note })}
            error={errors.note}
          />
        </>
      ) : null}
      {form.kind === 'transferred' || form.kind === 'left-against-advice' ? (
        <>
          {noVitalsAfterDose ? (
            <p className="alert alert-warning">
              No vital signs after the dose are charted: record the last reading before ending, or the note
              cannot be signed.
            </p>
          ) : null}
          <div className="field-medium">
            <TextField
              label={form.kind === 'transferred' ? 'Time of the transfer' : 'Time the patient left'}
              inputMode="numeric"
              hint="HH:MM"
              value={form.at}
              onChange={(at) => patch({ at })}
              error={errors.at}
            />
          </div>
        </>
      ) : null}
      {form.kind === 'transferred' ? (
        <>
          <TextField
            label="Where to"
            hint="The hospital or emergency department."
            value={form.destination}
            onChange={(destination) => patch({ destination })}
            error={errors.destination}
          />
          <TextField
            label="By whom"
            hint="The ambulance service or crew, and who handed over."
            value={form.transferredBy}
            onChange={(transferredBy) => patch({ transferredBy })}
            error={errors.transferredBy}
          />
        </>
      ) : null}
      {form.kind === 'left-against-advice' ? (
        <TextAreaField
          label="What the patient was told"
          rows={3}
          value={form.adviceGiven}
          onChange={(adviceGiven) => patch({ adviceGiven })}
          error={errors.adviceGiven}
        />
      ) : null}
      {form.kind === 'transferred' || form.kind === 'left-against-advice' ? (
        <TextAreaField
          label="What happened"
          optional
          rows={2}
          value={form.note}
          onChange={(note) => patch({ note })}
          error={errors.note}
        />
      ) : null}
      <div className="actions">
        <button type="submit" className="button button-secondary" disabled={!form.kind || action.busy}>
          End the session…
        </button>
      </div>
    </form>
  );
}
