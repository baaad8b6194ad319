import type { StockRow } from '../../api/inventory.ts';
import { SelectField } from '../../components/field.tsx';
import { formatDate } from '../../format.ts';
import { formatQuantity } from './quantity.ts';
import { stockKey } from './use-inventory.ts';

type Props = {
  stock: StockRow[];
  value: string;
  onChange: (key: string) => void;
  error?: string | undefined;
  label?: string;
  hint?: string;
  /** Administration never offers an expired lot; waste, returns and destruction may need one. */
  includeExpired?: boolean;
  disabled?: boolean;
};

export function lotChoiceLabel(row: StockRow): string {
  const expiry = `${row.expired ? 'EXPIRED' : 'expires'} ${formatDate(row.expiresOn)}`;
  return `${row.productName}, lot ${row.lotNumber} (${expiry}), ${row.cabinetName}: ${formatQuantity(
    row.balance,
    row.baseUnit,
    row.balanceMl,
  )}`;
}

/** A lot in a cabinet, with its balance; only stock that is there to take is offered. */
export function LotSelect({
  stock,
  value,
  onChange,
  error,
  label = 'Lot and cabinet',
  hint,
  includeExpired,
  disabled,
}: Props) {
  const choices = stock.filter((row) => row.balance > 0 && (includeExpired || !row.expired));
  return (
    <SelectField
      label={label}
      hint={hint}
      value={value}
      onChange={onChange}
      error={error}
      name="lot"
      disabled={disabled}
    >
      <option value="">Choose a lot</option>
      {choices.map((row) => (
        <option key={stockKey(row)} value={stockKey(row)}>
          {lotChoiceLabel(row)}
        </option>
      ))}
    </SelectField>
  );
}
