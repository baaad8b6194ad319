import { type FormEvent, useCallback, useEffect, useState } from 'react';
import {
  ENTRY_KIND_LABELS,
  ENTRY_KINDS,
  type EntryKind,
  inventoryApi,
  type LedgerEntry,
  type LedgerFilters,
  type Product,
  type StockRow,
} from '../../api/inventory.ts';
import { api, type StaffMember } from '../../api.ts';
import { ErrorAlert, fieldErrorsOf } from '../../components/error-alert.tsx';
import { SelectField, TextField } from '../../components/field.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDateTime } from '../../format.ts';
import { formatEntryAmount, formatQuantity } from './quantity.ts';
import { VerificationStatus } from './verification-status.tsx';

export type FilterForm = {
  from: string;
  to: string;
  productId: string;
  lotId: string;
  userId: string;
  kind: string;
};
export const EMPTY_FILTERS: FilterForm = { from: '', to: '', productId: '', lotId: '', userId: '', kind: '' };

export function toFilters(form: FilterForm): Omit<LedgerFilters, 'cursor'> {
  return {
    from: form.from || undefined,
    to: form.to || undefined,
    productId: form.productId || undefined,
    lotId: form.lotId || undefined,
    userId: form.userId || undefined,
    kind: (form.kind || undefined) as EntryKind | undefined,
  };
}

/** The people who may appear in the ledger (GET /staff); without it the user filter is left out. */
export function useStaffList(): StaffMember[] {
  const [staff, setStaff] = useState<StaffMember[]>([]);
  useEffect(() => {
    api.listStaff().then(
      (r) => setStaff([...r.items].sort((a, b) => a.name.localeCompare(b.name))),
      () => setStaff([]),
    );
  }, []);
  return staff;
}

/** Date, product, lot and user: the filters the ledger and every report share. */
export function LedgerFilterFields({
  form,
  set,
  errors,
  products,
  stock,
  staff,
}: {
  form: FilterForm;
  set: (key: keyof FilterForm) => (value: string) => void;
  errors: Record<string, string>;
  products: Product[];
  stock: StockRow[];
  staff: StaffMember[];
}) {
  const lots = new Map<string, string>();
  for (const row of stock) {
    if (!form.productId || row.productId === form.productId)
      lots.set(row.lotId, `${row.productName}, lot ${row.lotNumber}`);
  }
  return (
    <>
      <TextField
        label="From"
        type="date"
        optional
        value={form.from}
        onChange={set('from')}
        error={errors.from}
      />
      <TextField label="To" type="date" optional value={form.to} onChange={set('to')} error={errors.to} />
      <SelectField
        label="Product"
        value={form.productId}
        onChange={set('productId')}
        error={errors.productId}
      >
        <option value="">Any product</option>
        {products.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </SelectField>
      <SelectField label="Lot" value={form.lotId} onChange={set('lotId')} error={errors.lotId}>
        <option value="">Any lot</option>
        {[...lots].map(([id, label]) => (
          <option key={id} value={id}>
            {label}
          </option>
        ))}
      </SelectField>
      {staff.length > 0 ? (
        <SelectField label="User" value={form.userId} onChange={set('userId')} error={errors.userId}>
          <option value="">Anyone</option>
          {staff.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
      ) : null}
    </>
  );
}

function signed(entry: LedgerEntry): string {
  const sign = entry.quantity > 0 ? '+' : entry.quantity < 0 ? '−' : '';
  return `${sign}${formatEntryAmount(entry)}`;
}

/** Every entry in chain order, with its place in the hash chain; nothing here can be edited. */
export function LedgerSection({ products, stock }: { products: Product[]; stock: StockRow[] }) {
  const staff = useStaffList();
  const [form, setForm] = useState<FilterForm>(EMPTY_FILTERS);
  const [applied, setApplied] = useState<FilterForm>(EMPTY_FILTERS);
  const [entries, setEntries] = useState<LedgerEntry[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const set = (key: keyof FilterForm) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  const load = useCallback(async (filters: FilterForm, cursor?: string) => {
    setLoading(true);
    try {
      const page = await inventoryApi.listLedger({ ...toFilters(filters), cursor });
      setEntries((old) => (cursor ? [...(old ?? []), ...page.entries] : page.entries));
      setNext(page.nextCursor);
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(applied);
  }, [applied, load]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setApplied(form);
  };
  const errors = fieldErrorsOf(error);

  return (
    <div className="stack">
      <VerificationStatus />
      <form onSubmit={apply} noValidate className="card stack" aria-label="Ledger filters">
        <div className="grid-3">
          <LedgerFilterFields
            form={form}
            set={set}
            errors={errors}
            products={products}
            stock={stock}
            staff={staff}
          />
          <SelectField label="Kind" value={form.kind} onChange={set('kind')} error={errors.kind}>
            <option value="">Any kind</option>
            {ENTRY_KINDS.map((k) => (
              <option key={k} value={k}>
                {ENTRY_KIND_LABELS[k]}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="actions">
          <button type="submit" className="button">
            Apply filters
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setForm(EMPTY_FILTERS);
              setApplied(EMPTY_FILTERS);
            }}
          >
            Clear filters
          </button>
        </div>
      </form>
      <ErrorAlert error={error} fieldsShown={Object.keys(EMPTY_FILTERS)} />
      <p role="status" className="status-line">
        {loading
          ? 'Loading…'
          : entries
            ? entries.length === 0
              ? 'No entries match these filters.'
              : `${entries.length} entries shown${next ? ', more below' : ''}.`
            : ''}
      </p>
      {entries && entries.length > 0 ? (
        <TableRegion labelledBy="ledger-caption">
          <table className="table-dense ledger-table">
            <caption id="ledger-caption" className="visually-hidden">
              Ledger entries
            </caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When (your time)</th>
                <th scope="col">Kind</th>
                <th scope="col">Product and lot</th>
                <th scope="col">Cabinet</th>
                <th scope="col" className="num">
                  Quantity
                </th>
                <th scope="col" className="num">
                  Balance after
                </th>
                <th scope="col">By</th>
                <th scope="col">Witnesses</th>
                <th scope="col">Patient</th>
                <th scope="col">Hash</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="num">{e.seq}</td>
                  <td className="nowrap">
                    <time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt, true)}</time>
                  </td>
                  <td>{ENTRY_KIND_LABELS[e.kind] ?? e.kind}</td>
                  <td>
                    {e.productName}, lot {e.lotNumber}
                  </td>
                  <td>{e.cabinetName}</td>
                  <td className="num nowrap">{signed(e)}</td>
                  <td className="num nowrap">
                    {formatQuantity(e.balanceAfter, e.baseUnit, e.balanceAfterMl)}
                  </td>
                  <td>{e.actorName}</td>
                  <td>
                    {e.witnessNames.length > 0 ? e.witnessNames.join(', ') : <span className="muted">—</span>}
                  </td>
                  <td>{e.patientName ?? <span className="muted">—</span>}</td>
                  <td>
                    <code className="hash" title={e.hash}>
                      {e.hash.slice(0, 12)}…
                    </code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
      {next ? (
        <button
          type="button"
          className="button button-secondary"
          disabled={loading}
          onClick={() => void load(applied, next)}
        >
          Show more entries
        </button>
      ) : null}
    </div>
  );
}
