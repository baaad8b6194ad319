import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { type Count, inventoryApi } from '../../api/inventory.ts';
import { ErrorAlert, fieldErrorsOf } from '../../components/error-alert.tsx';
import { TextField } from '../../components/field.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDateTime } from '../../format.ts';
import { CountStatusBadge } from './count-detail.tsx';
import { COUNT_KIND_LABELS } from './count-form.tsx';

export type CountDates = { from: string; to: string };
const ALL_DATES: CountDates = { from: '', to: '' };
const PAGE = 50;

export type CountPages = ReturnType<typeof useCountPages>;

/** The counts between two dates, newest first, fifty at a time, so older ones stay reachable. */
export function useCountPages() {
  const [dates, setDates] = useState<CountDates>(ALL_DATES);
  const [counts, setCounts] = useState<Count[] | null>(null);
  const [loaded, setLoaded] = useState(0);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async (filter: CountDates, offset: number) => {
    setLoading(true);
    try {
      const page = await inventoryApi.listCounts({
        from: filter.from || undefined,
        to: filter.to || undefined,
        limit: PAGE,
        offset,
      });
      setCounts((old) => {
        if (offset === 0 || !old) return page.counts;
        // A count saved meanwhile shifts the pages by one; never show a count twice.
        const shown = new Set(old.map((c) => c.id));
        return [...old, ...page.counts.filter((c) => !shown.has(c.id))];
      });
      setLoaded(offset + page.counts.length);
      setTotal(page.total);
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(dates, 0);
  }, [dates, load]);

  return {
    counts,
    total,
    error,
    loading,
    hasMore: loaded < total,
    /** A new object each time, so asking again for the same dates reloads them. */
    show: (next: CountDates) => setDates({ ...next }),
    reload: () => load(dates, 0),
    more: () => load(dates, loaded),
  };
}

/** The date filter, the table of counts and the button for older ones. */
export function CountList({ pages, onOpen }: { pages: CountPages; onOpen: (count: Count) => void }) {
  const [form, setForm] = useState<CountDates>(ALL_DATES);
  const { counts, total, error, loading, hasMore } = pages;
  const errors = fieldErrorsOf(error);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    pages.show(form);
  };

  return (
    <div className="stack">
      <form onSubmit={apply} noValidate className="card stack" aria-label="Count dates">
        <div className="grid-3">
          <TextField
            label="Counted from"
            type="date"
            optional
            value={form.from}
            onChange={(from) => setForm((f) => ({ ...f, from }))}
            error={errors.from}
          />
          <TextField
            label="Counted to"
            type="date"
            optional
            value={form.to}
            onChange={(to) => setForm((f) => ({ ...f, to }))}
            error={errors.to}
            hint="Both days included (UTC), as in the reports."
          />
        </div>
        <div className="actions">
          <button type="submit" className="button">
            Show these dates
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setForm(ALL_DATES);
              pages.show(ALL_DATES);
            }}
          >
            All dates
          </button>
        </div>
      </form>
      <ErrorAlert error={error} fieldsShown={['from', 'to']} />
      <p role="status" className="status-line">
        {loading
          ? 'Loading…'
          : counts
            ? counts.length === 0
              ? 'No counts on these dates.'
              : `Showing ${counts.length} of ${total} counts, newest first.`
            : ''}
      </p>
      {counts && counts.length > 0 ? (
        <TableRegion labelledBy="counts-caption">
          <table className="table-dense">
            <caption id="counts-caption">Counts and inventories</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Kind</th>
                <th scope="col">Cabinet</th>
                <th scope="col">Counted by</th>
                <th scope="col" className="num">
                  Discrepancies
                </th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {counts.map((c) => (
                <tr key={c.id}>
                  <td className="nowrap">
                    <time dateTime={c.countedAt}>{formatDateTime(c.countedAt)}</time>
                  </td>
                  <td>{COUNT_KIND_LABELS[c.kind]}</td>
                  <td>{c.cabinetName}</td>
                  <td>{c.countedByName}</td>
                  <td className="num">{c.discrepancies}</td>
                  <td>
                    <CountStatusBadge status={c.status} />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      aria-label={`Open the ${COUNT_KIND_LABELS[c.kind].toLowerCase()} of ${formatDateTime(c.countedAt)}`}
                      onClick={() => onOpen(c)}
                    >
                      Open
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
      {hasMore ? (
        <div className="actions">
          <button
            type="button"
            className="button button-secondary"
            disabled={loading}
            onClick={() => void pages.more()}
          >
            Show older counts
          </button>
        </div>
      ) : null}
    </div>
  );
}
