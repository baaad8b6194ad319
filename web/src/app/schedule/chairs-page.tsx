import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import {
  CHAIR_KIND_LABELS,
  type Chair,
  type ChairKind,
  type StaffHours,
  scheduleApi,
  WEEKDAY_LABELS,
  WEEKDAYS,
  type Weekday,
} from '../../api/schedule.ts';
import { api, type Location, type StaffMember } from '../../api.ts';
import { ErrorAlert, fieldErrorsOf } from '../../components/error-alert.tsx';
import { CheckboxGroup, SelectField, TextField } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { TableRegion } from '../../components/table-region.tsx';

function ChairRow({ chair, onSaved }: { chair: Chair; onSaved: (message: string) => void }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(chair.name);
  const [kind, setKind] = useState<ChairKind>(chair.kind);
  const [active, setActive] = useState(chair.active);
  const [error, setError] = useState<unknown>(null);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const saved = await scheduleApi.updateChair(chair.id, { name: name.trim(), kind, active });
      setEditing(false);
      onSaved(`${saved.name} saved.`);
    } catch (e) {
      setError(e);
    }
  };

  if (!editing) {
    return (
      <tr>
        <td>{chair.name}</td>
        <td>{CHAIR_KIND_LABELS[chair.kind]}</td>
        <td>{chair.active ? 'In use' : 'Not in use'}</td>
        <td>
          <button type="button" className="button-link" onClick={() => setEditing(true)}>
            Edit<span className="visually-hidden"> {chair.name}</span>
          </button>
        </td>
      </tr>
    );
  }
  const errors = fieldErrorsOf(error);
  return (
    <tr>
      <td colSpan={4}>
        <form onSubmit={save} noValidate className="stack inline-editor" aria-label={`Edit ${chair.name}`}>
          <ErrorAlert error={error} fieldsShown={['name', 'kind']} />
          <div className="grid-3">
            <TextField label="Name" value={name} onChange={setName} error={errors.name} />
            <SelectField label="Kind" value={kind} onChange={(v) => setKind(v as ChairKind)}>
              <option value="chair">Chair</option>
              <option value="room">Room</option>
            </SelectField>
            <label className="checkbox">
              <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
              In use
            </label>
          </div>
          <div className="actions">
            <button type="submit" className="button">
              Save
            </button>
            <button type="button" className="button button-secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      </td>
    </tr>
  );
}

function AddChairForm({ locationId, onAdded }: { locationId: string; onAdded: (message: string) => void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ChairKind>('chair');
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const chair = await scheduleApi.addChair(locationId, { name: name.trim(), kind });
      setName('');
      onAdded(`${chair.name} added.`);
    } catch (e) {
      setError(e);
    }
  };
  const errors = fieldErrorsOf(error);
  return (
    <form onSubmit={submit} noValidate className="stack" aria-labelledby="add-chair-heading">
      <h3 id="add-chair-heading">Add a chair or room</h3>
      <ErrorAlert error={error} fieldsShown={['name', 'kind']} />
      <div className="grid-2">
        <TextField label="Chair or room name" value={name} onChange={setName} error={errors.name} />
        <SelectField label="Kind" value={kind} onChange={(v) => setKind(v as ChairKind)}>
          <option value="chair">Chair</option>
          <option value="room">Room</option>
        </SelectField>
      </div>
      <button type="submit" className="button">
        Add chair or room
      </button>
    </form>
  );
}

function AddHoursForm({
  locationId,
  staff,
  onAdded,
}: {
  locationId: string;
  staff: StaffMember[];
  onAdded: (message: string) => void;
}) {
  const [userId, setUserId] = useState('');
  const [days, setDays] = useState<Weekday[]>([]);
  const [start, setStart] = useState('08:00');
  const [end, setEnd] = useState('17:00');
  const [error, setError] = useState<unknown>(null);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const mine: Record<string, string> = {};
    if (!userId) mine.userId = 'Choose the staff member.';
    if (days.length === 0) mine.weekday = 'Choose at least one day.';
    setLocalErrors(mine);
    if (Object.keys(mine).length > 0) return;
    const done: string[] = [];
    try {
      // One request a day: a day that overlaps hours the person already has stops here, named.
      for (const weekday of days) {
        await scheduleApi.addStaffHours(locationId, { userId, weekday, start, end });
        done.push(WEEKDAY_LABELS[weekday]);
      }
      setDays([]);
      onAdded(`Hours added for ${done.join(', ')}.`);
    } catch (e) {
      setError(e);
      if (done.length > 0) onAdded(`Hours added for ${done.join(', ')}; the next day was refused.`);
    }
  };
  const errors = { ...fieldErrorsOf(error), ...localErrors };
  return (
    <form onSubmit={submit} noValidate className="stack" aria-labelledby="add-hours-heading">
      <h3 id="add-hours-heading">Add staff hours</h3>
      <ErrorAlert error={error} fieldsShown={['userId', 'weekday', 'start', 'end']} />
      <SelectField label="Staff member" value={userId} onChange={setUserId} error={errors.userId}>
        <option value="">Choose…</option>
        {staff.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </SelectField>
      <CheckboxGroup
        legend="Days"
        options={WEEKDAYS}
        labels={WEEKDAY_LABELS}
        value={days}
        onChange={setDays}
        error={errors.weekday}
      />
      <div className="grid-2">
        <TextField
          label="From"
          type="time"
          hint="Local time at the location."
          value={start}
          onChange={setStart}
          error={errors.start}
        />
        <TextField label="To" type="time" value={end} onChange={setEnd} error={errors.end} />
      </div>
      <button type="submit" className="button">
        Add hours
      </button>
    </form>
  );
}

