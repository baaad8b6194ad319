import { type FormEvent, useEffect, useState } from 'react';
import { type AdverseEffectItems, type MedwatchField, remsApi } from '../../api/rems.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { TextField } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';

type Question = { key: string; label: string; required: boolean };

function keyOf(label: string, taken: Set<string>): string {
  const base =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40)
      .replace(/^[^a-z]+/, '') || 'item';
  let key = base;
  for (let n = 2; taken.has(key); n += 1) key = `${base}-${n}`;
  return key;
}

/**
 * The admin's two clinic-policy lists: the REMS form's adverse-effect items (aligned with the clinic's
 * current copy of the form) and its own questions added to the MedWatch 3500 fields.
 */
export function ReportListsPage() {
  const [items, setItems] = useState<AdverseEffectItems | null>(null);
  const [medwatch, setMedwatch] = useState<MedwatchField[]>([]);
  const [itemLabel, setItemLabel] = useState('');
  const [question, setQuestion] = useState('');
  const [required, setRequired] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    remsApi.reportLists().then(
      (lists) => {
        setItems(lists.adverseEffectItems);
        setMedwatch(lists.medwatch.fields);
      },
      (e) => setError(e),
    );
  }, []);

  const run = async (work: () => Promise<void>, done: string): Promise<boolean> => {
    setStatus('');
    try {
      await work();
      setError(null);
      setStatus(done);
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };
  const saveItems = (next: { key: string; label: string }[]) =>
    run(async () => setItems(await remsApi.setAdverseEffectItems(next)), 'Saved the adverse-effect items.');
  const ownQuestions = (): Question[] =>
    medwatch.filter((f) => !f.builtIn).map(({ key, label, required: r }) => ({ key, label, required: r }));
  const saveQuestions = (next: Question[]) =>
    run(
      async () => setMedwatch((await remsApi.setMedwatchFields(next)).fields),
      'Saved the clinic’s questions.',
    );

  const addItem = (event: FormEvent) => {
    event.preventDefault();
    if (!items || !itemLabel.trim()) return;
    const key = keyOf(itemLabel, new Set(items.items.map((i) => i.key)));
    void saveItems([...items.items, { key, label: itemLabel.trim() }]).then((ok) => ok && setItemLabel(''));
  };
  const addQuestion = (event: FormEvent) => {
    event.preventDefault();
    if (!question.trim()) return;
    const key = keyOf(question, new Set(medwatch.map((f) => f.key)));
    void saveQuestions([...ownQuestions(), { key, label: question.trim(), required }]).then((ok) => {
      if (!ok) return;
      setQuestion('');
      setRequired(false);
    });
  };

  return (
    <div className="stack">
      <PageHeader title="REMS and MedWatch lists" />
      <p className="status-line" role="status">
        {status}
      </p>
      <ErrorAlert error={error} />
      <section className="card stack" aria-labelledby="items-heading">
        <h2 id="items-heading">Adverse effects on the REMS monitoring form</h2>
        <p className="hint">
          Clinic policy: keep this list in line with your current copy of the form. Sedation, dissociation,
          respiratory depression, blood-pressure increase, other and serious adverse event are answered from
          the signed note; items you add are answered by staff.
        </p>
        {items ? (
          <ul className="link-list">
            {items.items.map((item) => (
              <li key={item.key}>
                {item.label}{' '}
                <button
                  type="button"
                  className="button button-secondary button-small"
                  aria-label={`Remove the item “${item.label}”`}
                  onClick={() => void saveItems(items.items.filter((other) => other.key !== item.key))}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <form onSubmit={addItem} noValidate className="stack">
          <TextField label="New adverse-effect item" value={itemLabel} onChange={setItemLabel} />
          <div className="actions">
            <button type="submit" className="button">
              Add item
            </button>
            {items?.clinicDefined ? (
              <button type="button" className="button button-secondary" onClick={() => void saveItems([])}>
                Go back to the default items
              </button>
            ) : null}
          </div>
        </form>
      </section>
      <section className="card stack" aria-labelledby="medwatch-heading">
        <h2 id="medwatch-heading">Questions added to a serious adverse event record</h2>
        <p className="hint">
          Always asked (MedWatch Form 3500 fields):{' '}
          {medwatch
            .filter((f) => f.builtIn)
            .map((f) => f.label)
            .join('; ')}
          .
        </p>
        {ownQuestions().length > 0 ? (
          <ul className="link-list">
            {ownQuestions().map((q) => (
              <li key={q.key}>
                {q.label}
                {q.required ? ' (required)' : ''}{' '}
                <button
                  type="button"
                  className="button button-secondary button-small"
                  aria-label={`Remove the question “${q.label}”`}
                  onClick={() => void saveQuestions(ownQuestions().filter((other) => other.key !== q.key))}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p>The clinic has not added questions of its own.</p>
        )}
        <form onSubmit={addQuestion} noValidate className="stack">
          <TextField label="New question" value={question} onChange={setQuestion} />
          <label className="checkbox">
            <input type="checkbox" checked={required} onChange={(e) => setRequired(e.target.checked)} />
            An answer is required
          </label>
          <div className="actions">
            <button type="submit" className="button">
              Add question
            </button>
          </div>
        </form>
      </section>
    </div>
  );
}
