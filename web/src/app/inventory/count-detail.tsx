import { type FormEvent, useState } from 'react';
import {
  type Count,
  type CountLine,
  type CountStatus,
  type DiscrepancyAction,
  inventoryApi,
  type LedgerEntry,
} from '../../api/inventory.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { RadioGroup, TextAreaField, TextField } from '../../components/field.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDateTime } from '../../format.ts';
import { useMe } from '../../session.tsx';
import { COUNT_KIND_LABELS } from './count-form.tsx';
import { formatEntryAmount, formatQuantity, numberOrUndefined, unitLabel } from './quantity.ts';
import { useAction } from './use-action.ts';
import {
  clearSecrets,
  EMPTY_WITNESS,
  toWitnessInput,
  WitnessFields,
  type WitnessForm,
} from './witness-fields.tsx';

export const COUNT_STATUS_LABELS: Record<CountStatus, string> = {
  balanced: 'Balanced',
  open: 'Discrepancy open',
  investigating: 'Being investigated',
  explained: 'Explained',
  reported: 'Reported',
};

export function CountStatusBadge({ status }: { status: CountStatus }) {
  const tone =
    status === 'balanced' || status === 'explained'
      ? 'badge-ok'
      : status === 'reported'
        ? 'badge-off'
        : 'badge-warn';
  return <span className={`badge ${tone}`}>{COUNT_STATUS_LABELS[status]}</span>;
}

// The workflow only moves forward: open → investigating → explained or reported.
const NEXT_ACTIONS: Record<CountStatus, DiscrepancyAction[]> = {
  balanced: [],
  open: ['investigate'],
  investigating: ['explain', 'report'],
  explained: [],
  reported: [],
};
const NOTE_LABELS: Record<DiscrepancyAction, string> = {
  investigate: 'Investigation started',
  explain: 'Explanation',
  report: 'Reported',
};
const ACTION_LABELS: Record<DiscrepancyAction, string> = {
  investigate: 'Start the investigation',
  explain: 'Explained (say how)',
  report: 'Report it (a theft or significant loss: record it on the Theft or loss tab too)',
};

function DiscrepancyForm({ count, onChanged }: { count: Count; onChanged: (count: Count) => void }) {
  const choices = NEXT_ACTIONS[count.status];
  const [choice, setChoice] = useState<DiscrepancyAction | ''>(
    choices.length === 1 ? (choices[0] ?? '') : '',
  );
  const [note, setNote] = useState('');
  const action = useAction();
  if (choices.length === 0) return null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await action.run(() =>
      inventoryApi.workDiscrepancy(count.id, { action: choice as DiscrepancyAction, note: note.trim() }),
    );
    if (!result) return;
    setNote('');
    setChoice('');
    onChanged(result);
  };
  return (
    <form onSubmit={submit} noValidate className="stack">
      <ErrorAlert error={action.error} fieldsShown={['action', 'note']} />
      <RadioGroup
        legend="Next step"
        name="discrepancy-action"
        options={choices}
        labels={ACTION_LABELS}
        value={choice}
        onChange={setChoice}
        error={action.errors.action}
      />
      <TextAreaField label="Note" rows={3} value={note} onChange={setNote} error={action.errors.note} />
      <div className="actions">
        <button type="submit" className="button" disabled={action.busy}>
          Save step
        </button>
      </div>
    </form>
  );
}

/** A correction of the balance, tied to this count, with a reason and a witness who signs in here. */
function AdjustmentForm({
  count,
  line,
  witnessRequired,
  onRecorded,
}: {
  count: Count;
  line: CountLine;
  witnessRequired: boolean;
  onRecorded: (entry: LedgerEntry) => void;
}) {
  const me = useMe();
  const [quantity, setQuantity] = useState(String(line.difference));
  const [reason, setReason] = useState('');
  const [witness, setWitness] = useState<WitnessForm>(EMPTY_WITNESS);
  const action = useAction();
  const e = action.errors;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await action.run(() =>
      inventoryApi.recordAdjustment({
        countId: count.id,
        lotId: line.lotId,
        cabinetId: count.cabinetId,
        quantity: numberOrUndefined(quantity) as number,
        reason: reason.trim(),
        witnesses: witnessRequired ? [toWitnessInput(witness)] : [],
      }),
    );
    setWitness((w) => clearSecrets([w])[0] ?? EMPTY_WITNESS);
    if (!result) return;
    setWitness(EMPTY_WITNESS);
    onRecorded(result.entry);
  };
  return (
    <form onSubmit={submit} noValidate className="stack">
      <ErrorAlert
        error={action.error}
        fieldsShown={['quantity', 'reason', 'witnesses', 'lotId', 'countId']}
      />
      <div className="grid-2">
        <TextField
          label={`Adjustment (${unitLabel(line.baseUnit)}, + adds, − removes)`}
          inputMode="decimal"
          className="field-short"
          value={quantity}
          onChange={setQuantity}
          error={e.quantity}
        />
        <TextAreaField label="Reason" rows={2} value={reason} onChange={setReason} error={e.reason} />
      </div>
      {witnessRequired ? (
        <WitnessFields
          index={0}
          of={1}
          actorName={me.name}
          value={witness}
          onChange={setWitness}
          errors={e}
        />
      ) : null}
      <div className="actions">
        <button type="submit" className="button button-warning" disabled={action.busy}>
          Record adjustment
        </button>
      </div>
    </form>
  );
}