/** Admin: the chairs and rooms of each location, and who works there when (bookings must fit those hours). */
export function ChairsPage() {
  const [locations, setLocations] = useState<Location[] | null>(null);
  const [locationId, setLocationId] = useState('');
  const [chairs, setChairs] = useState<Chair[]>([]);
  const [hours, setHours] = useState<StaffHours[]>([]);
  const [staff, setStaff] = useState<StaffMember[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const chairsId = useId();
  const hoursId = useId();

  useEffect(() => {
    api.listLocations().then(({ items }) => {
      setLocations(items);
      setLocationId((current) => current || (items[0]?.id ?? ''));
    }, setError);
    api
      .listStaff()
      .then(({ items }) => setStaff(items.filter((s) => !s.roles.includes('patient'))), setError);
  }, []);

  // Switching locations quickly starts several loads: only the latest one may fill the page.
  const latest = useRef(0);
  const load = useCallback(async () => {
    if (!locationId) return;
    const ticket = ++latest.current;
    try {
      const [c, h] = await Promise.all([
        scheduleApi.listChairs(locationId),
        scheduleApi.listStaffHours(locationId),
      ]);
      if (ticket !== latest.current) return;
      setChairs(c.items);
      setHours(h.items);
    } catch (e) {
      if (ticket === latest.current) setError(e);
    }
  }, [locationId]);

  useEffect(() => {
    void load();
  }, [load]);

  const changed = (message: string) => {
    setNotice(message);
    void load();
  };

  const remove = async (h: StaffHours) => {
    try {
      await scheduleApi.removeStaffHours(h.id);
      changed(`Removed ${h.userName}’s ${WEEKDAY_LABELS[h.weekday]} hours.`);
    } catch (e) {
      setError(e);
    }
  };

  const location = locations?.find((l) => l.id === locationId);
  const sortedHours = [...hours].sort(
    (a, b) => WEEKDAYS.indexOf(a.weekday) - WEEKDAYS.indexOf(b.weekday) || a.start.localeCompare(b.start),
  );

  return (
    <>
      <PageHeader title="Chairs and staff hours" />
      <ErrorAlert error={error} />
      <p role="status" className={notice ? 'alert alert-success' : 'visually-hidden'}>
        {notice}
      </p>
      {locations && locations.length === 0 ? <p>Add a location first.</p> : null}
      {locations && locations.length > 0 ? (
        <SelectField label="Location" value={locationId} onChange={setLocationId}>
          {locations.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      {location ? (
        <>
          <section className="card" aria-labelledby={chairsId}>
            <h2 id={chairsId}>Chairs and rooms at {location.name}</h2>
            <TableRegion labelledBy={`${chairsId}-t`}>
              <table>
                <caption id={`${chairsId}-t`} className="visually-hidden">
                  Chairs and rooms
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Status</th>
                    <th scope="col">
                      <span className="visually-hidden">Edit</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {chairs.length === 0 ? (
                    <tr>
                      <td colSpan={4}>No chairs or rooms yet.</td>
                    </tr>
                  ) : (
                    chairs.map((c) => (
                      <ChairRow key={`${c.id}-${c.name}-${c.kind}-${c.active}`} chair={c} onSaved={changed} />
                    ))
                  )}
                </tbody>
              </table>
            </TableRegion>
            <AddChairForm locationId={location.id} onAdded={changed} />
          </section>
          <section className="card" aria-labelledby={hoursId}>
            <h2 id={hoursId}>Staff hours at {location.name}</h2>
            <p className="hint">
              Weekly, in the location’s local time ({location.timeZone}). A session can only be booked inside
              staffed hours.
            </p>
            <TableRegion labelledBy={`${hoursId}-t`}>
              <table>
                <caption id={`${hoursId}-t`} className="visually-hidden">
                  Staff hours
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col">Staff member</th>
                    <th scope="col">Hours</th>
                    <th scope="col">
                      <span className="visually-hidden">Remove</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {sortedHours.length === 0 ? (
                    <tr>
                      <td colSpan={4}>No staff hours yet: nothing can be booked here.</td>
                    </tr>
                  ) : (
                    sortedHours.map((h) => (
                      <tr key={h.id}>
                        <td>{WEEKDAY_LABELS[h.weekday]}</td>
                        <td>{h.userName}</td>
                        <td>
                          {h.start}–{h.end}
                        </td>
                        <td>
                          <button type="button" className="button-link" onClick={() => void remove(h)}>
                            Remove
                            <span className="visually-hidden">
                              {' '}
                              {h.userName} {WEEKDAY_LABELS[h.weekday]} {h.start}–{h.end}
                            </span>
                          </button>
                        </td>
                      </tr>
                    ))
                  )}
                </tbody>
              </table>
            </TableRegion>
            <AddHoursForm locationId={location.id} staff={staff} onAdded={changed} />
          </section>
        </>
      ) : null}
    </>
  );
}
