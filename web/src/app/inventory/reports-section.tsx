import { type FormEvent, useCallback, useEffect, useState } from 'react';
import {
  inventoryApi,
  type Product,
  REPORT_KINDS,
  REPORT_LABELS,
  type Report,
  type ReportKind,
  reportUrl,
  type StockRow,
} from '../../api/inventory.ts';
import { ErrorAlert, fieldErrorsOf } from '../../components/error-alert.tsx';
import { SelectField } from '../../components/field.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import {
  EMPTY_FILTERS,
  type FilterForm,
  LedgerFilterFields,
  toFilters,
  useStaffList,
} from './ledger-section.tsx';

type Applied = { kind: ReportKind; filters: FilterForm };

/** The inspection reports: one table on screen, the same rows as CSV and as a printable PDF. */
export function ReportsSection({ products, stock }: { products: Product[]; stock: StockRow[] }) {
  const staff = useStaffList();
  const [kind, setKind] = useState<ReportKind>('administrations');
  const [form, setForm] = useState<FilterForm>(EMPTY_FILTERS);
  const [applied, setApplied] = useState<Applied>({ kind: 'administrations', filters: EMPTY_FILTERS });
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const set = (key: keyof FilterForm) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  const load = useCallback(async ({ kind: k, filters }: Applied) => {
    setLoading(true);
    try {
      const { kind: _kind, ...rest } = toFilters(filters);
      setReport(await inventoryApi.report(k, rest));
      setError(null);
    } catch (e) {
      setReport(null);
      setError(e);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load(applied);
  }, [applied, load]);

  const run = (event: FormEvent) => {
    event.preventDefault();
    setApplied({ kind, filters: form });
  };
  const { kind: _omit, ...filters } = toFilters(applied.filters);
  const errors = fieldErrorsOf(error);

  return (
    <div className="stack">
      <form onSubmit={run} noValidate className="card stack" aria-label="Report filters">
        <div className="grid-3">
          <SelectField label="Report" value={kind} onChange={(v) => setKind(v as ReportKind)}>
            {REPORT_KINDS.map((k) => (
              <option key={k} value={k}>
                {REPORT_LABELS[k]}
              </option>
            ))}
          </SelectField>
          <LedgerFilterFields
            form={form}
            set={set}
            errors={errors}
            products={products}
            stock={stock}
            staff={staff}
          />
        </div>
        <div className="actions">
          <button type="submit" className="button">
            Show report
          </button>
        </div>
      </form>
      <ErrorAlert error={error} fieldsShown={Object.keys(EMPTY_FILTERS)} />
      <div className="actions">
        <a className="button button-secondary" href={reportUrl(applied.kind, 'csv', filters)} download>
          Download CSV
        </a>
        <a className="button button-secondary" href={reportUrl(applied.kind, 'pdf', filters)} download>
          Download PDF
        </a>
      </div>
      <p role="status" className="status-line">
        {loading
          ? 'Loading…'
          : report
            ? `${report.rows.length} ${report.rows.length === 1 ? 'row' : 'rows'}.`
            : ''}
      </p>
      {report && report.registrants.length > 0 ? (
        <ul aria-label="Registrants">
          {report.registrants.map((r) => (
            <li key={r.locationId}>
              Registrant: {r.name}, {r.address},{' '}
              {r.deaRegistration ? (
                `DEA registration ${r.deaRegistration}`
              ) : (
                <strong>DEA registration not on record (add it on the Locations screen)</strong>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {report && report.rows.length > 0 ? (
        <TableRegion labelledBy="report-caption">
          <table className="table-dense">
            <caption id="report-caption">{report.title}</caption>
            <thead>
              <tr>
                {report.columns.map((c) => (
                  <th key={c.key} scope="col">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.rows.map((row, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: report rows have no id of their own and never reorder
                <tr key={index}>
                  {report.columns.map((c) => (
                    <td key={c.key}>{row[c.key] ?? '—'}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
    </div>
  );
}
