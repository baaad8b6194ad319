import { type FormEvent, useEffect, useMemo, useState } from 'react';
import {
  parseDecimalText,
  type Sex,
  WEIGHT_BASIS_RULES,
  type WeightBasis,
} from '../../../../src/domain/dosing/index.ts';
import { type Protocol, WEEKDAYS, type Weekday } from '../../../../src/domain/protocols/index.ts';
import {
  type DosingMeasures,
  type Plan,
  type PlanInput,
  type PlanPreview,
  plansApi,
} from '../../api/plans.ts';
import { type ProtocolListItem, protocolsApi } from '../../api/protocols.ts';
import { isApiError, type Patient } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { CheckboxGroup, RadioGroup, SelectField, TextAreaField, TextField } from '../../components/field.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDate, todayIso } from '../../format.ts';
import { can } from '../../permissions.ts';
import { useMe } from '../../session.tsx';
import { describeFrequency, describeLength } from '../protocols/describe.ts';
import { Provenance } from '../protocols/provenance.tsx';
import { DoseSteps, doseSummary } from './dose-steps.tsx';
import { computeLiveDose } from './live-dose.ts';

const WEEKDAY_LABELS: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

const BASIS_LABELS: Record<WeightBasis, string> = {
  actual: 'Actual body weight',
  ideal: 'Ideal body weight (Devine)',
  adjusted: 'Adjusted body weight (IBW + 0.4 × excess)',
};

type Form = {
  protocolId: string;
  phaseId: string;
  startDate: string;
  sessionsPerWeek: string;
  everyWeeks: string;
  sessions: string;
  currentDose: string;
  weekdays: Weekday[];
  weightBasis: WeightBasis;
  sex: '' | Sex;
  concentrationMgPerMl: string;
  bagMl: string;
  dose: string;
  aboveLimitReason: string;
  responseInstrument: 'phq9' | 'madrs';
  password: string;
};

/** Fields the server names in its problems that this form shows beside an input. */
const SHOWN = [
  'protocolVersion',
  'protocolId',
  'phaseId',
  'startDate',
  'sessionsPerWeek',
  'everyWeeks',
  'sessions',
  'currentDose',
  'weekdays',
  'skipDates',
  'weightBasis',
  'sex',
  'concentrationMgPerMl',
  'bagMl',
  'dose',
  'aboveLimitReason',
  'password',
];

function optionalNumber(text: string): number | undefined {
  return parseDecimalText(text) ?? undefined;
}

function toInput(form: Form, protocol: Protocol): PlanInput {
  const input: PlanInput = {
    protocolId: protocol.id,
    protocolVersion: protocol.version,
    phaseId: form.phaseId || undefined,
    startDate: form.startDate,
    sessionsPerWeek: optionalNumber(form.sessionsPerWeek),
    everyWeeks: optionalNumber(form.everyWeeks),
    sessions: optionalNumber(form.sessions),
    currentDose: optionalNumber(form.currentDose),
    weekdays: form.weekdays.length > 0 ? form.weekdays : undefined,
    dose: optionalNumber(form.dose),
    aboveLimitReason: form.aboveLimitReason.trim() || undefined,
    responseInstrument: form.responseInstrument,
  };
  if (protocol.route === 'iv-ketamine') {
    input.weightBasis = form.weightBasis;
    input.concentrationMgPerMl = optionalNumber(form.concentrationMgPerMl);
    input.bagMl = form.bagMl.trim() === '' ? 0 : optionalNumber(form.bagMl);
    if (form.sex) input.sex = form.sex;
  }
  return JSON.parse(JSON.stringify(input)) as PlanInput;
}

function patientSex(patient: Patient): Sex | null {
  return patient.sexAtBirth === 'female' || patient.sexAtBirth === 'male' ? patient.sexAtBirth : null;
}

