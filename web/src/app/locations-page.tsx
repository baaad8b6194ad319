import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, type Location, type LocationInput } from '../api.ts';
import { ErrorAlert, fieldErrorsOf } from '../components/error-alert.tsx';
import { SelectField, TextField } from '../components/field.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { TableRegion } from '../components/table-region.tsx';

const US_ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
];

function defaultZone(all: readonly string[]): string {
  const mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return mine && all.includes(mine) ? mine : 'America/New_York';
}

const FIELDS = [
  'name',
  'addressLine1',
  'addressLine2',
  'city',
  'state',
  'postalCode',
  'phone',
  'timeZone',
  'deaRegistration',
];

function emptyForm(zone: string): Record<keyof LocationInput, string> {
  return {
    name: '',
    addressLine1: '',
    addressLine2: '',
    city: '',
    state: '',
    postalCode: '',
    phone: '',
    timeZone: zone,
    deaRegistration: '',
  };
}

function LocationForm({
  editing,
  zones,
  onSaved,
  onCancel,
}: {
  editing: Location | null;
  zones: readonly string[];
  onSaved: (saved: string) => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState(() =>
    editing
      ? {
          ...editing,
          addressLine2: editing.addressLine2 ?? '',
          phone: editing.phone ?? '',
          deaRegistration: editing.deaRegistration ?? '',
        }
      : emptyForm(defaultZone(zones)),
  );
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const isEditing = editing !== null;

  useEffect(() => {
    if (isEditing) headingRef.current?.focus();
  }, [isEditing]);

  const set = (key: keyof LocationInput) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body: LocationInput = {
      name: form.name.trim(),
      addressLine1: form.addressLine1.trim(),
      addressLine2: form.addressLine2.trim() || null,
      city: form.city.trim(),
      state: form.state.trim(),
      postalCode: form.postalCode.trim(),
      phone: form.phone.trim() || null,
      timeZone: form.timeZone,
      deaRegistration: form.deaRegistration.trim().toUpperCase() || null,
    };
    try {
      if (editing) await api.updateLocation(editing.id, body);
      else await api.createLocation(body);
      onSaved(editing ? `${body.name} saved.` : `${body.name} added.`);
      if (!editing) setForm(emptyForm(form.timeZone));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const errors = fieldErrorsOf(error);
  const others = zones.filter((z) => !US_ZONES.includes(z));

  return (
    <section className="card" aria-labelledby="location-form-heading">
      <h2 id="location-form-heading" ref={headingRef} tabIndex={-1}>
        {editing ? `Edit ${editing.name}` : 'Add a location'}
      </h2>
      <form onSubmit={submit} noValidate className="stack">
        <ErrorAlert error={error} fieldsShown={FIELDS} />
        <TextField label="Name" name="name" value={form.name} onChange={set('name')} error={errors.name} />
        <TextField
          label="Address line 1"
          name="addressLine1"
          autoComplete="address-line1"
          value={form.addressLine1}
          onChange={set('addressLine1')}
          error={errors.addressLine1}
        />
        <TextField
          label="Address line 2"
          name="addressLine2"
          autoComplete="address-line2"
          optional
          value={form.addressLine2}
          onChange={set('addressLine2')}
          error={errors.addressLine2}
        />
        <div className="grid-4">
          <TextField
            label="City"
            name="city"
            autoComplete="address-level2"
            value={form.city}
            onChange={set('city')}
            error={errors.city}
          />
          <TextField
            label="State"
            name="state"
            autoComplete="address-level1"
            maxLength={2}
            value={form.state}
            onChange={(v) => set('state')(v.toUpperCase())}
            error={errors.state}
          />
          <TextField
            label="ZIP code"
            name="postalCode"
            autoComplete="postal-code"
            inputMode="numeric"
            value={form.postalCode}
            onChange={set('postalCode')}
            error={errors.postalCode}
          />
          <TextField
            label="Phone"
            name="phone"
            type="tel"
            autoComplete="tel"
            optional
            value={form.phone}
            onChange={set('phone')}
            error={errors.phone}
          />
        </div>
        <div className="field-medium">
          <SelectField
            label="Time zone"
            name="timeZone"
            hint="Appointments and records at this location show in this time zone."
            value={form.timeZone}
            onChange={set('timeZone')}
            error={errors.timeZone}
          >
            <optgroup label="United States">
              {US_ZONES.filter((z) => zones.includes(z)).map((z) => (
                <option key={z} value={z}>
                  {z.replaceAll('_', ' ')}
                </option>
              ))}
            </optgroup>
            <optgroup label="All time zones">
              {others.map((z) => (
                <option key={z} value={z}>
                  {z.replaceAll('_', ' ')}
                </option>
              ))}
            </optgroup>
          </SelectField>
        </div>
        <div className="field-medium">
          <TextField
            label="DEA registration number"
            name="deaRegistration"
            optional
            hint="This location's registration, like AB1234563. It heads every controlled-substance report printed for it."
            autoComplete="off"
            maxLength={9}
            value={form.deaRegistration}
            onChange={(v) => set('deaRegistration')(v.toUpperCase())}
            error={errors.deaRegistration}
          />
        </div>
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Saving…' : editing ? 'Save changes' : 'Add location'}
          </button>
          {editing ? (
            <button type="button" className="button button-secondary" onClick={onCancel}>
              Cancel
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}

export function LocationsPage() {
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);
  const [locations, setLocations] = useState<Location[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [editing, setEditing] = useState<Location | null>(null);
  const [message, setMessage] = useState('');

  const load = useCallback(async () => {
    try {
      setLocations((await api.listLocations()).items);
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <PageHeader title="Locations" />
      <p className="lead">The places where this clinic treats patients.</p>
      <p role="status" className="status-line">
        {message}
      </p>
      {loadError ? <ErrorAlert error={loadError} /> : null}
      {!locations && !loadError ? <p>Loading locations…</p> : null}
      {locations && locations.length === 0 ? (
        <p className="card">No locations yet. Add the first one below.</p>
      ) : null}
      {locations && locations.length > 0 ? (
        <TableRegion labelledBy="locations-caption">
          <table>
            <caption id="locations-caption">Locations ({locations.length})</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Address</th>
                <th scope="col">Phone</th>
                <th scope="col">Time zone</th>
                <th scope="col">DEA registration</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {locations.map((l) => (
                <tr key={l.id}>
                  <th scope="row">{l.name}</th>
                  <td>
                    {l.addressLine1}
                    {l.addressLine2 ? `, ${l.addressLine2}` : ''}
                    <br />
                    {l.city}, {l.state} {l.postalCode}
                  </td>
                  <td className="nowrap">{l.phone ?? '—'}</td>
                  <td>{l.timeZone.replaceAll('_', ' ')}</td>
                  <td className="nowrap">{l.deaRegistration ?? 'Not on record'}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      onClick={() => {
                        setMessage('');
                        setEditing(l);
                      }}
                    >
                      Edit<span className="visually-hidden"> {l.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
      <LocationForm
        key={editing?.id ?? 'new'}
        editing={editing}
        zones={zones}
        onSaved={(saved) => {
          setMessage(saved);
          setEditing(null);
          void load();
        }}
        onCancel={() => setEditing(null)}
      />
    </>
  );
}
