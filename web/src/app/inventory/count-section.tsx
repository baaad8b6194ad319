import { useCallback, useEffect, useState } from 'react';
import { type Cabinet, type Count, inventoryApi, type StockRow } from '../../api/inventory.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDateTime } from '../../format.ts';
import { CountDetail, CountStatusBadge } from './count-detail.tsx';
import { COUNT_KIND_LABELS, CountForm } from './count-form.tsx';

type Props = {
  stock: StockRow[];
  cabinets: Cabinet[];
  canRecord: boolean;
  canAdjust: boolean;
  witnessRequired: boolean;
  onRecorded: () => void;
};

export function CountSection({ stock, cabinets, canRecord, canAdjust, witnessRequired, onRecorded }: Props) {
  const [counts, setCounts] = useState<Count[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<Count | null>(null);

  const load = useCallback(async () => {
    try {
      setCounts((await inventoryApi.listCounts()).counts);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const show = (count: Count) => {
    setSelected(count);
    void load();
  };

  return (
    <div className="stack">
      {canRecord ? (
        <section className="card" aria-labelledby="new-count-heading">
          <h3 id="new-count-heading">New count</h3>
          <CountForm stock={stock} cabinets={cabinets} onSaved={show} />
        </section>
      ) : null}
      {selected ? (
        <CountDetail
          key={selected.id}
          count={selected}
          canAdjust={canAdjust}
          witnessRequired={witnessRequired}
          onChanged={show}
          onAdjusted={() => {
            onRecorded();
            void inventoryApi.getCount(selected.id).then(show, () => {});
          }}
        />
      ) : null}
      <ErrorAlert error={error} />
      {counts && counts.length === 0 ? <p className="empty-state">No counts yet.</p> : null}
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
                      onClick={() => setSelected(c)}
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
    </div>
  );
}
