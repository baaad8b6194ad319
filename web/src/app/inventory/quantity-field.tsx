import type { StockRow } from '../../api/inventory.ts';
import { TextField } from '../../components/field.tsx';
import { formatQuantity, mlOf, numberOrUndefined, unitLabel } from './quantity.ts';

type Props = {
  /** What is being measured: "Quantity given", "Quantity wasted" … the unit is added. */
  label: string;
  row: StockRow | undefined;
  mgPerMl: number | null;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
};

/** A quantity in the lot's base unit, with the same amount in mL shown as it is typed. */
export function QuantityField({ label, row, mgPerMl, value, onChange, error }: Props) {
  const amount = numberOrUndefined(value);
  const hint =
    row && amount !== undefined && Number.isFinite(amount) && amount > 0
      ? `= ${formatQuantity(amount, row.baseUnit, mlOf(amount, mgPerMl))}`
      : undefined;
  return (
    <TextField
      label={`${label} (${row ? unitLabel(row.baseUnit) : 'mg or devices'})`}
      inputMode="decimal"
      autoComplete="off"
      className="field-short"
      value={value}
      onChange={onChange}
      error={error}
      hint={hint}
    />
  );
}
