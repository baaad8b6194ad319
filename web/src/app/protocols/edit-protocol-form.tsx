import { type FormEvent, useId, useState } from 'react';
import { parseDecimalText } from '../../../../src/domain/dosing/index.ts';
import type {
  PhaseEdit,
  Protocol,
  ProtocolEdit,
  ProtocolPhase,
} from '../../../../src/domain/protocols/index.ts';
import { type ProtocolView, protocolsApi } from '../../api/protocols.ts';
import { isApiError } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { SelectField, TextField } from '../../components/field.tsx';

type NumberKey = Exclude<
  keyof PhaseEdit,
  'withinWeeks' | 'sessionsPerWeekChoices' | 'titrationSteps' | 'addDischarge' | 'removeDischarge'
>;

/** What the esketamine label fixes (the schedule's shape); the server refuses edits to these. */
const LABEL_FIXED = new Set<string>([
  'sessions',
  'withinWeeks',
  'weeks',
  'sessionsPerWeek',
  'infusionMinutes',
]);

type PhaseField = {
  key: NumberKey | 'titrationSteps' | 'withinWeeksMin' | 'withinWeeksMax';
  label: string;
  value: string;
};

function phaseFields(protocol: Protocol, phase: ProtocolPhase): PhaseField[] {
  const fields: PhaseField[] = [];
  const unit = phase.dose.value.unit;
  const length = phase.length.value;
  const frequency = phase.frequency.value;
  if (length.kind === 'sessions') {
    fields.push({ key: 'sessions', label: 'Number of sessions', value: String(length.sessions) });
    if (length.withinWeeks) {
      fields.push(
        { key: 'withinWeeksMin', label: 'Over at least (weeks)', value: String(length.withinWeeks.min) },
        { key: 'withinWeeksMax', label: 'Over at most (weeks)', value: String(length.withinWeeks.max) },
      );
    }
  }
  if (length.kind === 'weeks')
    fields.push({ key: 'weeks', label: 'Length (weeks)', value: String(length.weeks) });
  if (frequency.kind === 'per-week') {
    fields.push({
      key: 'sessionsPerWeek',
      label: 'Sessions a week',
      value: String(frequency.sessionsPerWeek),
    });
  }
  if (frequency.kind === 'every-weeks' && frequency.choices.length > 1) {
    fields.push({ key: 'everyWeeks', label: 'Every so many weeks', value: String(frequency.everyWeeks) });
  }
  fields.push({
    key: 'minDaysBetweenSessions',
    label: 'Minimum days between sessions',
    value: String(phase.minDaysBetweenSessions.value),
  });
  if (phase.dose.value.startDose !== null) {
    fields.push({
      key: 'startDose',
      label: `Starting dose (${unit})`,
      value: String(phase.dose.value.startDose),
    });
  }
  if (phase.dose.value.infusionMinutes !== undefined) {
    fields.push({
      key: 'infusionMinutes',
      label: 'Infusion time (min)',
      value: String(phase.dose.value.infusionMinutes),
    });
  }
  fields.push(
    {
      key: 'titrationSteps',
      label: `Titration steps (${unit}, comma-separated)`,
      value: phase.titrationSteps.value.join(', '),
    },
    { key: 'maxDose', label: `Maximum dose (${unit})`, value: String(phase.maxDose.value) },
    {
      key: 'monitoringMinutes',
      label: 'Minimum monitoring (min)',
      value: String(phase.monitoring.value.minMinutes),
    },
  );
  return protocol.route === 'esketamine'
    ? fields.filter((f) => !LABEL_FIXED.has(f.key.startsWith('withinWeeks') ? 'withinWeeks' : f.key))
    : fields;
}

type Form = Record<string, string>;

function initialForm(protocol: Protocol): Form {
  const form: Form = { name: protocol.name };
  for (const phase of protocol.phases) {
    for (const field of phaseFields(protocol, phase)) form[`phases.${phase.id}.${field.key}`] = field.value;
    form[`phases.${phase.id}.addDischargeId`] = '';
    form[`phases.${phase.id}.addDischargeText`] = '';
  }
  const stepUp = protocol.titration.stepUp.value;
  form.stepUpMode = stepUp ? 'rule' : 'never';
  form['stepUp.afterSessions'] = String(stepUp?.afterSessions ?? 2);
  form['stepUp.improvementBelowPercent'] = String(stepUp?.improvementBelowPercent ?? 20);
  form['stepUp.requireTolerated'] = stepUp?.requireTolerated === false ? 'no' : 'yes';
  form['intolerance.notTolerated'] = protocol.titration.intolerance.value.notTolerated;
  form['intolerance.severeReaction'] = protocol.titration.intolerance.value.severeReaction;
  return form;
}

