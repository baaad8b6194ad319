import { type FormEvent, useState } from 'react';
import { inventoryApi, type LedgerEntry, type StockRow } from '../../api/inventory.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { TextAreaField } from '../../components/field.tsx';
import { useMe } from '../../session.tsx';
import { LotSelect } from './lot-select.tsx';
import { numberOrUndefined } from './quantity.ts';
import { QuantityField } from './quantity-field.tsx';
import { useAction } from './use-action.ts';
import { findStock } from './use-inventory.ts';
import {
  clearSecrets,
  EMPTY_WITNESS,
  toWitnessInput,
  WitnessFields,
  type WitnessForm,
} from './witness-fields.tsx';

export type WastePreset = {
  stockKey: string;
  quantity: string;
  patientId?: string;
  administrationEntryId?: string;
  reason?: string;
};

type Props = {
  stock: StockRow[];
  mgPerMlOf: (productId: string) => number | null;
  witnessRequired: boolean;
  preset?: WastePreset;
  onRecorded: (entry: LedgerEntry) => void;
};

const FIELDS = [
  'lotId',
  'cabinetId',
  'quantity',
  'reason',
  'witnesses',
  'patientId',
  'administrationEntryId',
];

/** Waste of a partial dose: the drug, how much, why, and a witness who signs in on this screen. */
export function WasteForm({ stock, mgPerMlOf, witnessRequired, preset, onRecorded }: Props) {
  const me = useMe();
  const [key, setKey] = useState(preset?.stockKey ?? '');
  const [quantity, setQuantity] = useState(preset?.quantity ?? '');
  const [reason, setReason] = useState(preset?.reason ?? '');
  const [witness, setWitness] = useState<WitnessForm>(EMPTY_WITNESS);
  const action = useAction();
  const e = action.errors;
  const row = findStock(stock, key);
  const amount = numberOrUndefined(quantity);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await action.run(() =>
      inventoryApi.recordWaste({
        lotId: row?.lotId ?? '',
        cabinetId: row?.cabinetId ?? '',
        quantity: amount as number,
        reason: reason.trim(),
        witnesses: witnessRequired ? [toWitnessInput(witness)] : [],
        ...(preset?.patientId ? { patientId: preset.patientId } : {}),
        ...(preset?.administrationEntryId ? { administrationEntryId: preset.administrationEntryId } : {}),
      }),
    );
    setWitness((w) => clearSecrets([w])[0] ?? EMPTY_WITNESS);
    if (!result) return;
    setWitness(EMPTY_WITNESS);
    setQuantity('');
    setReason('');
    onRecorded(result.entry);
  };

  return (
    <form onSubmit={submit} noValidate className="stack">
      <ErrorAlert error={action.error} fieldsShown={FIELDS} />
      <div className="grid-2">
        <LotSelect
          stock={stock}
          includeExpired
          value={key}
          onChange={setKey}
          error={e.lotId ?? e.cabinetId}
          disabled={preset !== undefined}
        />
        <QuantityField
          label="Quantity wasted"
          row={row}
          mgPerMl={row ? mgPerMlOf(row.productId) : null}
          value={quantity}
          onChange={setQuantity}
          error={e.quantity}
        />
      </div>
      <TextAreaField
        label="Reason and manner of disposal"
        hint="For example: remainder of the opened vial after the dose, discarded into the drug disposal container."
        rows={2}
        value={reason}
        onChange={setReason}
        error={e.reason}
      />
      {witnessRequired ? (
        <WitnessFields
          index={0}
          of={1}
          actorName={me.name}
          value={witness}
          onChange={setWitness}
          errors={e}
        />
      ) : (
        <p className="hint">
          This clinic does not require a witness for waste (clinic policy, set by an admin).
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button" disabled={action.busy}>
          {action.busy ? 'Recording…' : witnessRequired ? 'Record witnessed waste' : 'Record waste'}
        </button>
      </div>
    </form>
  );
}
