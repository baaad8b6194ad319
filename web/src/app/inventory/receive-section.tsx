import { type FormEvent, useState } from 'react';
import { type Cabinet, inventoryApi, type Product } from '../../api/inventory.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { SelectField, TextAreaField, TextField } from '../../components/field.tsx';
import { todayIso } from '../../format.ts';
import { formatQuantity, numberOrUndefined } from './quantity.ts';
import { useAction } from './use-action.ts';

const FIELDS = [
  'productId',
  'cabinetId',
  'lotNumber',
  'expiresOn',
  'containers',
  'supplierName',
  'supplierAddress',
  'supplierDea',
  'invoiceNumber',
  'invoiceDate',
] as const;
type Form = Record<(typeof FIELDS)[number], string>;

function emptyForm(): Form {
  return {
    productId: '',
    cabinetId: '',
    lotNumber: '',
    expiresOn: '',
    containers: '',
    supplierName: '',
    supplierAddress: '',
    supplierDea: '',
    invoiceNumber: '',
    invoiceDate: todayIso(),
  };
}

/** A delivery against its invoice (21 CFR 1304.22(c)(3): containers, date, supplier name, address, DEA number). */
export function ReceiveSection({
  products,
  cabinets,
  onRecorded,
}: {
  products: Product[];
  cabinets: Cabinet[];
  onRecorded: () => void;
}) {
  const [form, setForm] = useState<Form>(emptyForm);
  const [done, setDone] = useState('');
  const action = useAction();
  const e = action.errors;
  const set = (key: keyof Form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const product = products.find((p) => p.id === form.productId);
  const containers = numberOrUndefined(form.containers);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone('');
    const result = await action.run(() =>
      inventoryApi.recordReceipt({
        ...form,
        lotNumber: form.lotNumber.trim(),
        supplierDea: form.supplierDea.trim().toUpperCase(),
        containers: containers as number,
      }),
    );
    if (!result) return;
    const { entry } = result;
    setDone(
      `Received ${formatQuantity(entry.quantity, entry.baseUnit, entry.quantityMl)} of ${entry.productName}, lot ${
        entry.lotNumber
      }, into ${entry.cabinetName} (ledger entry #${entry.seq}).`,
    );
    setForm(emptyForm());
    onRecorded();
  };

  return (
    <form onSubmit={submit} noValidate className="stack" aria-labelledby="section-heading">
      {done ? (
        <p className="alert alert-success" role="status">
          {done}
        </p>
      ) : null}
      <ErrorAlert error={action.error} fieldsShown={FIELDS} />
      <fieldset className="form-group">
        <legend>What arrived</legend>
        <div className="grid-3">
          <SelectField label="Product" value={form.productId} onChange={set('productId')} error={e.productId}>
            <option value="">Choose a product</option>
            {products.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.strength}, {p.containerSize}, NDC {p.ndc})
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Into cabinet"
            value={form.cabinetId}
            onChange={set('cabinetId')}
            error={e.cabinetId}
          >
            <option value="">Choose a cabinet</option>
            {cabinets.map((c) => (
              <option key={c.id} value={c.id}>
                {c.locationName}: {c.name}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Containers received"
            inputMode="numeric"
            className="field-short"
            value={form.containers}
            onChange={set('containers')}
            error={e.containers}
            hint={
              product && containers && containers > 0
                ? `= ${formatQuantity(
                    containers * product.unitsPerContainer,
                    product.baseUnit,
                    product.mgPerMl ? (containers * product.unitsPerContainer) / product.mgPerMl : null,
                  )}`
                : product
                  ? `Each: ${product.containerSize}`
                  : undefined
            }
          />
          <TextField
            label="Lot number"
            spellCheck={false}
            value={form.lotNumber}
            onChange={set('lotNumber')}
            error={e.lotNumber}
          />
          <TextField
            label="Expiry date"
            type="date"
            value={form.expiresOn}
            onChange={set('expiresOn')}
            error={e.expiresOn}
          />
        </div>
      </fieldset>
      <fieldset className="form-group">
        <legend>Supplier and invoice</legend>
        <div className="grid-3">
          <TextField
            label="Supplier name"
            value={form.supplierName}
            onChange={set('supplierName')}
            error={e.supplierName}
          />
          <TextField
            label="Supplier DEA number"
            hint="Two letters and seven digits, as on the invoice."
            spellCheck={false}
            autoComplete="off"
            value={form.supplierDea}
            onChange={set('supplierDea')}
            error={e.supplierDea}
          />
          <TextField
            label="Invoice number"
            value={form.invoiceNumber}
            onChange={set('invoiceNumber')}
            error={e.invoiceNumber}
          />
          <TextField
            label="Invoice date"
            type="date"
            value={form.invoiceDate}
            onChange={set('invoiceDate')}
            error={e.invoiceDate}
          />
        </div>
        <TextAreaField
          label="Supplier address"
          rows={2}
          value={form.supplierAddress}
          onChange={set('supplierAddress')}
          error={e.supplierAddress}
        />
      </fieldset>
      <div className="actions">
        <button type="submit" className="button" disabled={action.busy}>
          {action.busy ? 'Recording…' : 'Record receipt'}
        </button>
      </div>
    </form>
  );
}