/** Only what changed goes to the server: the edit is the difference, the server makes the next version. */
function buildEdit(
  protocol: Protocol,
  form: Form,
  start: Form,
  removed: Set<string>,
  errors: Record<string, string>,
): ProtocolEdit {
  const num = (key: string): number | undefined => {
    const value = parseDecimalText(form[key] ?? '');
    if (value === null) errors[key] = 'Enter a number.';
    return value ?? undefined;
  };
  const changed = (key: string) => (form[key] ?? '').trim() !== (start[key] ?? '').trim();
  const phases: Record<string, PhaseEdit> = {};
  for (const phase of protocol.phases) {
    const edit: Record<string, unknown> = {};
    const p = `phases.${phase.id}.`;
    for (const field of phaseFields(protocol, phase)) {
      const key = p + field.key;
      if (!changed(key)) continue;
      if (field.key === 'titrationSteps') {
        const steps = (form[key] ?? '').split(',').map((s) => parseDecimalText(s));
        if (steps.some((s) => s === null))
          errors[key] = 'Enter numbers separated by commas, for example 0.5, 0.75.';
        else edit.titrationSteps = steps;
      } else if (field.key === 'withinWeeksMin' || field.key === 'withinWeeksMax') {
        edit.withinWeeks = { min: num(`${p}withinWeeksMin`), max: num(`${p}withinWeeksMax`) };
      } else {
        edit[field.key] = num(key);
      }
    }
    const remove = phase.discharge.filter((d) => removed.has(`${phase.id}/${d.id}`)).map((d) => d.id);
    if (remove.length > 0) edit.removeDischarge = remove;
    const addId = (form[`${p}addDischargeId`] ?? '').trim();
    const addText = (form[`${p}addDischargeText`] ?? '').trim();
    if (addId || addText) edit.addDischarge = [{ id: addId, text: addText }];
    if (Object.keys(edit).length > 0) phases[phase.id] = edit as PhaseEdit;
  }
  const edit: { -readonly [K in keyof ProtocolEdit]: ProtocolEdit[K] } = {};
  if (changed('name')) edit.name = form.name ?? '';
  if (Object.keys(phases).length > 0) edit.phases = phases;
  const stepUpKeys = [
    'stepUpMode',
    'stepUp.afterSessions',
    'stepUp.improvementBelowPercent',
    'stepUp.requireTolerated',
  ];
  if (stepUpKeys.some(changed)) {
    edit.stepUp =
      form.stepUpMode === 'never'
        ? null
        : {
            afterSessions: num('stepUp.afterSessions') ?? 0,
            improvementBelowPercent: num('stepUp.improvementBelowPercent') ?? 0,
            requireTolerated: form['stepUp.requireTolerated'] === 'yes',
          };
  }
  if (changed('intolerance.notTolerated') || changed('intolerance.severeReaction')) {
    edit.intolerance = {
      notTolerated: form['intolerance.notTolerated'] === 'same' ? 'same' : 'step-down',
      severeReaction: form['intolerance.severeReaction'] === 'hold' ? 'hold' : 'step-down',
    };
  }
  return edit;
}

/** Server field paths (`body.phases.induction.maxDose`) onto this form's keys. */
function serverErrors(error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(error.fieldPathErrors())) {
    const key = path
      .replace(/\.withinWeeks$/, '.withinWeeksMin')
      .replace(/\.addDischarge(\..*)?$/, '.addDischargeId')
      .replace(/\.removeDischarge.*$/, '.addDischargeId');
    out[key] = message;
  }
  return out;
}

