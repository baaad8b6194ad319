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
import { clockTime, numberOrUndefined } from './chart-format.ts';

const FIELDS = ['quantity', 'reason', 'witnesses'];

/** The rest of a partly used vial, wasted on the chart with a witness who signs in here. */
export function WastePanel({
  chart,
  onChart,
  canChart,
}: {
  chart: SessionChart;
  onChart: (chart: SessionChart) => void;
  canChart: boolean;
}) {
  const me = useMe();
  const due = chart.administration?.wasteDue ?? null;
  const done = chart.administration?.waste ?? null;
  const [quantity, setQuantity] = useState(due ? String(due.quantity) : '');
  const [reason, setReason] = useState(
    'Remainder of the opened vial after the dose, discarded into the drug disposal container.',
  );
  const [witness, setWitness] = useState<WitnessForm>(EMPTY_WITNESS);
  const action = useAction();
  if (done) {
    return (
      <p className="alert alert-success">
        The rest of the vial ({done.quantity} {done.unit === 'device' ? 'devices' : 'mg'}) was wasted with a
        witness ({done.witnesses.join(', ')}) at {clockTime(done.at)}: {done.reason}
      </p>
    );
  }
  if (!due) return null;
  const unit = due.unit === 'device' ? 'devices' : 'mg';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await action.run(() =>
      sessionsApi.recordWaste(chart.id, {
        quantity: numberOrUndefined(quantity) as number,
        reason: reason.trim(),
        witnesses: [toWitnessInput(witness)],
      }),
    );
    setWitness((w) => clearSecrets([w])[0] ?? EMPTY_WITNESS);
    if (result) {
      setWitness(EMPTY_WITNESS);
      onChart(result);
    }
  };

  return (
    <div className="stack">
      <p>
        {due.quantity} {unit} of lot {due.lotNumber} were left in the opened container. Waste the whole
        remainder with a witness before signing the note.
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
