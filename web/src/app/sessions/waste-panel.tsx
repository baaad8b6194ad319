import { type FormEvent, useState } from 'react';
import { type SessionChart, sessionsApi } from '../../api/sessions.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { TextAreaField, TextField } from '../../components/field.tsx';
import { useMe } from '../../session.tsx';
import { useAction } from '../inventory/use-action.ts';
import {
  clearSecrets,
  EMPTY_WITNESS,
  toWitnessInput,
  WitnessFields,
  type WitnessForm,
} from '../inventory/witness-fields.tsx';
import { numberOrUndefined } from './chart-format.ts';

const FIELDS = ['quantity', 'reason', 'witnesses'];

/** The rest of a partly used vial, wasted on the chart with a witness who signs in here. */
export function WastePanel({
  chart,
  onChanged,
  canChart,
}: {
  chart: SessionChart;
  onChanged: () => void;
  canChart: boolean;
}) {
  const me = useMe();
  const due = chart.administration?.wasteDue;
  const dueQuantity = typeof due?.quantity === 'number' ? due.quantity : undefined;
  const [quantity, setQuantity] = useState(dueQuantity !== undefined ? String(dueQuantity) : '');
  const [reason, setReason] = useState(
    'Remainder of the opened vial after the dose, discarded into the drug disposal container.',
  );
  const [witness, setWitness] = useState<WitnessForm>(EMPTY_WITNESS);
  const action = useAction();
  if (!due) return null;
  if (due.wasted)
    return <p className="alert alert-success">The rest of the vial was wasted with a witness.</p>;
  const unit = due.baseUnit === 'device' ? 'devices' : 'mg';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const done = await action.run(() =>
      sessionsApi.recordWaste(chart.id, {
        quantity: numberOrUndefined(quantity) as number,
        reason: reason.trim(),
        witnesses: [toWitnessInput(witness)],
      }),
    );
    setWitness((w) => clearSecrets([w])[0] ?? EMPTY_WITNESS);
    if (done !== undefined) {
      setWitness(EMPTY_WITNESS);
      onChanged();
    }
  };

  return (
    <div className="stack">
      <p>
        {dueQuantity !== undefined
          ? `${dueQuantity} ${unit}${typeof due.quantityMl === 'number' ? ` (${due.quantityMl} mL)` : ''} of the opened vial were not given.`
          : 'Part of the opened vial was not given.'}{' '}
        Waste it with a witness before signing the note.
      </p>
      {canChart ? (
        <form aria-label="Witnessed waste" onSubmit={submit} noValidate className="stack">
          <ErrorAlert error={action.error} fieldsShown={FIELDS} />
          <TextField
            label={`Quantity wasted (${unit})`}
            inputMode="decimal"
            className="field-short"
            value={quantity}
            onChange={setQuantity}
            error={action.errors.quantity}
          />
          <TextAreaField
            label="Reason and manner of disposal"
            rows={2}
            value={reason}
            onChange={setReason}
            error={action.errors.reason}
          />
          <WitnessFields
            index={0}
            of={1}
            actorName={me.name}
            value={witness}
            onChange={setWitness}
            errors={action.errors}
          />
          <div className="actions">
            <button type="submit" className="button" disabled={action.busy}>
              Record witnessed waste
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
