import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { type ProtocolListItem, type ProtocolView, protocolsApi } from '../../api/protocols.ts';
import { ErrorAlert, fieldErrorsOf } from '../../components/error-alert.tsx';
import { SelectField, TextField } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDateTime } from '../../format.ts';
import { can } from '../../permissions.ts';
import { useMe } from '../../session.tsx';
import { ROUTE_LABELS } from './describe.ts';
import { EditProtocolForm } from './edit-protocol-form.tsx';
import { ProtocolDetails } from './protocol-details.tsx';

function CopyProtocolForm({
  protocols,
  onCopied,
}: {
  protocols: ProtocolListItem[];
  onCopied: (v: ProtocolView) => void;
}) {
  const [source, setSource] = useState(protocols[0]?.id ?? '');
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrorsOf(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const copy = await protocolsApi.copy({ sourceId: source, id: id.trim(), name });
      setId('');
      setName('');
      onCopied(copy);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="copy-protocol-heading">
      <h2 id="copy-protocol-heading">Copy a protocol</h2>
      <p className="hint">
        A copy is version 1 of a new protocol that remembers where it came from. Edit the copy; the original
        stays.
      </p>
      <ErrorAlert error={error} fieldsShown={['sourceId', 'id', 'name']} />
      <form onSubmit={submit} noValidate className="plan-grid">
        <SelectField label="Protocol to copy" value={source} onChange={setSource} error={errors.sourceId}>
          {protocols.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} (version {p.latestVersion})
            </option>
          ))}
        </SelectField>
        <TextField
          label="New protocol id"
          hint="Lowercase letters, digits and dashes, for example iv-ketamine-clinic"
          value={id}
          onChange={setId}
          error={errors.id}
        />
        <TextField label="New name" value={name} onChange={setName} error={errors.name} />
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            Copy protocol
          </button>
        </div>
      </form>
    </section>
  );
}

function ProtocolCard({
  item,
  canManage,
  onChanged,
}: {
  item: ProtocolListItem;
  canManage: boolean;
  onChanged: (message: string) => void;
}) {
  const headingId = useId();
  const historyId = useId();
  const [version, setVersion] = useState(item.latestVersion);
  const [view, setView] = useState<ProtocolView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);

  useEffect(() => {
    setVersion(item.latestVersion);
  }, [item.latestVersion]);

  useEffect(() => {
    let cancelled = false;
    setView(null);
    protocolsApi.read(item.id, version).then(
      (v) => !cancelled && setView(v),
      (e) => !cancelled && setError(e),
    );
    return () => {
      cancelled = true;
    };
  }, [item.id, version]);

  const latest = item.versions.at(-1);
  return (
    <section className="card protocol-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{item.name}</h2>
      <p>
        <code className="id">{item.id}</code> · {ROUTE_LABELS[item.route]} · version {item.latestVersion}
        {latest && !latest.stored ? ' (Ketaflow’s default, not changed by the clinic)' : ''}
      </p>
      {latest && latest.warnings.length > 0 ? (
        <div className="alert alert-warning">
          <ul>
            {latest.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <h3 id={historyId}>Version history</h3>
      <TableRegion labelledBy={historyId}>
        <table className="table-dense">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Name</th>
              <th scope="col">Saved</th>
              <th scope="col">By</th>
              <th scope="col">Warnings</th>
            </tr>
          </thead>
          <tbody>
            {item.versions.map((v) => (
              <tr key={v.version} data-testid={`version-${item.id}-${v.version}`}>
                <th scope="row">{v.version}</th>
                <td>{v.name}</td>
                <td>{v.stored ? formatDateTime(v.createdAt) : 'Ketaflow default'}</td>
                <td>{v.createdBy?.name ?? (v.stored ? 'Ketaflow' : '—')}</td>
                <td>{v.warnings.length > 0 ? v.warnings.join('; ') : 'None'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <div className="actions">
        {item.versions.length > 1 ? (
          <SelectField label="Show version" value={String(version)} onChange={(v) => setVersion(Number(v))}>
            {item.versions.map((v) => (
              <option key={v.version} value={v.version}>
                Version {v.version}
              </option>
            ))}
          </SelectField>
        ) : null}
        {canManage && !editing ? (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setVersion(item.latestVersion);
              setEditing(true);
            }}
          >
            Edit {item.name}
          </button>
        ) : null}
      </div>
      {editing && view?.version === item.latestVersion ? (
        <EditProtocolForm
          view={view}
          onCancel={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            onChanged(`${saved.name}: version ${saved.version} saved.`);
          }}
        />
      ) : null}
      <ErrorAlert error={error} />
      <details className="protocol-version">
        <summary>
          Version {version} in full{version === item.latestVersion ? ' (in force)' : ''}
        </summary>
        {view ? <ProtocolDetails protocol={view.protocol} /> : <p role="status">Loading…</p>}
      </details>
    </section>
  );
}

/** Admins copy and edit protocols; clinicians read every version with its sources. */
export function ProtocolsPage() {
  const me = useMe();
  const canManage = can(me, 'protocols:manage');
  const [items, setItems] = useState<ProtocolListItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState('');

  const load = useCallback(async () => {
    try {
      setItems((await protocolsApi.list()).items);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const changed = (text: string) => {
    setMessage(text);
    void load();
  };

  return (
    <>
      <PageHeader title="Protocols" />
      <p>
        Each protocol shows its phases with the sources every value rests on. Values no primary source backs
        are marked <strong>clinic policy</strong>: the clinic decides them, and an admin may change them. An
        edit makes a new version; plans keep the version they were made with.
      </p>
      <p role="status" className="status-line">
        {message}
      </p>
      <ErrorAlert error={error} />
      {!items && !error ? <p>Loading protocols…</p> : null}
      {items && canManage ? (
        <CopyProtocolForm
          protocols={items}
          onCopied={(v) => changed(`${v.name} (${v.id}) copied as version 1.`)}
        />
      ) : null}
      {items?.map((item) => (
        <ProtocolCard key={item.id} item={item} canManage={canManage} onChanged={changed} />
      ))}
    </>
  );
}
