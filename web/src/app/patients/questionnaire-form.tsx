import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import {
  ApiError,
  api,
  type InstrumentDefinition,
  type InstrumentItem,
  type ResponseSource,
  type SubmitResult,
} from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { RadioGroup } from '../../components/field.tsx';

type Answers = Record<string, number | null>;

/** C-SSRS Q3–Q5 only when Q2 is yes, Q6b only when Q6 is yes: an item shown only when asked. */
function isAsked(item: InstrumentItem, answers: Answers): boolean {
  return item.presence.kind !== 'when' || answers[item.presence.item] === item.presence.equals;
}

/** Answers to items no longer asked are dropped, so a changed Q2 never leaves stale Q3–Q5 behind. */
function withoutUnasked(instrument: InstrumentDefinition, answers: Answers): Answers {
  const out: Answers = { ...answers };
  // Conditions may chain; a few passes settle them.
  for (let pass = 0; pass < 3; pass += 1) {
    for (const item of instrument.items) if (!isAsked(item, out)) out[item.id] = null;
  }
  return out;
}

function optionLabel(option: { value: number; label?: string }) {
  return option.label ? (
    <>
      {option.label} <span className="option-score">({option.value})</span>
    </>
  ) : (
    String(option.value)
  );
}

function itemHint(item: InstrumentItem, instrument: InstrumentDefinition): string | null {
  const ref = (id: string) => instrument.items.find((i) => i.id === id)?.ref ?? id;
  const p = item.presence;
  if (p.kind === 'when') {
    const condition = instrument.items.find((i) => i.id === p.item);
    const word =
      condition?.options.find((o) => o.value === p.equals)?.label?.toLowerCase() ?? String(p.equals);
    return `Asked because ${ref(p.item)} is ${word}.`;
  }
  if (p.kind === 'one-of') return `Answer one of ${p.group.map(ref).join(' or ')}, not both.`;
  return null;
}

function Question({
  item,
  instrument,
  name,
  value,
  error,
  onChange,
}: {
  item: InstrumentItem;
  instrument: InstrumentDefinition;
  name: string;
  value: number | null;
  error: string | undefined;
  onChange: (value: number | null) => void;
}) {
  const id = useId();
  const hint = itemHint(item, instrument);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const labelled = item.options.every((o) => o.label);
  const required = item.presence.kind === 'required' || item.presence.kind === 'when';
  return (
    <fieldset
      className={`question${error ? ' question-invalid' : ''}`}
      aria-describedby={[hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined}
      data-item={item.id}
    >
      <legend>
        <span className="q-number">{item.number}.</span> {item.text ?? item.name}
        {item.text && item.text !== item.name && !labelled ? (
          <span className="muted"> ({item.name})</span>
        ) : null}
        {required ? null : <span className="optional"> (optional)</span>}
      </legend>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <div className={labelled ? 'choices' : 'choices choices-scale'}>
        {item.options.map((option) => (
          <label key={option.value} className="choice">
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
            />
            <span>{optionLabel(option)}</span>
          </label>
        ))}
      </div>
      {!required && value !== null ? (
        <button type="button" className="button-link" onClick={() => onChange(null)}>
          Clear answer<span className="visually-hidden"> to {item.ref}</span>
        </button>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

const SOURCE_LABELS: Record<ResponseSource, string> = {
  'staff-for-patient': 'The patient’s own answers, entered by me',
  'clinician-rated': 'Asked and rated by me (clinician-rated)',
};

export function QuestionnaireForm({
  instrument,
  patientId,
  onSaved,
}: {
  instrument: InstrumentDefinition;
  patientId: string;
  onSaved: (result: SubmitResult) => void;
}) {
  const formId = useId();
  const [answers, setAnswers] = useState<Answers>({});
  const [source, setSource] = useState<ResponseSource>(
    instrument.rater === 'clinician' ? 'clinician-rated' : 'staff-for-patient',
  );
  // One key per form: a double tap or a retry after a lost answer stores the answers once.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const itemErrors: Record<string, string> = {};
  if (error instanceof ApiError) {
    for (const [path, message] of Object.entries(error.fieldPathErrors())) {
      if (path.startsWith('answers.')) itemErrors[path.slice('answers.'.length)] = message;
    }
  }
  const firstInvalid = instrument.items.find((i) => itemErrors[i.id])?.id;

  useEffect(() => {
    if (!firstInvalid) return;
    formRef.current?.querySelector<HTMLInputElement>(`fieldset[data-item="${firstInvalid}"] input`)?.focus();
  }, [firstInvalid]);

  const asked = instrument.items.filter((item) => isAsked(item, answers));
  const answered = asked.filter((item) => answers[item.id] !== undefined && answers[item.id] !== null);
  const runningTotal = asked.reduce((sum, item) => sum + (item.scored ? (answers[item.id] ?? 0) : 0), 0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const payload: Answers = {};
    const settled = withoutUnasked(instrument, answers);
    for (const item of instrument.items) payload[item.id] = settled[item.id] ?? null;
    try {
      onSaved(
        await api.submitResponse(patientId, {
          instrument: instrument.id,
          answers: payload,
          source,
          idempotencyKey,
        }),
      );
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <form
      ref={formRef}
      onSubmit={submit}
      noValidate
      className="stack questionnaire"
      aria-label={`${instrument.shortName} answers`}
    >
      <div>
        <h3>{instrument.name}</h3>
        <p className="muted">
          {instrument.stem ?? instrument.timeFrame}
          {instrument.licence.copyright ? (
            <span className="block small">{instrument.licence.copyright}</span>
          ) : null}
        </p>
        {instrument.requiresTextPack && !instrument.textPack ? (
          <p className="hint">
            Item names only: the clinic has not loaded its licensed wording (an admin can, under Text packs).
          </p>
        ) : null}
      </div>
      {instrument.rater === 'patient' ? (
        <RadioGroup
          legend="Who answered?"
          name="source"
          options={['staff-for-patient', 'clinician-rated'] as const}
          labels={SOURCE_LABELS}
          value={source}
          onChange={setSource}
          className="radio-stack"
        />
      ) : null}
      <ErrorAlert error={error} fieldsShown={['answers']} />
      {asked.map((item) => (
        <Question
          key={item.id}
          item={item}
          instrument={instrument}
          name={`${formId}-${item.id}`}
          value={answers[item.id] ?? null}
          error={itemErrors[item.id]}
          onChange={(value) => setAnswers((a) => withoutUnasked(instrument, { ...a, [item.id]: value }))}
        />
      ))}
      <p className="muted">
        Answered {answered.length} of {asked.length} questions
        {instrument.total ? `; total so far ${runningTotal} of ${instrument.total.max}` : ''}.
      </p>
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Saving…' : `Save ${instrument.shortName}`}
        </button>
      </div>
    </form>
  );
}
