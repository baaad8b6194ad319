import { type ChangeEvent, useCallback, useEffect, useState } from 'react';
import { type DirectoryClinic, directoryApi, type ImportPreview } from '../../api/clinics.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { RadioGroup, TextAreaField } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { TableRegion } from '../../components/table-region.tsx';

const EXAMPLE = `name,address,city,state,zip,phone,website,services,accreditations
Example Ketamine Care,1 Main St,Hoboken,NJ,07030,201 555 0100,https://example.org,IV ketamine;Psychotherapy,Joint Commission`;

type Mode = 'replace' | 'append';

/** The directory behind the public clinic finder: check a CSV first, then import it all or nothing. */
export function DirectoryPage() {
  const [csv, setCsv] = useState('');
  const [mode, setMode] = useState<Mode>('replace');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [directory, setDirectory] = useState<{ total: number; items: DirectoryClinic[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setDirectory(await directoryApi.list(100, 0));
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setCsv(await file.text());
    setPreview(null);
  };

  const check = async () => {
    setBusy(true);
    setMessage('');
    try {
      setPreview(await directoryApi.preview(csv));
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const importNow = async () => {
    setBusy(true);
    try {
      const result = await directoryApi.import(csv, mode);
      setMessage(`Imported ${result.imported} clinics; the directory now lists ${result.total}.`);
      setPreview(null);
      setCsv('');
      setError(null);
      await load();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack">
      <PageHeader title="Clinic directory" />
      <p>
        The public “Find a clinic” page lists your locations and the clinics in this directory. Import a CSV
        file with the columns name, address, city, state, zip, phone, website, services and accreditations
        (separate several services with a semicolon). Each clinic is placed at the centre of its ZIP code.
      </p>
      <details>
        <summary>Example file</summary>
        <pre>{EXAMPLE}</pre>
      </details>
      <div className="field">
        <label htmlFor="directory-file">CSV file</label>
        <input id="directory-file" type="file" accept=".csv,text/csv" onChange={readFile} />
      </div>
      <TextAreaField
        label="Or paste the CSV"
        name="csv"
        value={csv}
        onChange={(v) => {
          setCsv(v);
          setPreview(null);
        }}
        rows={8}
      />
      <RadioGroup<Mode>
        legend="When importing"
        name="mode"
        options={['replace', 'append']}
        labels={{ replace: 'Replace the whole directory', append: 'Add to the directory' }}
        value={mode}
        onChange={setMode}
      />
      <div className="actions">
        <button
          type="button"
          className="button button-secondary"
          disabled={busy || !csv.trim()}
          onClick={check}
        >
          Check the file
        </button>
        <button
          type="button"
          className="button"
          disabled={busy || !preview || preview.errors.length > 0 || preview.valid === 0}
          onClick={importNow}
        >
          Import {preview && preview.errors.length === 0 ? `${preview.valid} clinics` : ''}
        </button>
      </div>
      <p role="status">{message}</p>
      <ErrorAlert error={error} />
      {preview ? (
        <section className="card" aria-labelledby="preview-heading">
          <h2 id="preview-heading">Check result</h2>
          <p>
            {preview.valid} rows ready, {preview.invalid} with problems.{' '}
            {preview.errors.length > 0
              ? 'Fix every problem and check again: nothing is imported until the file is clean.'
              : ''}
          </p>
          {preview.errors.length > 0 ? (
            <TableRegion labelledBy="problems-caption">
              <table>
                <caption id="problems-caption">Problems ({preview.errors.length})</caption>
                <thead>
                  <tr>
                    <th scope="col">Line</th>
                    <th scope="col">Column</th>
                    <th scope="col">Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.errors.map((e) => (
                    <tr key={`${e.line}-${e.field}-${e.message}`}>
                      <td>{e.line}</td>
                      <td>{e.field}</td>
                      <td>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          ) : null}
          {preview.sample.length > 0 ? (
            <TableRegion labelledBy="sample-caption">
              <table>
                <caption id="sample-caption">First rows</caption>
                <thead>
                  <tr>
                    <th scope="col">Line</th>
                    <th scope="col">Name</th>
                    <th scope="col">City</th>
                    <th scope="col">ZIP</th>
                    <th scope="col">Services</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.sample.map((row) => (
                    <tr key={row.line}>
                      <td>{row.line}</td>
                      <td>{row.name}</td>
                      <td>
                        {row.city}, {row.state}
                      </td>
                      <td>{row.zip}</td>
                      <td>{row.services.join(', ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          ) : null}
        </section>
      ) : null}
      {directory ? (
        <TableRegion labelledBy="directory-caption">
          <table>
            <caption id="directory-caption">
              The directory ({directory.total} clinics
              {directory.total > directory.items.length ? `, first ${directory.items.length} shown` : ''})
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Address</th>
                <th scope="col">Phone</th>
                <th scope="col">Services</th>
              </tr>
            </thead>
            <tbody>
              {directory.items.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.name}</th>
                  <td>
                    {c.address}, {c.city}, {c.state} {c.zip}
                  </td>
                  <td>{c.phone ?? '—'}</td>
                  <td>{c.services.map((s) => s.label).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
    </div>
  );
}