function ServerSessions({ preview }: { preview: PlanPreview }) {
  return (
    <TableRegion labelledBy="plan-preview-sessions">
      <table className="table-dense">
        <caption id="plan-preview-sessions">
          Sessions this plan would schedule ({preview.sessions.length})
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Date</th>
            <th scope="col">Week</th>
            <th scope="col">Dose</th>
            <th scope="col">Calculation</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {preview.sessions.map((s) => (
            <tr key={s.number}>
              <th scope="row">{s.number}</th>
              <td>{formatDate(s.date)}</td>
              <td>{s.week}</td>
              <td>
                {s.dose} {s.unit}
              </td>
              <td>{doseSummary(s.calculation)}</td>
              <td>{s.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

/**
 * A new treatment plan: protocol version, schedule and dosing-weight policy, with the dose worked out
 * live in the browser (the domain's calculator) and checked against the server's preview, then signed.
 */
export function PlanForm({
  patient,
  onSigned,
  onCancel,
}: {
  patient: Patient;
  onSigned: (plan: Plan) => void;
  onCancel?: () => void;
}) {
  const me = useMe();
  const canSign = can(me, 'plans:sign');
  const [protocols, setProtocols] = useState<ProtocolListItem[] | null>(null);
  const [protocol, setProtocol] = useState<Protocol | null>(null);
  const [measures, setMeasures] = useState<DosingMeasures | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [form, setForm] = useState<Form>({
    protocolId: '',
    phaseId: '',
    startDate: todayIso(),
    sessionsPerWeek: '',
    everyWeeks: '',
    sessions: '',
    currentDose: '',
    weekdays: [],
    weightBasis: WEIGHT_BASIS_RULES.defaultBasis.value,
    sex: '',
    concentrationMgPerMl: '',
    bagMl: '',
    dose: '',
    aboveLimitReason: '',
    responseInstrument: 'phq9',
    password: '',
  });
  const [preview, setPreview] = useState<PlanPreview | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [signError, setSignError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set =
    <K extends keyof Form>(key: K) =>
    (value: Form[K]) => {
      // A refused signature's messages are about the values it was given, not the ones typed since.
      if (key !== 'password') setSignError(null);
      setForm((f) => ({ ...f, [key]: value }));
    };

  useEffect(() => {
    protocolsApi.list().then((r) => {
      setProtocols(r.items);
      setForm((f) => ({ ...f, protocolId: f.protocolId || (r.items[0]?.id ?? '') }));
    }, setLoadError);
    plansApi.dosingMeasures(patient.id).then(setMeasures, (e) => {
      setMeasures(null);
      if (!isApiError(e) || e.status !== 403) setLoadError(e);
    });
  }, [patient.id]);

  useEffect(() => {
    if (!form.protocolId) return;
    let cancelled = false;
    protocolsApi.read(form.protocolId).then((view) => {
      if (cancelled) return;
      setProtocol(view.protocol);
      const first = view.protocol.phases[0];
      setForm((f) => ({
        ...f,
        phaseId: first?.id ?? '',
        dose: String(first?.dose.value.startDose ?? ''),
        sessionsPerWeek: '',
        everyWeeks: '',
        sessions: '',
        currentDose: '',
        aboveLimitReason: '',
      }));
    }, setLoadError);
    return () => {
      cancelled = true;
    };
  }, [form.protocolId]);

  const phase = protocol?.phases.find((p) => p.id === form.phaseId) ?? protocol?.phases[0];
  const route = protocol?.route ?? 'iv-ketamine';
  const isIv = route === 'iv-ketamine';
  const knownSex = patientSex(patient);
  const sex = form.sex || knownSex;
  const needsSex = isIv && form.weightBasis !== 'actual' && knownSex === null;
  const unit = phase?.dose.value.unit ?? 'mg/kg';
  const maxDose = phase?.maxDose.value ?? Number.POSITIVE_INFINITY;
  const chosenDose = parseDecimalText(form.dose);
  const aboveLimit = chosenDose !== null && chosenDose > maxDose;

  const live = useMemo(
    () =>
      phase
        ? computeLiveDose({
            route,
            dose: form.dose,
            weightKg: measures?.weightKg ?? null,
            heightCm: measures?.heightCm ?? null,
            sex,
            weightBasis: form.weightBasis,
            concentrationMgPerMl: form.concentrationMgPerMl,
            bagMl: form.bagMl,
            infusionMinutes: phase.dose.value.infusionMinutes ?? null,
          })
        : null,
    [phase, route, form.dose, form.weightBasis, form.concentrationMgPerMl, form.bagMl, measures, sex],
  );

  const { password: _password, ...previewFields } = form;
  const previewKey = JSON.stringify(previewFields);
  // biome-ignore lint/correctness/useExhaustiveDependencies: previewKey stands for every field the preview reads
  useEffect(() => {
    if (!protocol || !phase) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      plansApi.preview(patient.id, toInput(form, protocol)).then(
        (p) => {
          if (cancelled) return;
          setPreview(p);
          setPreviewError(null);
        },
        (e) => {
          if (cancelled) return;
          setPreview(null);
          setPreviewError(e);
        },
      );
    }, 350);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [previewKey, protocol, phase, patient.id]);

  const serverErrors = isApiError(signError)
    ? signError.fieldErrors()
    : isApiError(previewError)
      ? previewError.fieldErrors()
      : {};
  const liveErrors: Record<string, string> = {};
  if (live && !live.ok) for (const p of live.problems) liveErrors[p.field] ??= p.message;
  const errors = { ...liveErrors, ...serverErrors };

  const serverCalc = preview?.sessions.find((s) => s.dose === chosenDose)?.calculation;
  const agrees =
    live?.ok && serverCalc
      ? serverCalc.doseMg === live.doseMg &&
        serverCalc.volumeMl === live.volumeMl &&
        serverCalc.totalVolumeMl === live.totalVolumeMl &&
        serverCalc.rateMlPerHour === live.rateMlPerHour &&
        serverCalc.devices === live.devices
      : null;
  const warnings = [...new Set([...(live?.ok ? live.warnings : []), ...(preview?.warnings ?? [])])];

  const sign = async (event: FormEvent) => {
    event.preventDefault();
    if (!protocol) return;
    setBusy(true);
    setSignError(null);
    try {
      onSigned(await plansApi.sign(patient.id, { ...toInput(form, protocol), password: form.password }));
    } catch (e) {
      setSignError(e);
      setForm((f) => ({ ...f, password: '' }));
    } finally {
      setBusy(false);
    }
  };

  if (loadError) return <ErrorAlert error={loadError} />;
  if (!protocols || !protocol || !phase) return <p role="status">Loading protocols…</p>;
  const frequency = phase.frequency.value;
  const meaning = `Treatment plan: I prescribe ${protocol.name} (version ${protocol.version}), ${phase.name}, as laid out here`;

  return (
    <form className="plan-form" onSubmit={sign} noValidate aria-labelledby="plan-form-heading">
      <h3 id="plan-form-heading">New treatment plan</h3>
      {measures === null ? (
        <p className="alert alert-info">
          This patient has no verified intake yet. A plan needs the verified intake (weight and height) and a
          prescriber’s signed eligibility decision for the protocol’s route.
        </p>
      ) : null}
      <fieldset className="plan-fieldset">
        <legend>Protocol and schedule</legend>
        <div className="plan-grid">
          <SelectField
            label="Protocol"
            value={form.protocolId}
            onChange={set('protocolId')}
            error={errors.protocolVersion ?? errors.protocolId}
          >
            {protocols.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} (version {p.latestVersion})
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Phase"
            value={phase.id}
            onChange={(v) => {
              const next = protocol.phases.find((p) => p.id === v);
              setForm((f) => ({
                ...f,
                phaseId: v,
                dose: String(next?.dose.value.startDose ?? f.dose),
                sessionsPerWeek: '',
                everyWeeks: '',
              }));
            }}
            error={errors.phaseId}
          >
            {protocol.phases.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Start date"
            type="date"
            value={form.startDate}
            onChange={set('startDate')}
            error={errors.startDate}
          />
        </div>
        <p className="hint">
          {phase.name}: {describeLength(phase.length.value)}, {describeFrequency(frequency)}, at least{' '}
          {phase.minDaysBetweenSessions.value} days apart. <Provenance source={phase.frequency} />
        </p>
        <div className="plan-grid">
          {frequency.kind === 'per-week' && frequency.choices.length > 1 ? (
            <SelectField
              label="Sessions a week"
              value={form.sessionsPerWeek || String(frequency.sessionsPerWeek)}
              onChange={set('sessionsPerWeek')}
              error={errors.sessionsPerWeek}
            >
              {frequency.choices.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </SelectField>
          ) : null}
          {frequency.kind !== 'per-week' ? (
            <TextField
              label="Every so many weeks"
              inputMode="numeric"
              optional={frequency.kind === 'every-weeks'}
              value={form.everyWeeks}
              onChange={set('everyWeeks')}
              error={errors.everyWeeks}
            />
          ) : null}
          {phase.length.value.kind === 'open-ended' ? (
            <TextField
              label="Number of sessions"
              inputMode="numeric"
              value={form.sessions}
              onChange={set('sessions')}
              error={errors.sessions}
            />
          ) : null}
          {phase.dose.value.startDose === null ? (
            <TextField
              label={`Dose reached before this phase (${unit})`}
              inputMode="decimal"
              value={form.currentDose}
              onChange={(v) => setForm((f) => ({ ...f, currentDose: v, dose: v }))}
              error={errors.currentDose}
            />
          ) : null}
        </div>
        <CheckboxGroup
          legend="Weekdays the patient can come"
          hint="Optional; as many as sessions a week. Leave empty to let the plan choose."
          options={WEEKDAYS}
          labels={WEEKDAY_LABELS}
          value={form.weekdays}
          onChange={set('weekdays')}
          error={errors.weekdays}
        />
      </fieldset>

      <fieldset className="plan-fieldset">
        <legend>Dose</legend>
        {isIv ? (
          <>
            <RadioGroup
              legend="Dosing weight"
              name="weight-basis"
              options={['actual', 'ideal', 'adjusted'] as const}
              labels={BASIS_LABELS}
              value={form.weightBasis}
              onChange={set('weightBasis')}
              hint={
                <>
                  Actual weight is the default. <Provenance source={WEIGHT_BASIS_RULES.defaultBasis} />
                </>
              }
              error={errors.weightBasis}
            />
            <p className="hint" data-testid="intake-measures">
              From the verified intake: weight {measures?.weightKg ?? '—'} kg, height{' '}
              {measures?.heightCm ?? '—'} cm, sex at birth {patient.sexAtBirth}.
            </p>
            {needsSex ? (
              <SelectField
                label="Sex for the ideal-weight formula"
                value={form.sex}
                onChange={(v) => set('sex')(v as Form['sex'])}
                error={errors.sex}
              >
                <option value="">Choose…</option>
                <option value="female">Female</option>
                <option value="male">Male</option>
              </SelectField>
            ) : null}
            <div className="plan-grid">
              <TextField
                label="Ketamine concentration (mg/mL)"
                inputMode="decimal"
                value={form.concentrationMgPerMl}
                onChange={set('concentrationMgPerMl')}
                error={errors.concentrationMgPerMl}
              />
              <TextField
                label="Diluent bag (mL)"
                inputMode="decimal"
                optional
                hint="Empty for none (0 mL)."
                value={form.bagMl}
                onChange={set('bagMl')}
                error={errors.bagMl}
              />
            </div>
          </>
        ) : null}
        <TextField
          label={`Dose (${unit})`}
          inputMode="decimal"
          hint={`Protocol maximum: ${phase.maxDose.value} ${unit}. Titration steps: ${phase.titrationSteps.value.join(', ')} ${unit}.${
            phase.dose.value.firstSessionDose !== undefined && phase === protocol.phases[0]
              ? ` The first session stays at ${phase.dose.value.firstSessionDose} ${unit}, as the label fixes.`
              : ''
          }`}
          value={form.dose}
          onChange={set('dose')}
          error={errors.dose}
        />
        {aboveLimit || errors.aboveLimitReason ? (
          <TextAreaField
            label="Reason for a dose above the protocol’s maximum"
            hint={`${form.dose} ${unit} is above the maximum of ${maxDose} ${unit}: the plan can be signed only with your written reason.`}
            value={form.aboveLimitReason}
            onChange={set('aboveLimitReason')}
            error={errors.aboveLimitReason}
            rows={3}
          />
        ) : null}
        <SelectField
          label="Response judged by"
          value={form.responseInstrument}
          onChange={(v) => set('responseInstrument')(v === 'madrs' ? 'madrs' : 'phq9')}
        >
          <option value="phq9">PHQ-9</option>
          <option value="madrs">MADRS</option>
        </SelectField>
      </fieldset>

      <section className="dose-preview card" aria-labelledby="dose-preview-heading">
        <h4 id="dose-preview-heading">Dose preview</h4>
        {live?.ok ? (
          <>
            <DoseSteps steps={live.steps} label="Calculation steps" />
            <p data-testid="dose-summary" aria-live="polite">
              <strong>{doseSummary(live)}</strong>
              {isIv && phase.dose.value.infusionMinutes
                ? ` over ${phase.dose.value.infusionMinutes} min`
                : ''}
            </p>
          </>
        ) : (
          <p>
            {isIv && measures === undefined
              ? 'Reading the weight and height from the verified intake…'
              : live && !live.ok
                ? `Not calculated yet: ${live.problems[0]?.message}`
                : 'Not calculated yet.'}
          </p>
        )}
        <p className="muted" data-testid="server-check">
          {agrees === true
            ? 'The server’s preview gives the same result.'
            : agrees === false
              ? `The server’s preview differs: ${serverCalc ? doseSummary(serverCalc) : ''}. Do not sign; reload the page.`
              : 'Waiting for the server’s preview…'}
        </p>
        {warnings.length > 0 ? (
          <div className="alert alert-warning" data-testid="dose-warnings">
            <h5>Warnings</h5>
            <ul>
              {warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      <ErrorAlert error={signError ?? previewError} fieldsShown={SHOWN} />
      {preview ? <ServerSessions preview={preview} /> : null}

      {canSign ? (
        <fieldset className="plan-fieldset signature-box">
          <legend>Sign the plan</legend>
          <p>
            You sign as <strong>{me.name}</strong>, now. Meaning of your signature: <q>{meaning}</q>.
          </p>
          <TextField
            label="Your password"
            type="password"
            autoComplete="current-password"
            hint="Re-enter your password to sign."
            value={form.password}
            onChange={set('password')}
            error={errors.password}
          />
          <div className="actions">
            <button type="submit" className="button" disabled={busy}>
              Sign treatment plan
            </button>
            {onCancel ? (
              <button type="button" className="button button-secondary" onClick={onCancel}>
                Cancel
              </button>
            ) : null}
          </div>
        </fieldset>
      ) : (
        <p className="muted">Only a prescriber can sign a treatment plan.</p>
      )}
    </form>
  );
}
