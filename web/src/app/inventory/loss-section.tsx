import { type FormEvent, useEffect, useState } from 'react';
import {
  inventoryApi,
  LOSS_TYPE_LABELS,
  LOSS_TYPES,
  type LossFormField,
  type LossType,
  type Product,
  type StockRow,
} from '../../api/inventory.ts';
import { ClinicQuestions } from '../../components/clinic-questions.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { RadioGroup, SelectField, TextAreaField, TextField } from '../../components/field.tsx';
import { todayIso } from '../../format.ts';
import { LotSelect } from './lot-select.tsx';
import { formatEntryAmount, numberOrUndefined } from './quantity.ts';
import { QuantityField } from './quantity-field.tsx';
import { useAction } from './use-action.ts';
import { findStock } from './use-inventory.ts';

type Props = { stock: StockRow[]; products: Product[]; onRecorded: () => void };

const FIELDS = [
  'lotId',
  'cabinetId',
  'quantity',
  'discoveredOn',
  'lossType',
  'policeNotified',
  'policeReport',
  'value',
  'stepsTaken',
  'extra',
];

// Evidence: dea-1301-76 (written notice within one business day; Form 106 online within 45 days).
function NoticeReminder() {
  return (
    <div className="alert alert-error notice-reminder" data-testid="loss-reminder">
      <p>
        <strong>Within one business day of discovering a theft or significant loss:</strong> notify the DEA
        Field Division Office in writing. Then file DEA Form 106 online within 45 days (21 CFR 1301.76(b)).
        Any theft is reportable, whatever the amount.
      </p>
    </div>
  );
}

/** Theft or loss: the DEA Form 106 facts, plus any questions the clinic added to its own form. */
export function LossSection({ stock, products, onRecorded }: Props) {
  const [key, setKey] = useState('');
  const [quantity, setQuantity] = useState('');
  const [discoveredOn, setDiscoveredOn] = useState(todayIso());
  const [lossType, setLossType] = useState<LossType | ''>('');
  const [police, setPolice] = useState<'yes' | 'no' | ''>('');
  const [policeReport, setPoliceReport] = useState('');
  const [value, setValue] = useState('');
  const [stepsTaken, setStepsTaken] = useState('');
  const [extraFields, setExtraFields] = useState<LossFormField[]>([]);
  const [extra, setExtra] = useState<Record<string, string>>({});
  const [reminder, setReminder] = useState('');
  const [done, setDone] = useState('');
  const [policeUnanswered, setPoliceUnanswered] = useState(false);
  const action = useAction();
  const e = action.errors;
  const row = findStock(stock, key);

  useEffect(() => {
    inventoryApi.lossForm().then(
      (form) => setExtraFields(form.fields.filter((f) => !f.builtIn)),
      () => setExtraFields([]),
    );
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPoliceUnanswered(police === '');
    if (police === '') return;
    const answers = Object.fromEntries(Object.entries(extra).filter(([, v]) => v.trim() !== ''));
    const result = await action.run(() =>
      inventoryApi.recordLoss({
        lotId: row?.lotId ?? '',
        cabinetId: row?.cabinetId ?? '',
        quantity: numberOrUndefined(quantity) as number,
        discoveredOn,
        lossType: lossType as LossType,
        policeNotified: police === 'yes',
        ...(policeReport.trim() ? { policeReport: policeReport.trim() } : {}),
        ...(value.trim() ? { value: Number(value) } : {}),
        ...(stepsTaken.trim() ? { stepsTaken: stepsTaken.trim() } : {}),
        ...(Object.keys(answers).length > 0 ? { extra: answers } : {}),
      }),
    );
    if (!result) return;
    setReminder(result.reminder);
    setDone(
      `Recorded the loss of ${formatEntryAmount(result.entry)} of ${result.entry.productName}, lot ${result.entry.lotNumber} (ledger entry #${result.entry.seq}).`,
    );
    setKey('');
    setQuantity('');
    onRecorded();
  };

  return (
    <div className="stack">
      <NoticeReminder />
      {done ? (
        <div className="alert alert-warning" role="alert">
          <p>{done}</p>
          <p>
            <strong>{reminder}</strong>
          </p>
        </div>
      ) : null}
      <form onSubmit={submit} noValidate className="stack">
        <ErrorAlert error={action.error} fieldsShown={FIELDS} />
        <div className="grid-3">
          <LotSelect
            stock={stock}
            includeExpired
            value={key}
            onChange={setKey}
            error={e.lotId ?? e.cabinetId}
          />
          <QuantityField
            label="Quantity missing"
            row={row}
            mgPerMl={products.find((p) => p.id === row?.productId)?.mgPerMl ?? null}
            value={quantity}
            onChange={setQuantity}
            error={e.quantity}
          />
          <TextField
            label="Date of discovery"
            type="date"
            value={discoveredOn}
            onChange={setDiscoveredOn}
            error={e.discoveredOn}
          />
          <SelectField
            label="Type of theft or loss"
            value={lossType}
            onChange={(v) => setLossType(v as LossType | '')}
            error={e.lossType}
          >
            <option value="">Choose the type</option>
            {LOSS_TYPES.map((t) => (
              <option key={t} value={t}>
                {LOSS_TYPE_LABELS[t]}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Value (US$)"
            optional
            inputMode="decimal"
            className="field-short"
            value={value}
            onChange={setValue}
            error={e.value}
          />
        </div>
        <RadioGroup
          legend="Were the police notified?"
          name="police"
          options={['yes', 'no'] as const}
          labels={{ yes: 'Yes', no: 'No' }}
          value={police}
          onChange={(v) => {
            setPolice(v);
            setPoliceUnanswered(false);
          }}
          error={policeUnanswered ? 'Say whether the police were notified.' : e.policeNotified}
        />
        {police === 'yes' ? (
          <TextField
            label="Police report number"
            optional
            value={policeReport}
            onChange={setPoliceReport}
            error={e.policeReport}
          />
        ) : null}
        <TextAreaField
          label="Steps taken to prevent it happening again"
          optional
          rows={3}
          value={stepsTaken}
          onChange={setStepsTaken}
          error={e.stepsTaken}
        />
        <ClinicQuestions questions={extraFields} answers={extra} onChange={setExtra} errors={e} />
        <div className="actions">
          <button type="submit" className="button button-danger" disabled={action.busy}>
            {action.busy ? 'Recording…' : 'Record theft or loss'}
          </button>
        </div>
      </form>
    </div>
  );
}
