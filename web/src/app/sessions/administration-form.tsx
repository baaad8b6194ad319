import { type FormEvent, useState } from 'react';
import { type SessionChart, sessionsApi } from '../../api/sessions.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { TextField } from '../../components/field.tsx';
import { useMe } from '../../session.tsx';
import { LotSelect } from '../inventory/lot-select.tsx';
import { useAction } from '../inventory/use-action.ts';
import { findStock } from '../inventory/use-inventory.ts';
import {
  clearSecrets,
  EMPTY_WITNESS,
  toWitnessInput,
  WitnessFields,
  type WitnessForm,
} from '../inventory/witness-fields.tsx';
import { DoseSteps, doseSummary } from '../plans/dose-steps.tsx';
import { clockTime, formatDuration, hhMmToIso, nowHhMm, numberOrUndefined } from './chart-format.ts';
import {
  EMPTY_ORDER,
  PrescriberOrderFields,
  type PrescriberOrderForm,
  toOrderInput,
} from './prescriber-order-fields.tsx';
import { useNow } from './use-chart.ts';
import type { DosingData } from './use-dosing-data.ts';

const FIELDS = [
  'doseMg',
  'lotId',
  'cabinetId',
  'startedAt',
  'pumpRateMlPerH',
  'deviceTimes',
  'witnesses',
  'prescriberOrder',
];
const DEFAULT_MG_PER_DEVICE = 28;

type Props = { chart: SessionChart; data: DosingData; onChart: (chart: SessionChart) => void };

/** Esketamine: one "given" stamp per device, the rest between devices counted down on screen. */
function DeviceTimes({
  count,
  times,
  onChange,
  restMinutes,
  error,
}: {
  count: number;
  times: (string | null)[];
  onChange: (times: (string | null)[]) => void;
  restMinutes: number;
  error?: string | undefined;
}) {
  const now = useNow();
  const next = times.indexOf(null);
  const last = next > 0 ? times[next - 1] : null;
  const readyAt = last ? new Date(last).getTime() + restMinutes * 60_000 : 0;
  const wait = next > 0 ? readyAt - now : 0;
  return (
    <fieldset className="field">
      <legend>Nasal spray devices ({count})</legend>
      <p className="hint">
        Rest {restMinutes} min between devices (clinic policy). Press the button as each device is used.
      </p>
      {error ? <p className="field-error">{error}</p> : null}
      <ol className="device-list">
        {Array.from({ length: count }, (_, i) => {
          const at = times[i] ?? null;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: devices are numbered, the index is the device
            <li key={i}>
              Device {i + 1}:{' '}
              {at ? (
                <>
                  given at <time dateTime={at}>{clockTime(at)}</time>{' '}
                  <button
                    type="button"
                    className="button-link"
                    onClick={() => onChange(times.map((t, j) => (j >= i ? null : t)))}
                  >
                    Undo device {i + 1}
                  </button>
                </>
              ) : i === next ? (
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => onChange(times.map((t, j) => (j === i ? new Date().toISOString() : t)))}
                >
                  Device {i + 1} given now
                </button>
              ) : (
                <span className="muted">not yet</span>
              )}
            </li>
          );
        })}
      </ol>
      {next > 0 ? (
        <p className={wait > 0 ? 'rest-countdown' : 'rest-countdown rest-over'} role="timer" aria-live="off">
          {wait > 0
            ? `Rest before device ${next + 1}: ${formatDuration(wait)}`
            : `Device ${next + 1} may be given now.`}
        </p>
      ) : null}
    </fieldset>
  );
}

/**
 * The dose given: the plan's dose with its calculation, the lot, the times and the witness, who signs
 * in here. A dose no plan backs (no planned session, or another dose) is given on a prescriber's
 * order, signed here too.
 */
