import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ApiError, api, type InstrumentDefinition } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { SelectField, TextAreaField } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { TableRegion } from '../../components/table-region.tsx';

/** A skeleton with every item id and answer value the instrument expects, to fill in. */
function template(instrument: InstrumentDefinition): string {
  const items = Object.fromEntries(
    instrument.items.map((item) => [
      item.id,
      { text: '', options: Object.fromEntries(item.options.map((o) => [String(o.value), ''])) },
    ]),
  );
  return JSON.stringify({ version: '', licence: '', stem: '', timeFrame: '', items }, null, 2);
}

function state(instrument: InstrumentDefinition): string {
  if (instrument.textPack) return `Text pack “${instrument.textPack.version}” loaded`;
  if (!instrument.enabled)
    return `Disabled until a text pack is loaded${instrument.licence.disabledBecause ? ` (${instrument.licence.disabledBecause})` : ''}`;
  if (instrument.requiresTextPack) return 'Usable; item names shown until a text pack supplies the wording';
  return 'Wording ships with Ketaflow';
}

export function TextPacksPage() {
  const [instruments, setInstruments] = useState<InstrumentDefinition[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [instrumentId, setInstrumentId] = useState('');
  const [json, setJson] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');

  const load = useCallback(async () => {
    try {
      const items = (await api.listInstruments()).items;
      setInstruments(items);
      setInstrumentId(
        (current) => current || (items.find((i) => i.requiresTextPack)?.id ?? items[0]?.id ?? ''),
      );
    } catch (e) {
      setLoadError(e);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const chosen = instruments?.find((i) => i.id === instrumentId);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setMessage('');
    let body: unknown;
    try {
      body = JSON.parse(json);
    } catch (e) {
      setError(new Error(`That is not valid JSON: ${(e as Error).message}`));
      return;
    }
    const pack = body as { version?: unknown; licence?: unknown };
    const blank = (v: unknown) => typeof v !== 'string' || v.trim() === '';
    if (typeof body !== 'object' || body === null || blank(pack.version) || blank(pack.licence)) {
      setError(
        new Error(
          'Give the pack’s "version" (your name for this wording) and "licence" (what permits its use).',
        ),
      );
      return;
    }
    setBusy(true);
    try {
      const result = await api.loadTextPack(instrumentId, body);
      setMessage(
        `${chosen?.shortName ?? result.instrument} text pack “${result.textPack?.version ?? ''}” loaded; the instrument is ${result.enabled ? 'enabled' : 'still disabled'}.`,
      );
      await load();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const problems =
    error instanceof ApiError
      ? (error.errors ?? []).map((e) => `${e.field.replace(/^body\.?/, '') || 'pack'}: ${e.message}`)
      : [];

  return (
    <>
      <PageHeader title="Text packs" />
      <p className="lead">
        Some instruments’ wording is licensed: Ketaflow ships their structure and scoring, and your clinic
        loads the text it holds a licence for. Paste the pack as JSON.
      </p>
      <p role="status" className="status-line alert alert-success">
        {message}
      </p>
      <ErrorAlert error={loadError} />
      {instruments ? (
        <TableRegion labelledBy="instruments-caption">
          <table>
            <caption id="instruments-caption">Instruments</caption>
            <thead>
              <tr>
                <th scope="col">Instrument</th>
                <th scope="col">Rated by</th>
                <th scope="col">State</th>
                <th scope="col">Licence</th>
              </tr>
            </thead>
            <tbody>
              {instruments.map((i) => (
                <tr key={i.id}>
                  <th scope="row">
                    {i.shortName}
                    <span className="block muted small">{i.name}</span>
                  </th>
                  <td>{i.rater === 'clinician' ? 'Clinician' : 'Patient'}</td>
                  <td>{state(i)}</td>
                  <td className="small">{i.licence.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
      {instruments ? (
        <section className="card" aria-labelledby="load-pack-heading">
          <h2 id="load-pack-heading">Load a text pack</h2>
          <form onSubmit={submit} noValidate className="stack">
            <div className="field-medium">
              <SelectField label="Instrument" value={instrumentId} onChange={setInstrumentId}>
                {instruments.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.shortName}
                  </option>
                ))}
              </SelectField>
            </div>
            <TextAreaField
              label="Text pack (JSON)"
              hint={
                <>
                  <code>version</code> and <code>licence</code> are required; every item needs its{' '}
                  <code>text</code>; answer labels go in <code>options</code> by score.
                </>
              }
              rows={14}
              spellCheck={false}
              className="code-input"
              value={json}
              onChange={setJson}
            />
            {error ? (
              <div className="alert alert-error" role="alert">
                <p>{error instanceof Error ? error.message : String(error)}</p>
                {problems.length ? (
                  <ul>
                    {problems.map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ) : null}
            <div className="actions">
              <button type="submit" className="button" disabled={busy || json.trim() === ''}>
                {busy ? 'Loading…' : 'Load text pack'}
              </button>
              <button
                type="button"
                className="button button-secondary"
                disabled={!chosen}
                onClick={() => chosen && setJson(template(chosen))}
              >
                Start from a blank template
              </button>
            </div>
          </form>
        </section>
      ) : null}
    </>
  );
}
