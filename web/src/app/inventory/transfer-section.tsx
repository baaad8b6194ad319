import { type FormEvent, useState } from 'react';
import { type Cabinet, inventoryApi, type StockRow } from '../../api/inventory.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { SelectField } from '../../components/field.tsx';
import { LotSelect } from './lot-select.tsx';
import { formatEntryAmount, numberOrUndefined } from './quantity.ts';
import { QuantityField } from './quantity-field.tsx';
import { useAction } from './use-action.ts';
import { findStock } from './use-inventory.ts';

type Props = {
  stock: StockRow[];
  cabinets: Cabinet[];
  mgPerMlOf: (productId: string) => number | null;
  onRecorded: () => void;
};

const FIELDS = ['lotId', 'fromCabinetId', 'toCabinetId', 'quantity'];

/** Stock moving between locked cabinets: one entry out of the first and one into the second. */
export function TransferSection({ stock, cabinets, mgPerMlOf, onRecorded }: Props) {
  const [key, setKey] = useState('');
  const [to, setTo] = useState('');
  const [quantity, setQuantity] = useState('');
  const [done, setDone] = useState('');
  const action = useAction();
  const e = action.errors;
  const row = findStock(stock, key);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone('');
    const result = await action.run(() =>
      inventoryApi.recordTransfer({
        lotId: row?.lotId ?? '',
        fromCabinetId: row?.cabinetId ?? '',
        toCabinetId: to,
        quantity: numberOrUndefined(quantity) as number,
      }),
    );
    if (!result) return;
    const [out, into] = result.entries;
    setDone(
      `Moved ${formatEntryAmount(out)} of ${out.productName}, lot ${out.lotNumber}, from ${out.cabinetName} to ${into.cabinetName} (ledger entries #${out.seq} and #${into.seq}).`,
    );
    setKey('');
    setQuantity('');
    onRecorded();
  };

  return (
    <form onSubmit={submit} noValidate className="stack">
      {done ? (
        <p className="alert alert-success" role="status">
          {done}
        </p>
      ) : null}
      <ErrorAlert error={action.error} fieldsShown={FIELDS} />
      <div className="grid-3">
        <LotSelect
          stock={stock}
          includeExpired
          label="From lot and cabinet"
          value={key}
          onChange={setKey}
          error={e.lotId ?? e.fromCabinetId}
        />
        <SelectField label="To cabinet" value={to} onChange={setTo} error={e.toCabinetId}>
          <option value="">Choose a cabinet</option>
          {cabinets
            .filter((c) => c.id !== row?.cabinetId)
            .map((c) => (
              <option key={c.id} value={c.id}>
                {c.locationName}: {c.name}
              </option>
            ))}
        </SelectField>
        <QuantityField
          label="Quantity moved"
          row={row}
          mgPerMl={row ? mgPerMlOf(row.productId) : null}
          value={quantity}
          onChange={setQuantity}
          error={e.quantity}
        />
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={action.busy}>
          {action.busy ? 'Recording…' : 'Record transfer'}
        </button>
      </div>
    </form>
  );
}
