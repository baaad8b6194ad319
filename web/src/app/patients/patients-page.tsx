import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { api, PATIENT_STATUS_LABELS, PATIENT_STATUSES, type PatientSummary } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { SelectField, TextField } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { ageOn, formatDate, patientName } from '../../format.ts';
import { can } from '../../permissions.ts';
import { Link, navigate } from '../../router.ts';
import { useMe } from '../../session.tsx';

const PAGE_SIZE = 25;
const DEBOUNCE_MS = 300;

type Query = { q: string; status: string; offset: number };

function readQuery(search: string): Query {
  const params = new URLSearchParams(search);
  const offset = Number(params.get('offset') ?? '0');
  return {
    q: params.get('q') ?? '',
    status: params.get('status') ?? '',
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

function writeQuery(query: Query): string {
  const params = new URLSearchParams();
  if (query.q.trim()) params.set('q', query.q.trim());
  if (query.status) params.set('status', query.status);
  if (query.offset) params.set('offset', String(query.offset));
  const s = params.toString();
  return `/app/patients${s ? `?${s}` : ''}`;
}

export function StatusBadge({ status }: { status: PatientSummary['status'] }) {
  return <span className={`badge badge-status-${status}`}>{PATIENT_STATUS_LABELS[status] ?? status}</span>;
}

export function PatientsPage({ search }: { search: string }) {
  const me = useMe();
  const initial = readQuery(search);
  const [text, setText] = useState(initial.q);
  const [query, setQuery] = useState<Query>(initial);
  const [result, setResult] = useState<{ items: PatientSummary[]; hasMore: boolean } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);

  const load = useCallback(async (q: Query) => {
    const ticket = ++latest.current;
    setLoading(true);
    try {
      const found = await api.searchPatients({
        q: q.q.trim() || undefined,
        status: q.status || undefined,
        limit: PAGE_SIZE,
        offset: q.offset,
      });
      // Answers can arrive out of order while someone types: only the newest one counts.
      if (ticket !== latest.current) return;
      setResult(found);
      setError(null);
    } catch (e) {
      if (ticket === latest.current) setError(e);
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    navigate(writeQuery(query), { replace: true });
    void load(query);
  }, [query, load]);

  // Typing searches after a short pause; Enter searches at once.
  useEffect(() => {
    if (text === query.q) return;
    const timer = window.setTimeout(() => setQuery((q) => ({ ...q, q: text, offset: 0 })), DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text, query.q]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setQuery((q) => (q.q === text && q.offset === 0 ? { ...q } : { ...q, q: text, offset: 0 }));
  };

  const items = result?.items ?? [];
  const from = query.offset + 1;
  const to = query.offset + items.length;
  const searching = query.q.trim() !== '' || query.status !== '';

  return (
    <>
      <PageHeader title="Patients">
        {can(me, 'patients:write') ? (
          <p>
            <Link to="/app/patients/new" className="button">
              Register patient
            </Link>
          </p>
        ) : null}
      </PageHeader>
      <search className="card search-panel">
        <form onSubmit={submit} className="search-form" aria-label="Find patients">
          <TextField
            label="Search"
            type="search"
            name="q"
            optional
            autoComplete="off"
            spellCheck={false}
            hint="Name, date of birth (YYYY-MM-DD or MM/DD/YYYY), MRN or phone number."
            value={text}
            onChange={setText}
            className="search-field"
          />
          <SelectField
            label="Status"
            name="status"
            value={query.status}
            onChange={(status) => setQuery((q) => ({ ...q, status, offset: 0 }))}
          >
            <option value="">Any status</option>
            {PATIENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {PATIENT_STATUS_LABELS[s]}
              </option>
            ))}
          </SelectField>
          <div className="search-submit">
            <button type="submit" className="button">
              Search
            </button>
          </div>
        </form>
      </search>
      <p role="status" className="status-line">
        {loading
          ? 'Searching…'
          : result
            ? items.length === 0
              ? searching
                ? 'No patients match this search.'
                : 'No patients registered yet.'
              : `Showing ${from}–${to}${result.hasMore ? '' : ` of ${to}`}.`
            : ''}
      </p>
      <ErrorAlert error={error} />
      {items.length > 0 ? (
        <TableRegion labelledBy="patients-caption">
          <table>
            <caption id="patients-caption">Patients</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">MRN</th>
                <th scope="col">Date of birth</th>
                <th scope="col">Phone</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <Link to={`/app/patients/${p.id}`}>{patientName(p)}</Link>
                  </th>
                  <td className="nowrap">{p.mrn}</td>
                  <td className="nowrap">
                    {formatDate(p.dateOfBirth)} <span className="muted">(age {ageOn(p.dateOfBirth)})</span>
                  </td>
                  <td className="nowrap">{p.phone ?? '—'}</td>
                  <td>
                    <StatusBadge status={p.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
      {result && (query.offset > 0 || result.hasMore) ? (
        <nav aria-label="Patient pages" className="pagination">
          <button
            type="button"
            className="button button-secondary"
            disabled={query.offset === 0 || loading}
            onClick={() => setQuery((q) => ({ ...q, offset: Math.max(0, q.offset - PAGE_SIZE) }))}
          >
            Previous
          </button>
          <span>Page {Math.floor(query.offset / PAGE_SIZE) + 1}</span>
          <button
            type="button"
            className="button button-secondary"
            disabled={!result.hasMore || loading}
            onClick={() => setQuery((q) => ({ ...q, offset: q.offset + PAGE_SIZE }))}
          >
            Next
          </button>
        </nav>
      ) : null}
    </>
  );
}
