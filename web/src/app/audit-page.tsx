import { type FormEvent, useEffect, useState } from 'react';
import { AUDIT_ACTIONS, type AuditEntry, type AuditFilters, api, auditExportUrl, type User } from '../api.ts';
import { ErrorAlert, fieldErrorsOf } from '../components/error-alert.tsx';
import { SelectField, TextField } from '../components/field.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { TableRegion } from '../components/table-region.tsx';
import { formatDateTime, formatRoles } from '../format.ts';

const PAGE_SIZE = 50;

type FilterForm = {
  userId: string;
  patientId: string;
  action: string;
  from: string;
  to: string;
  sort: '-at' | 'at';
};
const EMPTY: FilterForm = { userId: '', patientId: '', action: '', from: '', to: '', sort: '-at' };

/** The API takes whole days (YYYY-MM-DD, as date inputs give them); `to` includes its day. */
function toFilters(form: FilterForm): AuditFilters {
  return {
    userId: form.userId || undefined,
    patientId: form.patientId.trim() || undefined,
    action: form.action || undefined,
    from: form.from || undefined,
    to: form.to || undefined,
    sort: form.sort,
  };
}

/** UUIDs shortened to their first 8 characters; the full value is in the tooltip and the CSV export. */
function ShortId({ value }: { value: string | null | undefined }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <code className="id" title={value}>
      {value.length > 12 ? `${value.slice(0, 8)}…` : value}
    </code>
  );
}

export function AuditPage() {
  const [users, setUsers] = useState<User[]>([]);
  const [form, setForm] = useState<FilterForm>(EMPTY);
  const [applied, setApplied] = useState<AuditFilters>(() => toFilters(EMPTY));
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ items: AuditEntry[]; total: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    api.listUsers().then(
      (r) => setUsers(r.items),
      () => setUsers([]),
    );
  }, []);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    api
      .listAudit(applied, { limit: PAGE_SIZE, offset })
      .then(
        (r) => {
          if (cancelled) return;
          setPage(r);
          setError(null);
        },
        (e) => !cancelled && setError(e),
      )
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [applied, offset]);

  const set = (key: keyof FilterForm) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setOffset(0);
    setApplied(toFilters(form));
  };

  const clear = () => {
    setForm(EMPTY);
    setOffset(0);
    setApplied(toFilters(EMPTY));
  };

  const errors = fieldErrorsOf(error);
  const total = page?.total ?? 0;
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + PAGE_SIZE, total);

  return (
    <>
      <PageHeader title="Audit trail" />
      <p className="lead">
        Every sign-in, change and access to a patient&rsquo;s record, in a tamper-evident log. Times show in
        your browser&rsquo;s time zone; the From and To filters take whole days in UTC.
      </p>
      <section className="card" aria-labelledby="filters-heading">
        <h2 id="filters-heading">Filters</h2>
        <form onSubmit={apply} noValidate className="stack">
          <div className="grid-3">
            <SelectField
              label="User"
              name="userId"
              value={form.userId}
              onChange={set('userId')}
              error={errors.userId}
            >
              <option value="">Any user</option>
              {users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} ({u.email})
                </option>
              ))}
            </SelectField>
            <TextField
              label="Patient ID"
              name="patientId"
              optional
              spellCheck={false}
              autoComplete="off"
              value={form.patientId}
              onChange={set('patientId')}
              error={errors.patientId}
            />
            <SelectField
              label="Action"
              name="action"
              value={form.action}
              onChange={set('action')}
              error={errors.action}
            >
              <option value="">Any action</option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </SelectField>
            <TextField
              label="From"
              name="from"
              type="date"
              optional
              value={form.from}
              onChange={set('from')}
              error={errors.from}
            />
            <TextField
              label="To"
              name="to"
              type="date"
              optional
              value={form.to}
              onChange={set('to')}
              error={errors.to}
            />
            <SelectField
              label="Order"
              name="sort"
              value={form.sort}
              onChange={set('sort')}
              error={errors.sort}
            >
              <option value="-at">Newest first</option>
              <option value="at">Oldest first</option>
            </SelectField>
          </div>
          <div className="actions">
            <button type="submit" className="button">
              Apply filters
            </button>
            <button type="button" className="button button-secondary" onClick={clear}>
              Clear filters
            </button>
            <a className="button button-secondary" href={auditExportUrl(applied)} download>
              Export CSV
            </a>
          </div>
        </form>
      </section>

      <ErrorAlert error={error} fieldsShown={Object.keys(EMPTY)} />
      <p role="status" className="status-line">
        {loading
          ? 'Loading…'
          : page
            ? total === 0
              ? 'No entries match these filters.'
              : `Showing ${first}–${last} of ${total} entries.`
            : ''}
      </p>
      {page && page.items.length > 0 ? (
        <TableRegion labelledBy="audit-caption">
          <table className="table-dense">
            <caption id="audit-caption" className="visually-hidden">
              Audit entries
            </caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When</th>
                <th scope="col">User</th>
                <th scope="col">Action</th>
                <th scope="col">Record</th>
                <th scope="col">Patient</th>
                <th scope="col">Outcome</th>
                <th scope="col">IP address</th>
                <th scope="col">Request</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((e) => (
                <tr key={e.id}>
                  <td className="num">{e.seq ?? '—'}</td>
                  <td className="nowrap">
                    <time dateTime={e.at}>{formatDateTime(e.at, true)}</time>
                  </td>
                  <td>
                    {e.userEmail ?? <span className="muted">—</span>}
                    {e.roles.length > 0 ? <div className="muted small">{formatRoles(e.roles)}</div> : null}
                  </td>
                  <td className="nowrap">{e.action}</td>
                  <td>
                    {e.entityType}
                    {e.entityId ? (
                      <div>
                        <ShortId value={e.entityId} />
                      </div>
                    ) : null}
                  </td>
                  <td>
                    <ShortId value={e.patientId} />
                  </td>
                  <td>
                    <span className={`badge ${e.outcome === 'success' ? 'badge-ok' : 'badge-off'}`}>
                      {e.outcome}
                    </span>
                  </td>
                  <td className="nowrap">{e.ip ?? '—'}</td>
                  <td>
                    <ShortId value={e.requestId} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
      {page && page.items.length > 0 ? (
        <p className="small muted">
          IDs are shortened to their first 8 characters; point at one to see it in full, or export the CSV.
        </p>
      ) : null}
      {page && total > PAGE_SIZE ? (
        <nav aria-label="Audit pages" className="pagination">
          <button
            type="button"
            className="button button-secondary"
            disabled={offset === 0 || loading}
            onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
          >
            Previous {PAGE_SIZE}
          </button>
          <span>
            Page {Math.floor(offset / PAGE_SIZE) + 1} of {Math.ceil(total / PAGE_SIZE)}
          </span>
          <button
            type="button"
            className="button button-secondary"
            disabled={offset + PAGE_SIZE >= total || loading}
            onClick={() => setOffset(offset + PAGE_SIZE)}
          >
            Next {PAGE_SIZE}
          </button>
        </nav>
      ) : null}
    </>
  );
}
