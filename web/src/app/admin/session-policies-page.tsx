import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import {
  DISCHARGE_METHODS,
  type DischargeMethod,
  type PolicyProvenance,
  type SessionPolicies,
  type SessionPoliciesInput,
  settingsSessionsApi,
  TREATMENT_ROUTES,
  type TreatmentRoute,
} from '../../api/settings-sessions.ts';
import { ApiError } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { SelectField, TextField } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { CheckboxField, PolicySource } from './policy-source.tsx';
import {
  type ChecklistRow,
  ChecklistRows,
  rowKey,
  type ThresholdRow,
  ThresholdRows,
} from './session-policy-rows.tsx';

const ROUTE_LABELS: Record<TreatmentRoute, string> = {
  esketamine: 'Esketamine',
  'iv-ketamine': 'IV ketamine',
};
const METHOD_LABELS: Record<DischargeMethod, string> = {
  checklist: 'The clinic’s discharge checklist',
  'modified-aldrete': 'Modified Aldrete score',
  padss: 'PADSS score',
};
const TOP_LEVEL_FIELDS = [
  'preDoseGates',
  'bpGateRepeatClears',
  'vitalsSchedules',
  'alertThresholds',
  'vitalsBeforeDischargeWithinMin',
  'dischargeChecklist',
  'fasting',
  'pregnancyTestRequired',
  'minutesBetweenDevices',
  'lateAfterMinutes',
  'cosignRequired',
  'afterSessionMeasures',
  'dischargeMethod',
  'wasteOpenVial',
];

type GateForm = { systolicAboveMmHg: string; diastolicAboveMmHg: string };
type ScheduleForm = {
  duringInfusionEveryMin: string;
  afterDoseEveryMin: string;
  checkpointsMin: string;
  checkpointToleranceMin: string;
};
type Form = {
  preDoseGates: Record<TreatmentRoute, GateForm>;
  bpGateRepeatClears: boolean;
  vitalsSchedules: Record<TreatmentRoute, ScheduleForm>;
  alertThresholds: ThresholdRow[];
  vitalsBeforeDischargeWithinMin: string;
  dischargeChecklist: Record<TreatmentRoute, ChecklistRow[]>;
  foodHours: string;
  liquidsMinutes: string;
  pregnancyTestRequired: boolean;
  minutesBetweenDevices: string;
  lateAfterMinutes: string;
  cosignRequired: boolean;
  instruments: string;
  hoursAfter: string;
  dischargeMethod: DischargeMethod;
  wasteOpenVial: boolean;
};

const text = (n: number | null): string => (n === null ? '' : String(n));

function byRoute<T>(make: (route: TreatmentRoute) => T): Record<TreatmentRoute, T> {
  return { esketamine: make('esketamine'), 'iv-ketamine': make('iv-ketamine') };
}

function toForm(p: SessionPolicies): Form {
  return {
    preDoseGates: byRoute((r) => ({
      systolicAboveMmHg: text(p.preDoseGates[r].systolicAboveMmHg),
      diastolicAboveMmHg: text(p.preDoseGates[r].diastolicAboveMmHg),
    })),
    bpGateRepeatClears: p.bpGateRepeatClears.value,
    vitalsSchedules: byRoute((r) => ({
      duringInfusionEveryMin: text(p.vitalsSchedules[r].duringInfusionEveryMin),
      afterDoseEveryMin: text(p.vitalsSchedules[r].afterDoseEveryMin),
      checkpointsMin: p.vitalsSchedules[r].checkpointsMin.join(', '),
      checkpointToleranceMin: text(p.vitalsSchedules[r].checkpointToleranceMin),
    })),
    alertThresholds: p.alertThresholds.map(
      ({ id, sign, comparison, value, text: message, ...provenance }) => ({
        key: rowKey(),
        id,
        sign,
        comparison,
        value: String(value),
        text: message,
        provenance,
      }),
    ),
    vitalsBeforeDischargeWithinMin: text(p.vitalsBeforeDischargeWithinMin.value),
    dischargeChecklist: byRoute((r) =>
      p.dischargeChecklist[r].map(({ id, text: item, ...provenance }) => ({
        key: rowKey(),
        id,
        text: item,
        provenance,
      })),
    ),
    foodHours: text(p.fasting.value.foodHours),
    liquidsMinutes: text(p.fasting.value.liquidsMinutes),
    pregnancyTestRequired: p.pregnancyTestRequired.value,
    minutesBetweenDevices: text(p.minutesBetweenDevices.value),
    lateAfterMinutes: text(p.lateAfterMinutes.value),
    cosignRequired: p.cosignRequired.value,
    instruments: p.afterSessionMeasures.value.instruments.join(', '),
    hoursAfter: text(p.afterSessionMeasures.value.hoursAfter),
    dischargeMethod: p.dischargeMethod.value,
    wasteOpenVial: p.wasteOpenVial.value,
  };
}

