import { type FormEvent, useState } from 'react';
import { inventoryApi, type LedgerEntry, type Product, type StockRow } from '../../api/inventory.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { TextAreaField, TextField } from '../../components/field.tsx';
import { useMe } from '../../session.tsx';
import { LotSelect } from './lot-select.tsx';
import { formatEntryAmount, numberOrUndefined } from './quantity.ts';
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

type Props = {
  stock: StockRow[];
  products: Product[];
  onRecorded: () => void;
};

function Done({ entry, what }: { entry: LedgerEntry | null; what: string }) {
  if (!entry) return null;
  return (
    <p className="alert alert-success" role="status">
      {what}: {formatEntryAmount(entry)} of {entry.productName}, lot {entry.lotNumber}
      {entry.witnessNames.length > 0 ? `, witnessed by ${entry.witnessNames.join(' and ')}` : ''} (ledger
      entry #{entry.seq}).
    </p>
  );
}

function ReturnForm({ stock, products, onRecorded }: Props) {
  const [key, setKey] = useState('');
  const [quantity, setQuantity] = useState('');
  const [recipient, setRecipient] = useState({ recipientName: '', recipientDea: '', recipientAddress: '' });
  const [done, setDone] = useState<LedgerEntry | null>(null);
  const action = useAction();
  const e = action.errors;
  const row = findStock(stock, key);
  const set = (k: keyof typeof recipient) => (v: string) => setRecipient((r) => ({ ...r, [k]: v }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await action.run(() =>
      inventoryApi.recordReturn({
        lotId: row?.lotId ?? '',
        cabinetId: row?.cabinetId ?? '',
        quantity: numberOrUndefined(quantity) as number,
        recipientName: recipient.recipientName.trim(),
        recipientDea: recipient.recipientDea.trim().toUpperCase(),
        recipientAddress: recipient.recipientAddress.trim(),
      }),
    );
    if (!result) return;
    setDone(result.entry);
    setKey('');
    setQuantity('');
    onRecorded();
  };

  return (
    <form onSubmit={submit} noValidate className="stack">
      <Done entry={done} what="Return recorded" />
      <ErrorAlert
        error={action.error}
        fieldsShown={['lotId', 'cabinetId', 'quantity', ...Object.keys(recipient)]}
      />
      <div className="grid-2">
        <LotSelect
          stock={stock}
          includeExpired
          value={key}
          onChange={setKey}
          error={e.lotId ?? e.cabinetId}
        />
        <QuantityField
          label="Quantity returned"
          row={row}
          mgPerMl={products.find((p) => p.id === row?.productId)?.mgPerMl ?? null}
          value={quantity}
          onChange={setQuantity}
          error={e.quantity}
        />
        <TextField
          label="Supplier or reverse distributor"
          value={recipient.recipientName}
          onChange={set('recipientName')}
          error={e.recipientName}
        />
        <TextField
          label="Their DEA number"
          spellCheck={false}
          autoComplete="off"
          value={recipient.recipientDea}
          onChange={set('recipientDea')}
          error={e.recipientDea}
        />
      </div>
      <TextAreaField
        label="Their address"
        rows={2}
        value={recipient.recipientAddress}
        onChange={set('recipientAddress')}
        error={e.recipientAddress}
      />
      <div className="actions">
        <button type="submit" className="button" disabled={action.busy}>
          {action.busy ? 'Recording…' : 'Record return'}
        </button>
      </div>
    </form>
  );
}

/** DEA Form 41: the product's NDC, name, strength and form, the quantity, method, place and two witnesses. */
function DestructionForm({ stock, products, onRecorded }: Props) {
  const me = useMe();
  const [key, setKey] = useState('');
  const [quantity, setQuantity] = useState('');
  const [method, setMethod] = useState('');
  const [place, setPlace] = useState('');
  const [witnesses, setWitnesses] = useState<WitnessForm[]>([EMPTY_WITNESS, EMPTY_WITNESS]);
  const [done, setDone] = useState<LedgerEntry | null>(null);
  const action = useAction();
  const e = action.errors;
  const row = findStock(stock, key);
  const product = products.find((p) => p.id === row?.productId);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await action.run(() =>
      inventoryApi.recordDestruction({
        lotId: row?.lotId ?? '',
        cabinetId: row?.cabinetId ?? '',
        quantity: numberOrUndefined(quantity) as number,
        method: method.trim(),
        place: place.trim(),
        witnesses: witnesses.map(toWitnessInput),
      }),
    );
    setWitnesses((w) => clearSecrets(w));
    if (!result) return;
    setWitnesses([EMPTY_WITNESS, EMPTY_WITNESS]);
    setDone(result.entry);
    setKey('');
    setQuantity('');
    onRecorded();
  };

  return (
    <form onSubmit={submit} noValidate className="stack">
      <Done entry={done} what="Destruction recorded" />
      <ErrorAlert
        error={action.error}
        fieldsShown={['lotId', 'cabinetId', 'quantity', 'method', 'place', 'witnesses']}
      />
      <div className="grid-2">
        <LotSelect
          stock={stock}
          includeExpired
          value={key}
          onChange={setKey}
          error={e.lotId ?? e.cabinetId}
        />
        <QuantityField
          label="Quantity destroyed"
          row={row}
          mgPerMl={product?.mgPerMl ?? null}
          value={quantity}
          onChange={setQuantity}
          error={e.quantity}
        />
      </div>
      {product ? (
        <dl className="facts form41-facts">
          <div>
            <dt>NDC</dt>
            <dd>{product.ndc}</dd>
          </div>
          <div>
            <dt>Name</dt>
            <dd>{product.name}</dd>
          </div>
          <div>
            <dt>Strength</dt>
            <dd>{product.strength}</dd>
          </div>
          <div>
            <dt>Form</dt>
            <dd>{product.form === 'vial' ? `Vial (${product.containerSize})` : 'Nasal spray device'}</dd>
          </div>
        </dl>
      ) : null}
      <div className="grid-2">
        <TextField
          label="Method of destruction"
          hint="How it was rendered non-retrievable, for example a chemical digestion kit."
          value={method}
          onChange={setMethod}
          error={e.method}
        />
        <TextField label="Place of destruction" value={place} onChange={setPlace} error={e.place} />
      </div>
      {witnesses.map((w, index) => (
        <WitnessFields
          // biome-ignore lint/suspicious/noArrayIndexKey: the two witness slots are fixed positions
          key={index}
          index={index}
          of={2}
          actorName={me.name}
          value={w}
          onChange={(next) => setWitnesses((all) => all.map((old, i) => (i === index ? next : old)))}
          errors={e}
        />
      ))}
      <div className="actions">
        <button type="submit" className="button" disabled={action.busy}>
          {action.busy ? 'Recording…' : 'Record destruction'}
        </button>
      </div>
    </form>
  );
}

/** Stock leaving the clinic other than by administration: back to a supplier, or destroyed on site. */
export function DisposalSection(props: Props) {
  return (
    <div className="stack">
      <section className="card" aria-labelledby="return-heading">
        <h3 id="return-heading">Return to the supplier or a reverse distributor</h3>
        <p className="hint">
          Expired or unwanted stock usually goes to a reverse distributor, who completes DEA Form 41.
        </p>
        <ReturnForm {...props} />
      </section>
      <section className="card" aria-labelledby="destruction-heading">
        <h3 id="destruction-heading">Destruction on site (DEA Form 41)</h3>
        <p className="hint">
          Two authorised employees witness the destruction to a non-retrievable state; each signs in below.
        </p>
        <DestructionForm {...props} />
      </section>
    </div>
  );
}
