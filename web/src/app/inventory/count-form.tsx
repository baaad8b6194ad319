import { type FormEvent, useState } from 'react';
import {
  type Cabinet,
  type Count,
  type CountKind,
  type CountMethod,
  type CountTiming,
  inventoryApi,
  type StockRow,
} from '../../api/inventory.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { RadioGroup, SelectField } from '../../components/field.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDate } from '../../format.ts';
import { numberOrUndefined, unitLabel } from './quantity.ts';
import { useAction } from './use-action.ts';

export const COUNT_KIND_LABELS: Record<CountKind, string> = {
  shift: 'Shift count',
  'end-of-day': 'End-of-day count',
  initial: 'Initial inventory',
  biennial: 'Biennial inventory',
};
const KINDS = Object.keys(COUNT_KIND_LABELS) as CountKind[];

type Line = { counted: string; method: CountMethod };

/**
 * A count of one cabinet. It is blind: the expected balances appear only once it is saved, so the
 * count is not led by them. Initial and biennial inventories note opening or closing of business and
 * whether an opened container was counted exactly or estimated (dea-1304-11).
 */
export function CountForm({
  stock,
  cabinets,
  onSaved,
}: {
  stock: StockRow[];
  cabinets: Cabinet[];
  onSaved: (count: Count) => void;
}) {
  const [cabinetId, setCabinetId] = useState('');
  const [kind, setKind] = useState<CountKind | ''>('');
  const [timing, setTiming] = useState<CountTiming | ''>('');
  const [lines, setLines] = useState<Record<string, Line>>({});
  const action = useAction();
  const e = action.errors;
  const lots = stock
    .filter((row) => row.cabinetId === cabinetId)
    .sort((a, b) => a.productName.localeCompare(b.productName) || a.lotNumber.localeCompare(b.lotNumber));
  const inventory = kind === 'initial' || kind === 'biennial';
  const line = (lotId: string): Line => lines[lotId] ?? { counted: '', method: 'counted' };
  const setLine = (lotId: string, patch: Partial<Line>) =>
    setLines((all) => ({ ...all, [lotId]: { ...line(lotId), ...patch } }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await action.run(() =>
      inventoryApi.recordCount({
        cabinetId,
        kind: kind as CountKind,
        ...(inventory && timing ? { timing } : {}),
        lines: lots.map((row) => ({
          lotId: row.lotId,
          counted: numberOrUndefined(line(row.lotId).counted) as number,
          method: line(row.lotId).method,
        })),
      }),
    );
    if (!result) return;
    setLines({});
    onSaved(result.count);
  };

  return (
    <form onSubmit={submit} noValidate className="stack">
      <ErrorAlert error={action.error} fieldsShown={['cabinetId', 'kind', 'timing', 'lines']} />
      <div className="grid-2">
        <SelectField label="Cabinet" value={cabinetId} onChange={setCabinetId} error={e.cabinetId}>
          <option value="">Choose a cabinet</option>
          {cabinets.map((c) => (
            <option key={c.id} value={c.id}>
              {c.locationName}: {c.name}
            </option>
          ))}
        </SelectField>
        <RadioGroup
          legend="Kind of count"
          name="kind"
          options={KINDS}
          labels={COUNT_KIND_LABELS}
          value={kind}
          onChange={setKind}
          error={e.kind}
        />
      </div>
      {inventory ? (
        <RadioGroup
          legend="Taken at"
          name="timing"
          options={['opening', 'closing'] as const}
          labels={{ opening: 'Opening of business', closing: 'Close of business' }}
          value={timing}
          onChange={setTiming}
          error={e.timing}
          hint="21 CFR 1304.11 asks which."
        />
      ) : null}
      {cabinetId && lots.length === 0 ? <p>No lots are recorded in this cabinet.</p> : null}
      {lots.length > 0 ? (
        <TableRegion labelledBy="count-lines-caption">
          <table className="table-dense count-lines">
            <caption id="count-lines-caption">
              What is in the cabinet now
              <span className="hint"> (opened containers of Schedule III may be estimated)</span>
            </caption>
            <thead>
              <tr>
                <th scope="col">Product and lot</th>
                <th scope="col">Counted</th>
                <th scope="col">How</th>
              </tr>
            </thead>
            <tbody>
              {lots.map((row, index) => {
                const name = `${row.productName}, lot ${row.lotNumber}`;
                const error = e[`lines.${index}.counted`] ?? e[`lines.${index}`];
                return (
                  <tr key={row.lotId}>
                    <th scope="row">
                      {name}
                      <div className="small muted">expires {formatDate(row.expiresOn)}</div>
                    </th>
                    <td>
                      <input
                        className="count-input"
                        inputMode="decimal"
                        autoComplete="off"
                        aria-label={`Counted (${unitLabel(row.baseUnit)}), ${name}`}
                        aria-invalid={error ? true : undefined}
                        value={line(row.lotId).counted}
                        onChange={(ev) => setLine(row.lotId, { counted: ev.target.value })}
                      />{' '}
                      {unitLabel(row.baseUnit)}
                      {error ? <p className="field-error">{error}</p> : null}
                    </td>
                    <td>
                      <select
                        aria-label={`How, ${name}`}
                        value={line(row.lotId).method}
                        onChange={(ev) => setLine(row.lotId, { method: ev.target.value as CountMethod })}
                      >
                        <option value="counted">Counted exactly</option>
                        <option value="estimated">Estimated (opened container)</option>
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
      <div className="actions">
        <button type="submit" className="button" disabled={action.busy}>
          {action.busy ? 'Saving…' : 'Save count'}
        </button>
      </div>
    </form>
  );
}
