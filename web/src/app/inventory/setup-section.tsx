import { type FormEvent, useEffect, useState } from 'react';
import { type Cabinet, inventoryApi, type Product, type ProductForm } from '../../api/inventory.ts';
import { api, type Location } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { RadioGroup, SelectField, TextField } from '../../components/field.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { LossFormEditor } from './loss-form-editor.tsx';
import { numberOrUndefined } from './quantity.ts';
import { useAction } from './use-action.ts';

const EMPTY_PRODUCT = {
  name: '',
  ndc: '',
  form: '' as ProductForm | '',
  strength: '',
  containerSize: '',
  unitsPerContainer: '',
};

function AddProductForm({ onSaved }: { onSaved: () => void }) {
  const [form, setForm] = useState(EMPTY_PRODUCT);
  const [done, setDone] = useState('');
  const action = useAction();
  const e = action.errors;
  const set = (key: keyof typeof EMPTY_PRODUCT) => (value: string) =>
    setForm((f) => ({ ...f, [key]: value }));
  const vial = form.form === 'vial';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone('');
    const strength = numberOrUndefined(form.strength);
    const result = await action.run(() =>
      inventoryApi.addProduct({
        name: form.name.trim(),
        ndc: form.ndc.trim(),
        form: form.form as ProductForm,
        baseUnit: vial ? 'mg' : 'device',
        ...(vial ? { mgPerMl: strength ?? null } : { mgPerDevice: strength ?? null }),
        containerSize: form.containerSize.trim(),
        unitsPerContainer: numberOrUndefined(form.unitsPerContainer) as number,
      }),
    );
    if (!result) return;
    setDone(`Added ${result.name}.`);
    setForm(EMPTY_PRODUCT);
    onSaved();
  };
  return (
    <form onSubmit={submit} noValidate className="stack">
      {done ? (
        <p className="alert alert-success" role="status">
          {done}
        </p>
      ) : null}
      <ErrorAlert
        error={action.error}
        fieldsShown={[
          'name',
          'ndc',
          'form',
          'mgPerMl',
          'mgPerDevice',
          'containerSize',
          'unitsPerContainer',
          'baseUnit',
        ]}
      />
      <RadioGroup
        legend="Form"
        name="product-form"
        options={['vial', 'nasal-device'] as const}
        labels={{
          vial: 'Vial (counted in mg, mL shown)',
          'nasal-device': 'Nasal spray device (counted in devices)',
        }}
        value={form.form}
        onChange={set('form')}
        error={e.form ?? e.baseUnit}
      />
      <div className="grid-3">
        <TextField label="Name" value={form.name} onChange={set('name')} error={e.name} />
        <TextField label="NDC" spellCheck={false} value={form.ndc} onChange={set('ndc')} error={e.ndc} />
        <TextField
          label={vial ? 'Strength (mg per mL)' : 'Strength (mg per device)'}
          inputMode="decimal"
          className="field-short"
          value={form.strength}
          onChange={set('strength')}
          error={e.mgPerMl ?? e.mgPerDevice}
        />
        <TextField
          label="Container"
          hint={vial ? 'For example: 10 mL vial' : 'For example: 1 device'}
          value={form.containerSize}
          onChange={set('containerSize')}
          error={e.containerSize}
        />
        <TextField
          label={vial ? 'mg per container' : 'Devices per container'}
          inputMode="decimal"
          className="field-short"
          value={form.unitsPerContainer}
          onChange={set('unitsPerContainer')}
          error={e.unitsPerContainer}
        />
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={action.busy}>
          Add product
        </button>
      </div>
    </form>
  );
}

function AddCabinetForm({ onSaved }: { onSaved: () => void }) {
  const [locations, setLocations] = useState<Location[]>([]);
  const [locationId, setLocationId] = useState('');
  const [name, setName] = useState('');
  const [done, setDone] = useState('');
  const action = useAction();
  useEffect(() => {
    api.listLocations().then(
      (r) => setLocations(r.items),
      () => setLocations([]),
    );
  }, []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone('');
    const result = await action.run(() => inventoryApi.addCabinet({ locationId, name: name.trim() }));
    if (!result) return;
    setDone(`Added ${result.name} at ${result.locationName}.`);
    setName('');
    onSaved();
  };
  return (
    <form onSubmit={submit} noValidate className="stack">
      {done ? (
        <p className="alert alert-success" role="status">
          {done}
        </p>
      ) : null}
      <ErrorAlert error={action.error} fieldsShown={['locationId', 'name']} />
      <div className="grid-2">
        <SelectField
          label="Location"
          value={locationId}
          onChange={setLocationId}
          error={action.errors.locationId}
        >
          <option value="">Choose a location</option>
          {locations.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Cabinet name"
          hint="A securely locked cabinet (21 CFR 1301.75(b))."
          value={name}
          onChange={setName}
          error={action.errors.name}
        />
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={action.busy}>
          Add cabinet
        </button>
      </div>
    </form>
  );
}

/** Admin: the products the clinic stocks and the locked cabinets it keeps them in. */
export function SetupSection({
  products,
  cabinets,
  canManage,
  onSaved,
}: {
  products: Product[];
  cabinets: Cabinet[];
  canManage: boolean;
  onSaved: () => void;
}) {
  return (
    <div className="stack">
      <section className="card" aria-labelledby="products-heading">
        <h3 id="products-heading">Products</h3>
        <TableRegion labelledBy="products-caption">
          <table className="table-dense">
            <caption id="products-caption" className="visually-hidden">
              Products the clinic stocks
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">NDC</th>
                <th scope="col">Strength</th>
                <th scope="col">Container</th>
                <th scope="col">Counted in</th>
              </tr>
            </thead>
            <tbody>
              {products.map((p) => (
                <tr key={p.id}>
                  <td>{p.name}</td>
                  <td>{p.ndc}</td>
                  <td>{p.strength}</td>
                  <td>{p.containerSize}</td>
                  <td>{p.baseUnit === 'mg' ? 'mg' : 'devices'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
        {canManage ? (
          <>
            <h4>Add a product</h4>
            <AddProductForm onSaved={onSaved} />
          </>
        ) : null}
      </section>
      <section className="card" aria-labelledby="cabinets-heading">
        <h3 id="cabinets-heading">Cabinets</h3>
        <ul>
          {cabinets.map((c) => (
            <li key={c.id}>
              {c.locationName}: {c.name}
            </li>
          ))}
        </ul>
        {canManage ? (
          <>
            <h4>Add a cabinet</h4>
            <AddCabinetForm onSaved={onSaved} />
          </>
        ) : null}
      </section>
      {canManage ? (
        <section className="card" aria-labelledby="loss-form-heading">
          <h3 id="loss-form-heading">Theft-or-loss form: the clinic’s own questions</h3>
          <LossFormEditor />
        </section>
      ) : null}
    </div>
  );
}
