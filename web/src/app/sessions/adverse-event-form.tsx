import { type FormEvent, useState } from 'react';
import {
  ADVERSE_EVENT_LABELS,
  ADVERSE_EVENTS,
  type AdverseEventInput,
  type AdverseEventKind,
  type Intervention,
  type Severity,
} from '../../api/sessions.ts';
import { RadioGroup, SelectField, TextAreaField, TextField } from '../../components/field.tsx';
import { numberOrUndefined } from './chart-format.ts';

const SEVERITIES = ['mild', 'moderate', 'severe'] as const;
const SEVERITY_LABELS: Record<Severity, string> = { mild: 'Mild', moderate: 'Moderate', severe: 'Severe' };

type Props = { infusionRunning: boolean; onSave: (entry: AdverseEventInput) => void };

/** An adverse event with its severity and what was done about it. */
export function AdverseEventForm({ infusionRunning, onSave }: Props) {
  const [event, setEvent] = useState<AdverseEventKind | ''>('');
  const [description, setDescription] = useState('');
  const [severity, setSeverity] = useState<Severity | ''>('');
  const [medication, setMedication] = useState('');
  const [medicationDose, setMedicationDose] = useState('');
  const [oxygen, setOxygen] = useState(false);
  const [litres, setLitres] = useState('');
  const [stopped, setStopped] = useState(false);
  const [other, setOther] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);

  const reset = () => {
    setEvent('');
    setDescription('');
    setSeverity('');
    setMedication('');
    setMedicationDose('');
    setOxygen(false);
    setLitres('');
    setStopped(false);
    setOther('');
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!event) found.event = 'Choose the event.';
    if (!severity) found.severity = 'Choose the severity.';
    if (event === 'other' && !description.trim()) found.description = 'Describe the event.';
    if (medication.trim() && !medicationDose.trim()) found.medicationDose = 'Give the dose.';
    if (!medication.trim() && medicationDose.trim()) found.medication = 'Name the medication.';
    const litresPerMin = numberOrUndefined(litres);
    if (oxygen && litresPerMin !== undefined && !(litresPerMin >= 0 && litresPerMin <= 15)) {
      found.litres = 'Enter 0 to 15 L/min.';
    }
    setErrors(found);
    if (Object.keys(found).length > 0 || !event || !severity) {
      setProblem('Check the fields marked below.');
      return;
    }
    const interventions: Intervention[] = [];
    if (medication.trim()) {
      interventions.push({ kind: 'medication', medication: medication.trim(), dose: medicationDose.trim() });
    }
    if (oxygen) interventions.push({ kind: 'oxygen', litresPerMin: litresPerMin ?? null });
    if (stopped) interventions.push({ kind: 'infusion-stopped' });
    if (other.trim()) interventions.push({ kind: 'other', text: other.trim() });
    try {
      onSave({
        id: crypto.randomUUID(),
        clientAt: new Date().toISOString(),
        kind: 'adverse-event',
        event,
        ...(description.trim() ? { description: description.trim() } : {}),
        severity,
        interventions,
      });
    } catch (err) {
      setProblem(
        `This event could not be stored on this device (${err instanceof Error ? err.message : String(err)}). It is still in the form.`,
      );
      return;
    }
    setProblem(null);
    reset();
  };

  return (
    <form aria-label="Adverse event" onSubmit={submit} noValidate className="stack">
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="grid-2">
        <SelectField
          label="Event"
          value={event}
          onChange={(v) => setEvent(v as AdverseEventKind)}
          error={errors.event}
        >
          <option value="">Choose</option>
          {ADVERSE_EVENTS.map((k) => (
            <option key={k} value={k}>
              {ADVERSE_EVENT_LABELS[k]}
            </option>
          ))}
        </SelectField>
        <RadioGroup
          legend="Severity"
          name="severity"
          options={SEVERITIES}
          labels={SEVERITY_LABELS}
          value={severity}
          onChange={setSeverity}
          error={errors.severity}
        />
      </div>
      <TextAreaField
        label="Description"
        optional={event !== 'other'}
        rows={2}
        value={description}
        onChange={setDescription}
        error={errors.description}
      />
      <fieldset className="field">
        <legend>Interventions</legend>
        <div className="grid-2">
          <TextField
            label="Medication given"
            optional
            value={medication}
            onChange={setMedication}
            error={errors.medication}
            autoComplete="off"
          />
          <TextField
            label="Medication dose"
            optional
            hint="For example: 4 mg IV"
            value={medicationDose}
            onChange={setMedicationDose}
            error={errors.medicationDose}
            autoComplete="off"
          />
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={oxygen} onChange={(e) => setOxygen(e.target.checked)} />
          Oxygen given
        </label>
        {oxygen ? (
          <TextField
            label="Oxygen (L/min)"
            optional
            inputMode="decimal"
            className="field-short"
            value={litres}
            onChange={setLitres}
            error={errors.litres}
          />
        ) : null}
        {infusionRunning ? (
          <label className="checkbox">
            <input type="checkbox" checked={stopped} onChange={(e) => setStopped(e.target.checked)} />
            Infusion stopped (record the stop under Administration too)
          </label>
        ) : null}
        <TextField label="Other intervention" optional value={other} onChange={setOther} autoComplete="off" />
      </fieldset>
      <div className="actions">
        <button type="submit" className="button">
          Save adverse event
        </button>
      </div>
    </form>
  );
}
