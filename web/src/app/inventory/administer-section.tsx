import { type FormEvent, useState } from 'react';
import {
  type AdministrationResult,
  inventoryApi,
  type LedgerEntry,
  type StockRow,
} from '../../api/inventory.ts';
import type { PatientSummary } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { TextAreaField } from '../../components/field.tsx';
import { patientName } from '../../format.ts';
import { LotSelect } from './lot-select.tsx';
import { PatientPicker } from './patient-picker.tsx';
import { formatEntryAmount, formatQuantity, mlOf, numberOrUndefined } from './quantity.ts';
import { QuantityField } from './quantity-field.tsx';
import { useAction } from './use-action.ts';
import { findStock, stockKey } from './use-inventory.ts';
import { WasteForm } from './waste-form.tsx';

type Props = {
  stock: StockRow[];
  mgPerMlOf: (productId: string) => number | null;
  witnessRequired: boolean;
  onRecorded: () => void;
};

const FIELDS = ['lotId', 'cabinetId', 'quantity', 'patientId', 'note'];

/** The dose given: who received it, from which lot, how much; a leftover in an opened container goes to witnessed waste. */
export function AdministerSection({ stock, mgPerMlOf, witnessRequired, onRecorded }: Props) {
  const [patient, setPatient] = useState<PatientSummary | null>(null);
  const [key, setKey] = useState('');
  const [quantity, setQuantity] = useState('');
  const [note, setNote] = useState('');
  const [given, setGiven] = useState<{ result: AdministrationResult; patient: PatientSummary } | null>(null);
  const [wasted, setWasted] = useState<LedgerEntry | null>(null);
  const action = useAction();
  const e = action.errors;
  const row = findStock(stock, key);
  const amount = numberOrUndefined(quantity);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await action.run(() =>
      inventoryApi.recordAdministration({
        lotId: row?.lotId ?? '',
        cabinetId: row?.cabinetId ?? '',
        quantity: amount as number,
        patientId: patient?.id ?? '',
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    );
    if (!result || !patient) return;
    setGiven({ result, patient });
    setWasted(null);
    setQuantity('');
    setNote('');
    onRecorded();
  };

  if (given) {
    const { entry, openContainerRemainder } = given.result;
    const remainderMl = mlOf(openContainerRemainder, mgPerMlOf(entry.productId));
    return (
      <div className="stack">
        <p className="alert alert-success" role="status">
          Recorded: {formatEntryAmount(entry)} of {entry.productName}, lot {entry.lotNumber}, to{' '}
          {patientName(given.patient)} (ledger entry #{entry.seq}).
        </p>
        {entry.details.patientAddressMissing ? (
          <p className="alert alert-warning">
            No address is on record for this patient, so the administration log shows “no address on record”
            for this dose. Add the address to the patient’s record: the log must name the address of the
            person a dose was given to (21 CFR 1304.22(c)).
          </p>
        ) : null}
        {openContainerRemainder > 0 && !wasted ? (
          <section className="card waste-prompt" aria-labelledby="waste-prompt-heading">
            <h3 id="waste-prompt-heading">Waste the rest of the opened container</h3>
            <p className="alert alert-warning">
              {formatQuantity(openContainerRemainder, entry.baseUnit, remainderMl)} is left in the opened
              container. Record it as waste{witnessRequired ? ' with a witness' : ''} now, or keep it as
              documented stock.
            </p>
            <WasteForm
              stock={stock}
              mgPerMlOf={mgPerMlOf}
              witnessRequired={witnessRequired}
              preset={{
                stockKey: stockKey(entry),
                quantity: String(openContainerRemainder),
                patientId: given.patient.id,
                administrationEntryId: entry.id,
                reason: 'Remainder of the opened container after the dose.',
              }}
              onRecorded={(w) => {
                setWasted(w);
                onRecorded();
              }}
            />
          </section>
        ) : null}
        {wasted ? (
          <p className="alert alert-success" role="status">
            Waste recorded: {formatEntryAmount(wasted)}
            {wasted.witnessNames.length > 0 ? `, witnessed by ${wasted.witnessNames.join(' and ')}` : ''}{' '}
            (ledger entry #{wasted.seq}).
          </p>
        ) : null}
        <div className="actions">
          <button type="button" className="button button-secondary" onClick={() => setGiven(null)}>
            Record another administration
          </button>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={submit} noValidate className="stack">
      <ErrorAlert error={action.error} fieldsShown={FIELDS} />
      <PatientPicker value={patient} onChange={setPatient} error={e.patientId} />
      <div className="grid-2">
        <LotSelect
          stock={stock}
          value={key}
          onChange={setKey}
          error={e.lotId ?? e.cabinetId}
          hint="Expired lots are not offered."
        />
        <QuantityField
          label="Quantity given"
          row={row}
          mgPerMl={row ? mgPerMlOf(row.productId) : null}
          value={quantity}
          onChange={setQuantity}
          error={e.quantity}
        />
      </div>
      <TextAreaField label="Note" optional rows={2} value={note} onChange={setNote} error={e.note} />
      <div className="actions">
        <button type="submit" className="button" disabled={action.busy}>
          {action.busy ? 'Recording…' : 'Record administration'}
        </button>
      </div>
    </form>
  );
}
