import type { ProtocolPhase } from '../../../domain/protocols/types.ts';
import type { Ctx, Executor } from '../../context.ts';
import { can } from '../../http/permissions.ts';
import { AppError, type FieldError } from '../../http/problem.ts';
import { confirmIdentity } from '../auth/service.ts';
import { currentIntakeRecord } from '../intake/service.ts';

/** A prescriber's order for the dose, given at the chair: they sign in here and now. */
export type DoseOrderInput = {
  email: string;
  password: string;
  totp?: string | undefined;
  reason: string;
  /** IV: the weight the dose is ordered for; the verified intake's weight when not given. */
  weightKg?: number | undefined;
  aboveMaxReason?: string | null | undefined;
};

export type DoseOrderView = {
  id: string;
  doseMg: number;
  plannedDoseMg: number | null;
  reason: string;
  weightKg: number | null;
  maxDoseMg: number;
  aboveMaxReason: string | null;
  prescriberId: string;
  prescriberName: string;
  signatureMeaning: string;
  at: string;
};

export type PreparedDoseOrder = Omit<DoseOrderView, 'id' | 'at'>;

const FIELD = 'body.prescriberOrder';

function invalid(fields: FieldError[]): AppError {
  return new AppError('validation-failed', fields.map((f) => f.message).join(' '), fields);
}

/**
 * The dose given must be the plan's dose for the session. Anything else (no planned session, or
 * another dose) needs a prescriber's order on the chart: without one the dose is refused (409),
 * and an order for the plan's own dose is not an order at all (400).
 */
export function requireOrderUnlessPlanned(
  doseMg: number,
  plannedDoseMg: number | undefined,
  order: DoseOrderInput | undefined,
): void {
  const backedByPlan = plannedDoseMg !== undefined && doseMg === plannedDoseMg;
  if (backedByPlan && order) {
    throw invalid([
      {
        field: FIELD,
        message: `The plan already orders ${plannedDoseMg} mg for this session; no order is needed.`,
      },
    ]);
  }
  if (backedByPlan || order) return;
  const why =
    plannedDoseMg === undefined
      ? `No planned session backs this booking: ${doseMg} mg is given only on a prescriber’s order, written here by a prescriber who signs in.`
      : `The signed dose for this session is ${plannedDoseMg} mg; record a dose decision in the plan, or have a prescriber order ${doseMg} mg here, before giving it.`;
  throw new AppError('conflict', why, [
    {
      field: 'body.doseMg',
      message:
        plannedDoseMg === undefined
          ? 'No plan backs this dose: a prescriber must order it.'
          : `The plan says ${plannedDoseMg} mg.`,
    },
  ]);
}

function roundMg(mg: number): number {
  return Math.round(mg * 100) / 100;
}

/**
 * The protocol phase's maximum for this patient in mg: esketamine's is a fixed dose (84 mg,
 * spravato-pi); IV's is per kg (0.75 mg/kg, andrade-2017, unless the clinic's protocol version says
 * otherwise), times the weight the order names or, failing that, the verified intake's.
 */
async function maximumFor(
  ctx: Ctx,
  phase: ProtocolPhase,
  patientId: string,
  order: DoseOrderInput,
): Promise<{ maxDoseMg: number; weightKg: number | null; words: string }> {
  const max = phase.maxDose.value;
  if (phase.dose.value.unit === 'mg') return { maxDoseMg: max, weightKg: null, words: `${max} mg` };
  const weightKg = order.weightKg ?? (await currentIntakeRecord(ctx, patientId))?.facts.weightKg ?? null;
  if (weightKg === null) {
    throw invalid([
      {
        field: `${FIELD}.weightKg`,
        message: `No verified weight is on record: give the weight in kg the dose is ordered for (the maximum is ${max} mg/kg).`,
      },
    ]);
  }
  const maxDoseMg = roundMg(max * weightKg);
  return { maxDoseMg, weightKg, words: `${maxDoseMg} mg (${max} mg/kg × ${weightKg} kg)` };
}

/**
 * Checks an order before anything is written: the dose within the phase's maximum unless the order
 * says why not, then the prescriber's sign-in (password, and TOTP where enrolled; failures count
 * towards the sign-in throttle). The prescriber must be allowed to decide on doses in this clinic.
 */
export async function prepareDoseOrder(
  ctx: Ctx,
  input: { phase: ProtocolPhase; patientId: string; doseMg: number; plannedDoseMg: number | undefined },
  order: DoseOrderInput,
): Promise<PreparedDoseOrder> {
  const { maxDoseMg, weightKg, words } = await maximumFor(ctx, input.phase, input.patientId, order);
  const aboveMax = input.doseMg > maxDoseMg;
  if (aboveMax && !order.aboveMaxReason) {
    throw invalid([
      {
        field: `${FIELD}.aboveMaxReason`,
        message: `${input.doseMg} mg is above the protocol’s maximum of ${words}: the prescriber writes the reason for the higher dose.`,
      },
    ]);
  }
  const check = await confirmIdentity(ctx, order);
  if (!check.ok) {
    throw invalid([
      check.failed === 'password'
        ? { field: `${FIELD}.password`, message: 'The prescriber’s email or password is not right.' }
        : {
            field: `${FIELD}.totp`,
            message: 'The prescriber uses two-factor sign-in: enter a current code from their authenticator.',
          },
    ]);
  }
  const prescriber = check.user;
  if (prescriber.orgId !== ctx.orgId || !can(prescriber.roles, 'sessions:decide')) {
    throw invalid([
      { field: `${FIELD}.email`, message: 'Only a prescriber of this clinic can order a dose.' },
    ]);
  }
  const planned = input.plannedDoseMg;
  return {
    doseMg: input.doseMg,
    plannedDoseMg: planned ?? null,
    reason: order.reason,
    weightKg,
    maxDoseMg,
    aboveMaxReason: aboveMax ? (order.aboveMaxReason as string) : null,
    prescriberId: prescriber.id,
    prescriberName: prescriber.name,
    signatureMeaning: `Dose order: I order ${input.doseMg} mg for this session${planned === undefined ? '' : ` instead of the planned ${planned} mg`}`,
  };
}

export async function insertDoseOrder(
  trx: Executor,
  ctx: Ctx,
  sessionId: string,
  order: PreparedDoseOrder,
): Promise<string> {
  const row = await trx
    .insertInto('session_dose_orders')
    .values({
      org_id: ctx.orgId,
      session_id: sessionId,
      dose_mg: order.doseMg,
      planned_dose_mg: order.plannedDoseMg,
      reason: order.reason,
      weight_kg: order.weightKg,
      max_dose_mg: order.maxDoseMg,
      above_max_reason: order.aboveMaxReason,
      prescriber_id: order.prescriberId,
      prescriber_name: order.prescriberName,
      signature_meaning: order.signatureMeaning,
      ordered_at: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findDoseOrder(
  db: Executor,
  orgId: string,
  sessionId: string,
): Promise<DoseOrderView | null> {
  const row = await db
    .selectFrom('session_dose_orders')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    doseMg: Number(row.dose_mg),
    plannedDoseMg: row.planned_dose_mg === null ? null : Number(row.planned_dose_mg),
    reason: row.reason,
    weightKg: row.weight_kg === null ? null : Number(row.weight_kg),
    maxDoseMg: Number(row.max_dose_mg),
    aboveMaxReason: row.above_max_reason,
    prescriberId: row.prescriber_id,
    prescriberName: row.prescriber_name,
    signatureMeaning: row.signature_meaning,
    at: row.ordered_at.toISOString(),
  };
}