export function AdministrationForm({ chart, data, onChart }: Props) {
  const me = useMe();
  const planned = data.planned;
  const [otherDose, setOtherDose] = useState(false);
  const ordered = !planned || otherDose;
  const calc = ordered ? null : (planned?.calculation ?? null);
  const [doseText, setDoseText] = useState('');
  const [witness, setWitness] = useState<WitnessForm>(EMPTY_WITNESS);
  const [order, setOrder] = useState<PrescriberOrderForm>(EMPTY_ORDER);
  const [lotKey, setLotKey] = useState('');
  const [startedAt, setStartedAt] = useState(() => nowHhMm());
  // Untouched, the start time is the moment the nurse records it (to the second, never before check-in).
  const [startEdited, setStartEdited] = useState(false);
  const [rate, setRate] = useState(calc?.rateMlPerHour !== undefined ? String(calc.rateMlPerHour) : '');
  const doseMg = ordered ? numberOrUndefined(doseText) : planned?.doseMg;
  const mgPerDevice =
    data.products.find((p) => p.form === 'nasal-device')?.mgPerDevice ?? DEFAULT_MG_PER_DEVICE;
  const devices = calc?.devices ?? (doseMg ? Math.max(1, Math.round(doseMg / mgPerDevice)) : 1);
  const [deviceTimes, setDeviceTimes] = useState<(string | null)[]>(() => Array(6).fill(null));
  const action = useAction();
  const e = action.errors;
  const row = findStock(data.stock, lotKey);
  const iv = chart.route === 'iv-ketamine';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const times = deviceTimes.slice(0, devices).filter((t): t is string => t !== null);
    const result = await action.run(() =>
      sessionsApi.recordAdministration(chart.id, {
        ...(ordered ? { doseMg: doseMg as number, prescriberOrder: toOrderInput(order) } : {}),
        lotId: row?.lotId ?? '',
        cabinetId: row?.cabinetId ?? '',
        ...(iv
          ? {
              startedAt: startEdited ? (hhMmToIso(startedAt) ?? startedAt) : new Date().toISOString(),
              pumpRateMlPerH: numberOrUndefined(rate) as number,
            }
          : { deviceTimes: times }),
        witnesses: [toWitnessInput(witness)],
      }),
    );
    // The secrets are typed again, in front of the nurse, after any attempt.
    setWitness((w) => clearSecrets([w])[0] ?? EMPTY_WITNESS);
    setOrder((o) => ({ ...o, password: '', totp: '' }));
    if (result) onChart(result);
  };

  return (
    <form aria-label="Dose given" onSubmit={submit} noValidate className="stack">
      <ErrorAlert error={action.error} fieldsShown={FIELDS} />
      {planned && !otherDose ? (
        <div className="card dose-card">
          <p>
            Dose from the {planned.source}:{' '}
            <strong>{calc ? doseSummary(calc) : `${planned.doseMg} mg`}</strong>
          </p>
          {calc?.steps?.length ? <DoseSteps steps={calc.steps} label="How the dose was calculated" /> : null}
          {calc?.warnings?.map((w) => (
            <p key={w} className="alert alert-warning">
              {w}
            </p>
          ))}
        </div>
      ) : (
        <TextField
          label="Dose (mg)"
          hint={
            planned
              ? `The plan says ${planned.doseMg} mg: a different dose needs the prescriber’s order below.`
              : 'No planned session is linked to this booking: the dose needs the prescriber’s order below.'
          }
          inputMode="decimal"
          className="field-short"
          value={doseText}
          onChange={setDoseText}
          error={e.doseMg}
        />
      )}
      {planned ? (
        <label className="checkbox">
          <input type="checkbox" checked={otherDose} onChange={(ev) => setOtherDose(ev.target.checked)} /> A
          prescriber orders a different dose today
        </label>
      ) : null}
      {ordered ? <PrescriberOrderFields iv={iv} value={order} onChange={setOrder} errors={e} /> : null}
      <LotSelect
        stock={data.stock}
        value={lotKey}
        onChange={setLotKey}
        error={e.lotId ?? e.cabinetId ?? e.lotNumber ?? e.lotExpiry}
        hint="Only lots in date with stock in a cabinet are offered."
      />
      {iv ? (
        <div className="grid-2">
          <TextField
            label="Infusion start time"
            type="time"
            hint="Now, unless you change it."
            value={startedAt}
            onChange={(value) => {
              setStartedAt(value);
              setStartEdited(true);
            }}
            error={e.startedAt}
          />
          <TextField
            label="Pump rate (mL/h)"
            inputMode="decimal"
            className="field-short"
            value={rate}
            onChange={setRate}
            error={e.pumpRateMlPerH}
          />
        </div>
      ) : (
        <DeviceTimes
          count={devices}
          times={deviceTimes}
          onChange={setDeviceTimes}
          restMinutes={chart.policies.minutesBetweenDevices.value}
          error={e.deviceTimes ?? Object.entries(e).find(([k]) => k.startsWith('deviceTimes.'))?.[1]}
        />
      )}
      <WitnessFields index={0} of={1} actorName={me.name} value={witness} onChange={setWitness} errors={e} />
      <div className="actions">
        <button type="submit" className="button" disabled={action.busy}>
          {action.busy ? 'Recording…' : 'Record the dose given'}
        </button>
      </div>
    </form>
  );
}
