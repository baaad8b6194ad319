import { type FormEvent, useRef, useState } from 'react';
import {
  DISSOCIATION_LEVELS,
  implausibleVitals,
  MOAAS_LEVELS,
  PLAUSIBLE_RANGES,
  type VitalSign,
} from '../../../../src/domain/monitoring/index.ts';
import type { CheckEntryInput, Vitals } from '../../api/sessions.ts';
import { SelectField, TextAreaField, TextField } from '../../components/field.tsx';
import { clockTime, hhMmToIso, numberOrUndefined } from './chart-format.ts';

const SIGNS: { key: VitalSign; label: string }[] = [
  { key: 'systolicMmHg', label: 'Systolic (mmHg)' },
  { key: 'diastolicMmHg', label: 'Diastolic (mmHg)' },
  { key: 'heartRateBpm', label: 'Heart rate (/min)' },
  { key: 'spo2Percent', label: 'SpO2 (%)' },
  { key: 'respiratoryRatePerMin', label: 'Respiratory rate (/min)' },
];

type Props = {
  /** The form's accessible name, e.g. "Pre-dose vitals" or "Monitoring check". */
  name: string;
  /** Pre-dose readings ask only for vitals; monitoring checks add MOAA/S and dissociation. */
  withScales: boolean;
  /** Stores the entry (in the queue); throws when it cannot be stored, and the form keeps its values. */
  onSave: (entry: CheckEntryInput) => void;
  /**
   * After a session ended without a discharge: the reading is one taken before that moment, so the
   * form asks when (instead of stamping the moment of saving).
   */
  takenBefore?: string;
};

type Values = Record<VitalSign, string> & {
  moaas: string;
  dissociation: string;
  note: string;
  takenAt: string;
};
const EMPTY: Values = {
  systolicMmHg: '',
  diastolicMmHg: '',
  heartRateBpm: '',
  spo2Percent: '',
  respiratoryRatePerMin: '',
  moaas: '',
  dissociation: '',
  note: '',
  takenAt: '',
};

/** Vitals in a few keystrokes: Tab between the numbers, Enter saves. */
export function CheckForm({ name, withScales, onSave, takenBefore }: Props) {
  const [values, setValues] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const set = (key: keyof Values) => (text: string) => setValues((v) => ({ ...v, [key]: text }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const vitals: Record<string, number> = {};
    for (const { key } of SIGNS) {
      const n = numberOrUndefined(values[key]);
      if (n !== undefined) vitals[key] = n;
    }
    const found: Record<string, string> = {};
    for (const sign of implausibleVitals(vitals as Vitals)) {
      const { min, max } = PLAUSIBLE_RANGES[sign];
      found[sign] = `Enter a number from ${min} to ${max}.`;
    }
    if ((vitals.systolicMmHg === undefined) !== (vitals.diastolicMmHg === undefined)) {
      found[vitals.systolicMmHg === undefined ? 'systolicMmHg' : 'diastolicMmHg'] =
        'Enter both numbers of the blood pressure.';
    }
    const moaas = values.moaas === '' ? undefined : Number(values.moaas);
    const dissociation = values.dissociation === '' ? undefined : Number(values.dissociation);
    const note = values.note.trim();
    if (Object.keys(vitals).length === 0 && moaas === undefined && dissociation === undefined && !note) {
      setProblem('Enter at least one reading.');
      setErrors({});
      return;
    }
    const takenAt = takenBefore ? hhMmToIso(values.takenAt) : null;
    if (takenBefore && takenAt === null) found.takenAt = 'Enter the time the reading was taken, as HH:MM.';
    else if (takenBefore && takenAt && Date.parse(takenAt) > Date.parse(takenBefore)) {
      found.takenAt = `Only readings taken before the session ended (${clockTime(takenBefore)}) can be added.`;
    }
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setProblem('Check the values marked below.');
      return;
    }
    const entry: CheckEntryInput = {
      id: crypto.randomUUID(),
      clientAt: takenAt ?? new Date().toISOString(),
      kind: 'check',
      ...(Object.keys(vitals).length > 0 ? { vitals } : {}),
      ...(moaas !== undefined ? { moaas } : {}),
      ...(dissociation !== undefined ? { dissociation } : {}),
      ...(note ? { note } : {}),
    };
    try {
      onSave(entry);
    } catch (e) {
      setProblem(
        `This entry could not be stored on this device (${e instanceof Error ? e.message : String(e)}). Nothing was lost: it is still in the form.`,
      );
      return;
    }
    setProblem(null);
    setValues(EMPTY);
    first.current?.focus();
  };

  return (
    <form aria-label={name} onSubmit={submit} noValidate className="stack check-form">
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      {takenBefore ? (
        <div className="field-medium">
          <TextField
            label="Time taken"
            inputMode="numeric"
            hint={`HH:MM, before the session ended at ${clockTime(takenBefore)}.`}
            value={values.takenAt}
            onChange={set('takenAt')}
            error={errors.takenAt}
          />
        </div>
      ) : null}
      <div className="vitals-grid">
        {SIGNS.map(({ key, label }, index) => (
          <TextField
            key={key}
            ref={index === 0 ? first : undefined}
            label={label}
            optional
            inputMode="decimal"
            autoComplete="off"
            className="field-short"
            value={values[key]}
            onChange={set(key)}
            error={errors[key]}
          />
        ))}
      </div>
      {withScales ? (
        <div className="grid-2">
          <SelectField label="MOAA/S (sedation, 0–5)" optional value={values.moaas} onChange={set('moaas')}>
            <option value="">Not assessed</option>
            {MOAAS_LEVELS.map((l) => (
              <option key={l.score} value={String(l.score)}>
                {l.score}: {l.text}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Dissociation (0–4)"
            optional
            value={values.dissociation}
            onChange={set('dissociation')}
          >
            <option value="">Not assessed</option>
            {DISSOCIATION_LEVELS.map((l) => (
              <option key={l.score} value={String(l.score)}>
                {l.score}: {l.text}
              </option>
            ))}
          </SelectField>
        </div>
      ) : null}
      <TextAreaField label="Note" optional rows={1} value={values.note} onChange={set('note')} />
      <div className="actions">
        <button type="submit" className="button">
          Save {name.toLowerCase()}
        </button>
      </div>
    </form>
  );
}
