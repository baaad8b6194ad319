import { type FormEvent, useEffect, useState } from 'react';
import { inventoryApi, type LossFormField } from '../../api/inventory.ts';
import { request } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { TextField } from '../../components/field.tsx';
import { useAction } from './use-action.ts';

type Question = { key: string; label: string; required: boolean };

// The typed client has no call for saving the clinic's questions yet (PUT /inventory/loss-form).
function saveLossForm(fields: Question[]) {
  return request<{ fields: LossFormField[] }>('PUT', '/inventory/loss-form', { body: { fields } });
}

function keyOf(label: string, taken: Set<string>): string {
  const base =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'question';
  let key = base;
  for (let n = 2; taken.has(key); n += 1) key = `${base}-${n}`;
  return key;
}

/**
 * The theft-or-loss form asks the DEA Form 106 facts (dea-form-106, a starting list); the clinic adds
 * its own questions here, for example what its state board asks.
 */
export function LossFormEditor() {
  const [builtIn, setBuiltIn] = useState<LossFormField[]>([]);
  const [questions, setQuestions] = useState<Question[]>([]);
  const [label, setLabel] = useState('');
  const [required, setRequired] = useState(false);
  const [saved, setSaved] = useState(false);
  const action = useAction();

  useEffect(() => {
    inventoryApi.lossForm().then(
      (form) => {
        setBuiltIn(form.fields.filter((f) => f.builtIn));
        setQuestions(
          form.fields.filter((f) => !f.builtIn).map(({ key, label, required }) => ({ key, label, required })),
        );
      },
      () => {},
    );
  }, []);

  const save = async (next: Question[]) => {
    setSaved(false);
    const result = await action.run(() => saveLossForm(next));
    if (!result) return;
    setQuestions(
      result.fields.filter((f) => !f.builtIn).map(({ key, label, required }) => ({ key, label, required })),
    );
    setSaved(true);
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (!label.trim()) return;
    const taken = new Set([...builtIn, ...questions].map((q) => q.key));
    await save([...questions, { key: keyOf(label, taken), label: label.trim(), required }]);
    setLabel('');
    setRequired(false);
  };

  return (
    <div className="stack">
      <p className="hint">
        Always asked: {builtIn.map((f) => f.label).join('; ') || 'the DEA Form 106 facts'}.
      </p>
      {saved ? (
        <p className="alert alert-success" role="status">
          Saved the clinic’s questions.
        </p>
      ) : null}
      <ErrorAlert error={action.error} />
      {questions.length > 0 ? (
        <ul className="link-list">
          {questions.map((q) => (
            <li key={q.key}>
              {q.label}
              {q.required ? ' (required)' : ''}{' '}
              <button
                type="button"
                className="button button-secondary button-small"
                aria-label={`Remove the question “${q.label}”`}
                onClick={() => void save(questions.filter((other) => other.key !== q.key))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p>The clinic has not added questions of its own.</p>
      )}
      <form onSubmit={add} noValidate className="stack">
        <TextField label="New question" value={label} onChange={setLabel} />
        <label className="checkbox">
          <input type="checkbox" checked={required} onChange={(e) => setRequired(e.target.checked)} />
          An answer is required
        </label>
        <div className="actions">
          <button type="submit" className="button" disabled={action.busy}>
            Add question
          </button>
        </div>
      </form>
    </div>
  );
}