/**
 * A number as typed. Anything that is not one goes to the server as null, so the server's own
 * message names the field (one set of rules, kept on the server).
 */
function num(value: string): number {
  const trimmed = value.trim();
  const n = trimmed === '' ? Number.NaN : Number(trimmed);
  return (Number.isFinite(n) ? n : null) as number;
}

function optionalNum(value: string): number | null {
  return value.trim() === '' ? null : num(value);
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function toBody(f: Form): SessionPoliciesInput {
  return {
    preDoseGates: byRoute((r) => ({
      systolicAboveMmHg: num(f.preDoseGates[r].systolicAboveMmHg),
      diastolicAboveMmHg: num(f.preDoseGates[r].diastolicAboveMmHg),
    })),
    bpGateRepeatClears: f.bpGateRepeatClears,
    vitalsSchedules: byRoute((r) => ({
      duringInfusionEveryMin: optionalNum(f.vitalsSchedules[r].duringInfusionEveryMin),
      afterDoseEveryMin: optionalNum(f.vitalsSchedules[r].afterDoseEveryMin),
      checkpointsMin: list(f.vitalsSchedules[r].checkpointsMin).map(num),
      checkpointToleranceMin: num(f.vitalsSchedules[r].checkpointToleranceMin),
    })),
    alertThresholds: f.alertThresholds.map((t) => ({
      id: t.id,
      sign: t.sign,
      comparison: t.comparison,
      value: num(t.value),
      text: t.text,
    })),
    vitalsBeforeDischargeWithinMin: num(f.vitalsBeforeDischargeWithinMin),
    dischargeChecklist: byRoute((r) =>
      f.dischargeChecklist[r].map(({ id, text: item }) => ({ id, text: item })),
    ),
    fasting: { foodHours: num(f.foodHours), liquidsMinutes: num(f.liquidsMinutes) },
    pregnancyTestRequired: f.pregnancyTestRequired,
    minutesBetweenDevices: num(f.minutesBetweenDevices),
    lateAfterMinutes: num(f.lateAfterMinutes),
    cosignRequired: f.cosignRequired,
    afterSessionMeasures: { instruments: list(f.instruments), hoursAfter: num(f.hoursAfter) },
    dischargeMethod: f.dischargeMethod,
    wasteOpenVial: f.wasteOpenVial,
  };
}

function Policy({
  legend,
  provenance,
  note,
  children,
}: {
  legend: string;
  provenance: PolicyProvenance;
  note?: string | undefined;
  children: ReactNode;
}) {
  return (
    <fieldset className="stack">
      <legend>{legend}</legend>
      {children}
      <PolicySource provenance={provenance} note={note} />
    </fieldset>
  );
}

export function SessionPoliciesPage() {
  const [policies, setPolicies] = useState<SessionPolicies | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');

  useEffect(() => {
    settingsSessionsApi.get().then(
      (p) => {
        setPolicies(p);
        setForm(toForm(p));
      },
      (e) => setLoadError(e),
    );
  }, []);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!form) return;
    setBusy(true);
    setError(null);
    setMessage('');
    try {
      const saved = await settingsSessionsApi.update(toBody(form));
      setPolicies(saved);
      setForm(toForm(saved));
      setMessage('Session policies saved.');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const errors = error instanceof ApiError ? error.fieldPathErrors() : {};
  /** The server's message for this field or anything inside it (`fasting.foodHours`, `…checkpointsMin.0`). */
  const errorAt = (path: string): string | undefined =>
    errors[path] ?? Object.entries(errors).find(([key]) => key.startsWith(`${path}.`))?.[1];
  const patch = (next: Partial<Form>) => setForm((f) => (f ? { ...f, ...next } : f));
  const setText = (key: keyof Form) => (value: string) => patch({ [key]: value } as Partial<Form>);

  return (
    <>
      <PageHeader title="Treatment-day policies" />
      <p className="lead">
        The checks and limits the session chart uses on treatment days. Each shows where its value comes from;
        a value the clinic changes becomes clinic policy. The software informs; clinicians decide.
      </p>
      <p role="status" className="status-line alert alert-success">
        {message}
      </p>
      <ErrorAlert error={loadError} />
      {!form && !loadError ? <p>Loading policies…</p> : null}
      {form && policies ? (
        <form onSubmit={save} noValidate className="stack">
          <ErrorAlert error={error} fieldsShown={TOP_LEVEL_FIELDS} />
          <section className="card stack" aria-labelledby="before-dosing-heading">
            <h2 id="before-dosing-heading">Before dosing</h2>
            {TREATMENT_ROUTES.map((r) => {
              const gate = form.preDoseGates[r];
              const setGate = (next: Partial<GateForm>) =>
                patch({ preDoseGates: { ...form.preDoseGates, [r]: { ...gate, ...next } } });
              return (
                <Policy
                  key={r}
                  legend={`${ROUTE_LABELS[r]}: pre-dose blood pressure gate`}
                  provenance={policies.preDoseGates[r]}
                  note={policies.preDoseGates[r].note}
                >
                  <div className="grid-2">
                    <TextField
                      label={`${ROUTE_LABELS[r]} systolic above (mmHg)`}
                      inputMode="numeric"
                      value={gate.systolicAboveMmHg}
                      onChange={(v) => setGate({ systolicAboveMmHg: v })}
                      error={errorAt(`preDoseGates.${r}.systolicAboveMmHg`)}
                    />
                    <TextField
                      label={`${ROUTE_LABELS[r]} diastolic above (mmHg)`}
                      inputMode="numeric"
                      value={gate.diastolicAboveMmHg}
                      onChange={(v) => setGate({ diastolicAboveMmHg: v })}
                      error={errorAt(`preDoseGates.${r}.diastolicAboveMmHg`)}
                    />
                  </div>
                </Policy>
              );
            })}
            <Policy
              legend="A lower repeat blood pressure"
              provenance={policies.bpGateRepeatClears}
              note={policies.bpGateRepeatClears.note}
            >
              <CheckboxField
                id="policy-bp-repeat-clears"
                label="A repeat pre-dose reading within the gate lifts the hold without a prescriber"
                checked={form.bpGateRepeatClears}
                onChange={(v) => patch({ bpGateRepeatClears: v })}
                error={errorAt('bpGateRepeatClears')}
              />
            </Policy>
            <Policy
              legend="Fasting before esketamine"
              provenance={policies.fasting}
              note={policies.fasting.note}
            >
              <div className="grid-2">
                <TextField
                  label="No food for (hours)"
                  inputMode="decimal"
                  value={form.foodHours}
                  onChange={setText('foodHours')}
                  error={errorAt('fasting.foodHours')}
                />
                <TextField
                  label="No liquids for (minutes)"
                  inputMode="numeric"
                  value={form.liquidsMinutes}
                  onChange={setText('liquidsMinutes')}
                  error={errorAt('fasting.liquidsMinutes')}
                />
              </div>
            </Policy>
            <Policy
              legend="Pregnancy test"
              provenance={policies.pregnancyTestRequired}
              note={policies.pregnancyTestRequired.note}
            >
              <CheckboxField
                id="policy-pregnancy-test"
                label="Record a pregnancy test at check-in"
                checked={form.pregnancyTestRequired}
                onChange={(v) => patch({ pregnancyTestRequired: v })}
                error={errorAt('pregnancyTestRequired')}
              />
            </Policy>
          </section>

          <section className="card stack" aria-labelledby="vitals-heading">
            <h2 id="vitals-heading">Vital signs</h2>
            {TREATMENT_ROUTES.map((r) => {
              const schedule = form.vitalsSchedules[r];
              const at = `vitalsSchedules.${r}`;
              const setSchedule = (next: Partial<ScheduleForm>) =>
                patch({ vitalsSchedules: { ...form.vitalsSchedules, [r]: { ...schedule, ...next } } });
              return (
                <Policy
                  key={r}
                  legend={`${ROUTE_LABELS[r]}: when to take vital signs`}
                  provenance={policies.vitalsSchedules[r]}
                  note={policies.vitalsSchedules[r].note}
                >
                  <div className="grid-2">
                    <TextField
                      label={`${ROUTE_LABELS[r]}: every so many minutes during the infusion`}
                      inputMode="numeric"
                      optional
                      value={schedule.duringInfusionEveryMin}
                      onChange={(v) => setSchedule({ duringInfusionEveryMin: v })}
                      error={errorAt(`${at}.duringInfusionEveryMin`)}
                      hint="Empty for none."
                    />
                    <TextField
                      label={`${ROUTE_LABELS[r]}: every so many minutes after the dose`}
                      inputMode="numeric"
                      optional
                      value={schedule.afterDoseEveryMin}
                      onChange={(v) => setSchedule({ afterDoseEveryMin: v })}
                      error={errorAt(`${at}.afterDoseEveryMin`)}
                      hint="Empty for none."
                    />
                    <TextField
                      label={`${ROUTE_LABELS[r]}: fixed checks (minutes after the dose)`}
                      optional
                      value={schedule.checkpointsMin}
                      onChange={(v) => setSchedule({ checkpointsMin: v })}
                      error={errorAt(`${at}.checkpointsMin`)}
                      hint="Separate with commas, for example 40."
                    />
                    <TextField
                      label={`${ROUTE_LABELS[r]}: a reading counts this many minutes early`}
                      inputMode="numeric"
                      value={schedule.checkpointToleranceMin}
                      onChange={(v) => setSchedule({ checkpointToleranceMin: v })}
                      error={errorAt(`${at}.checkpointToleranceMin`)}
                    />
                  </div>
                </Policy>
              );
            })}
            <fieldset className="stack">
              <legend>Alert thresholds during monitoring</legend>
              <p className="hint">Each raises an alert on the chart until someone acknowledges it.</p>
              {errors.alertThresholds ? <p className="field-error">{errors.alertThresholds}</p> : null}
              <ThresholdRows
                rows={form.alertThresholds}
                onChange={(rows) => patch({ alertThresholds: rows })}
                errorAt={errorAt}
              />
            </fieldset>
            <Policy
              legend="Vital signs before discharge"
              provenance={policies.vitalsBeforeDischargeWithinMin}
              note={policies.vitalsBeforeDischargeWithinMin.note}
            >
              <div className="field-medium">
                <TextField
                  label="Taken within (minutes before discharge)"
                  inputMode="numeric"
                  value={form.vitalsBeforeDischargeWithinMin}
                  onChange={setText('vitalsBeforeDischargeWithinMin')}
                  error={errorAt('vitalsBeforeDischargeWithinMin')}
                />
              </div>
            </Policy>
          </section>

          <section className="card stack" aria-labelledby="during-heading">
            <h2 id="during-heading">During the session</h2>
            <Policy
              legend="Rest between esketamine devices"
              provenance={policies.minutesBetweenDevices}
              note={policies.minutesBetweenDevices.note}
            >
              <div className="field-medium">
                <TextField
                  label="Minutes between devices"
                  inputMode="numeric"
                  value={form.minutesBetweenDevices}
                  onChange={setText('minutesBetweenDevices')}
                  error={errorAt('minutesBetweenDevices')}
                />
              </div>
            </Policy>
            <Policy
              legend="Entries arriving late"
              provenance={policies.lateAfterMinutes}
              note={policies.lateAfterMinutes.note}
            >
              <div className="field-medium">
                <TextField
                  label="Late after (minutes)"
                  inputMode="numeric"
                  value={form.lateAfterMinutes}
                  onChange={setText('lateAfterMinutes')}
                  error={errorAt('lateAfterMinutes')}
                />
              </div>
            </Policy>
          </section>

          <section className="card stack" aria-labelledby="discharge-heading">
            <h2 id="discharge-heading">Discharge and after</h2>
            <Policy
              legend="How discharge is judged"
              provenance={policies.dischargeMethod}
              note={policies.dischargeMethod.note}
            >
              <div className="field-medium">
                <SelectField
                  label="Discharge method"
                  value={form.dischargeMethod}
                  onChange={(v) => patch({ dischargeMethod: v as DischargeMethod })}
                  error={errorAt('dischargeMethod')}
                >
                  {DISCHARGE_METHODS.map((m) => (
                    <option key={m} value={m}>
                      {METHOD_LABELS[m]}
                    </option>
                  ))}
                </SelectField>
              </div>
            </Policy>
            {TREATMENT_ROUTES.map((r) => (
              <ChecklistRows
                key={r}
                routeLabel={ROUTE_LABELS[r]}
                path={`dischargeChecklist.${r}`}
                rows={form.dischargeChecklist[r]}
                onChange={(rows) => patch({ dischargeChecklist: { ...form.dischargeChecklist, [r]: rows } })}
                errorAt={errorAt}
                sectionError={errors[`dischargeChecklist.${r}`]}
              />
            ))}
            <p className="hint policy-source">
              <strong>Clinic policy</strong>. Extra discharge items are always the clinic’s own.
            </p>
            <Policy
              legend="Co-signature"
              provenance={policies.cosignRequired}
              note={policies.cosignRequired.note}
            >
              <CheckboxField
                id="policy-cosign"
                label="A prescriber co-signs every session note"
                checked={form.cosignRequired}
                onChange={(v) => patch({ cosignRequired: v })}
                error={errorAt('cosignRequired')}
              />
            </Policy>
            <Policy
              legend="Open-vial waste"
              provenance={policies.wasteOpenVial}
              note={policies.wasteOpenVial.note}
            >
              <CheckboxField
                id="policy-waste-open-vial"
                label="Waste what the dose leaves in an opened vial"
                checked={form.wasteOpenVial}
                onChange={(v) => patch({ wasteOpenVial: v })}
                error={errorAt('wasteOpenVial')}
              />
            </Policy>
            <Policy
              legend="Questionnaires after the session"
              provenance={policies.afterSessionMeasures}
              note={policies.afterSessionMeasures.note}
            >
              <div className="grid-2">
                <TextField
                  label="Questionnaires to send"
                  optional
                  spellCheck={false}
                  value={form.instruments}
                  onChange={setText('instruments')}
                  error={errorAt('afterSessionMeasures.instruments')}
                  hint="Questionnaire ids, separated with commas (for example phq9)."
                />
                <TextField
                  label="Hours after discharge"
                  inputMode="numeric"
                  value={form.hoursAfter}
                  onChange={setText('hoursAfter')}
                  error={errorAt('afterSessionMeasures.hoursAfter')}
                />
              </div>
            </Policy>
          </section>
          <div className="actions">
            <button type="submit" className="button" disabled={busy}>
              {busy ? 'Saving…' : 'Save policies'}
            </button>
          </div>
        </form>
      ) : null}
    </>
  );
}