export function EditProtocolForm({
  view,
  onSaved,
  onCancel,
}: {
  view: ProtocolView;
  onSaved: (saved: ProtocolView) => void;
  onCancel: () => void;
}) {
  const protocol = view.protocol;
  const [start] = useState(() => initialForm(protocol));
  const [form, setForm] = useState<Form>(start);
  const [removed, setRemoved] = useState<Set<string>>(new Set());
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const headingId = useId();
  const errors = { ...serverErrors(error), ...localErrors };
  const set = (key: string) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const edit = buildEdit(protocol, form, start, removed, found);
    setLocalErrors(found);
    setError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      onSaved(await protocolsApi.edit(protocol.id, { baseVersion: view.version, ...edit }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card protocol-edit" aria-labelledby={headingId}>
      <h3 id={headingId}>Edit {protocol.name}</h3>
      <p className="hint">
        Saving makes version {view.version + 1}; version {view.version} and the plans made with it stay as
        they are. Every value you change becomes clinic policy.
        {protocol.route === 'esketamine'
          ? ' The esketamine label fixes the schedule’s shape, the 56 and 84 mg doses, the 28 mg devices and at least 2 hours of monitoring.'
          : ''}
      </p>
      <ErrorAlert error={error} fieldsShown={['phases', 'name', 'stepUp', 'intolerance']} />
      <form onSubmit={submit} noValidate>
        <TextField label="Name" value={form.name ?? ''} onChange={set('name')} error={errors.name} />
        {protocol.phases.map((phase) => {
          const p = `phases.${phase.id}.`;
          const policyDischarge = phase.discharge.filter((d) => d.clinicPolicy);
          return (
            <fieldset key={phase.id} className="plan-fieldset">
              <legend>{phase.name}</legend>
              {errors[`phases.${phase.id}`] ? (
                <p className="field-error-text">{errors[`phases.${phase.id}`]}</p>
              ) : null}
              <div className="plan-grid">
                {phaseFields(protocol, phase).map((field) => (
                  <TextField
                    key={field.key}
                    label={field.label}
                    inputMode="decimal"
                    value={form[p + field.key] ?? ''}
                    onChange={set(p + field.key)}
                    error={errors[p + field.key]}
                  />
                ))}
              </div>
              {policyDischarge.length > 0 ? (
                <fieldset className="field checkbox-group">
                  <legend>Remove clinic-policy discharge rules</legend>
                  <div className="checkbox-options">
                    {policyDischarge.map((d) => {
                      const key = `${phase.id}/${d.id}`;
                      return (
                        <label key={d.id} className="checkbox">
                          <input
                            type="checkbox"
                            checked={removed.has(key)}
                            onChange={(e) =>
                              setRemoved((r) => {
                                const next = new Set(r);
                                if (e.target.checked) next.add(key);
                                else next.delete(key);
                                return next;
                              })
                            }
                          />
                          {d.text}
                        </label>
                      );
                    })}
                  </div>
                </fieldset>
              ) : null}
              <div className="plan-grid">
                <TextField
                  label="New discharge rule id"
                  hint="kebab-case, for example escort-signed"
                  optional
                  value={form[`${p}addDischargeId`] ?? ''}
                  onChange={set(`${p}addDischargeId`)}
                  error={errors[`${p}addDischargeId`]}
                />
                <TextField
                  label="New discharge rule text"
                  optional
                  value={form[`${p}addDischargeText`] ?? ''}
                  onChange={set(`${p}addDischargeText`)}
                />
              </div>
            </fieldset>
          );
        })}
        <fieldset className="plan-fieldset">
          <legend>Titration</legend>
          {errors.stepUp || errors.intolerance ? (
            <p className="field-error-text">{errors.stepUp ?? errors.intolerance}</p>
          ) : null}
          <SelectField label="Step up" value={form.stepUpMode ?? 'rule'} onChange={set('stepUpMode')}>
            <option value="rule">Suggest one step up after too little improvement</option>
            <option value="never">Never suggest a step up</option>
          </SelectField>
          {form.stepUpMode === 'rule' ? (
            <div className="plan-grid">
              <TextField
                label="After this many sessions at a dose"
                inputMode="numeric"
                value={form['stepUp.afterSessions'] ?? ''}
                onChange={set('stepUp.afterSessions')}
                error={errors['stepUp.afterSessions']}
              />
              <TextField
                label="Improvement below (%)"
                inputMode="decimal"
                value={form['stepUp.improvementBelowPercent'] ?? ''}
                onChange={set('stepUp.improvementBelowPercent')}
                error={errors['stepUp.improvementBelowPercent']}
              />
              <SelectField
                label="Only if tolerated"
                value={form['stepUp.requireTolerated'] ?? 'yes'}
                onChange={set('stepUp.requireTolerated')}
              >
                <option value="yes">Yes</option>
                <option value="no">No</option>
              </SelectField>
            </div>
          ) : null}
          <div className="plan-grid">
            <SelectField
              label="When a dose is not tolerated"
              value={form['intolerance.notTolerated'] ?? 'step-down'}
              onChange={set('intolerance.notTolerated')}
            >
              <option value="step-down">One step down</option>
              <option value="same">Stay at the dose (no step up)</option>
            </SelectField>
            <SelectField
              label="After a severe reaction"
              value={form['intolerance.severeReaction'] ?? 'step-down'}
              onChange={set('intolerance.severeReaction')}
            >
              <option value="step-down">One step down (hold at the lowest step)</option>
              <option value="hold">Hold until reviewed</option>
            </SelectField>
          </div>
        </fieldset>
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            Save as version {view.version + 1}
          </button>
          <button type="button" className="button button-secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