type Props = {
  count: Count;
  canAdjust: boolean;
  witnessRequired: boolean;
  onChanged: (count: Count) => void;
  onAdjusted: () => void;
};

/** One count: expected against counted per lot, and the discrepancy worked through to its end. */
export function CountDetail({ count, canAdjust, witnessRequired, onChanged, onAdjusted }: Props) {
  const [adjusting, setAdjusting] = useState<string | null>(null);
  const [adjusted, setAdjusted] = useState<LedgerEntry[]>([]);
  const off = count.lines.filter((l) => l.difference !== 0);
  return (
    <section className="card" aria-labelledby="count-detail-heading">
      <h3 id="count-detail-heading">
        {COUNT_KIND_LABELS[count.kind]}
        {count.timing ? ` (${count.timing === 'opening' ? 'opening' : 'close'} of business)` : ''},{' '}
        {count.cabinetName}
      </h3>
      <p>
        By {count.countedByName}, <time dateTime={count.countedAt}>{formatDateTime(count.countedAt)}</time> ·{' '}
        <CountStatusBadge status={count.status} />
      </p>
      <TableRegion labelledBy="count-result-caption">
        <table className="table-dense">
          <caption id="count-result-caption">Expected and counted, by lot</caption>
          <thead>
            <tr>
              <th scope="col">Product and lot</th>
              <th scope="col" className="num">
                Expected
              </th>
              <th scope="col" className="num">
                Counted
              </th>
              <th scope="col">How</th>
              <th scope="col" className="num">
                Difference
              </th>
            </tr>
          </thead>
          <tbody>
            {count.lines.map((l) => (
              <tr key={l.lotId} className={l.difference !== 0 ? 'row-discrepancy' : undefined}>
                <th scope="row">
                  {l.productName}, lot {l.lotNumber}
                </th>
                <td className="num nowrap">{formatQuantity(l.expected, l.baseUnit)}</td>
                <td className="num nowrap">{formatQuantity(l.counted, l.baseUnit)}</td>
                <td>{l.method === 'estimated' ? 'Estimated' : 'Counted'}</td>
                <td className="num nowrap">
                  {l.difference === 0
                    ? '0'
                    : `${l.difference > 0 ? '+' : ''}${formatQuantity(l.difference, l.baseUnit)}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      {count.notes.length > 0 ? (
        <>
          <h4>Discrepancy steps</h4>
          <ol className="count-notes">
            {count.notes.map((n) => (
              <li key={`${n.at}-${n.action}`}>
                <strong>{NOTE_LABELS[n.action]}</strong> by {n.byName},{' '}
                <time dateTime={n.at}>{formatDateTime(n.at)}</time>: {n.note}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {off.length > 0 ? <DiscrepancyForm key={count.status} count={count} onChanged={onChanged} /> : null}
      {adjusted.map((entry) => (
        <p key={entry.id} className="alert alert-success" role="status">
          Adjustment recorded: {entry.quantity > 0 ? '+' : '−'}
          {formatEntryAmount(entry)}, lot {entry.lotNumber} (ledger entry #{entry.seq}).
        </p>
      ))}
      {canAdjust && off.length > 0 && count.status !== 'open' ? (
        <>
          <h4>Adjust the balance</h4>
          <p className="hint">
            Only after the discrepancy is investigated; the original entries stay as they are.
          </p>
          {off.map((l) => (
            <div key={l.lotId} className="stack">
              {adjusting === l.lotId ? (
                <AdjustmentForm
                  count={count}
                  line={l}
                  witnessRequired={witnessRequired}
                  onRecorded={(entry) => {
                    setAdjusted((all) => [...all, entry]);
                    setAdjusting(null);
                    onAdjusted();
                  }}
                />
              ) : (
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => setAdjusting(l.lotId)}
                >
                  Adjust {l.productName}, lot {l.lotNumber}
                </button>
              )}
            </div>
          ))}
        </>
      ) : null}
    </section>
  );
}
