import { randomUUID } from 'node:crypto';
import { parseIsoMoment } from '../../../domain/outcomes/iso-dates.ts';
import type { ProtocolPhase } from '../../../domain/protocols/types.ts';
import type { Ctx, Executor } from '../../context.ts';
import type { AdministrationChange, Role } from '../../db/schema.ts';
import { audit } from '../../http/audit.ts';
import { can } from '../../http/permissions.ts';
import { AppError, type FieldError } from '../../http/problem.ts';
import {
  appendSessionAdministration,
  authenticateWitnesses,
  checkSessionStock,
  type WitnessInput,
} from '../inventory/service.ts';
import type { SessionPolicies } from '../settings/service.ts';
import {
  type DoseOrderInput,
  insertDoseOrder,
  type PreparedDoseOrder,
  prepareDoseOrder,
  requireOrderUnlessPlanned,
} from './dose-order.ts';
import { readGate } from './gate-state.ts';
import {
  endAdministration,
  findAdministration,
  findChange,
  findLocationZone,
  findPlannedDose,
  findStaff,
  insertAdministration,
  insertChange,
  listChanges,
  markPlannedSessionGiven,
  type SessionRow,
  updateSession,
} from './store.ts';
import {
  CLOCK_SKEW_MS,
  invalid,
  MINUTE,
  phaseOf,
  refuseIfDischarged,
  requireUser,
  sessionOrThrow,
  viewAfterWrite,
  writeAndAnnounce,
} from './use-case-kit.ts';
import type { SessionView } from './view.ts';
import { requireStockRecorder } from './waste.ts';

// ---- administration

/** The pre-dose gate as it stands: 409 while it holds the dose or a prescriber decided not to dose. */
async function refuseWhileGateHolds(db: Executor, ctx: Ctx, session: SessionRow) {
  const gate = await readGate(db, ctx.orgId, session);
  if (gate.status === 'blocked' || gate.status === 'do-not-dose-decided') {
    const why =
      gate.status === 'blocked'
        ? `${gate.reason}: dosing waits for a prescriber's decision.`
        : `A prescriber decided not to dose (${gate.reason}).`;
    throw new AppError('conflict', why, [{ field: 'gate', message: why }]);
  }
  return gate;
}

export type AdministrationInput = {
  drug?: string | null | undefined;
  doseMg?: number | undefined;
  /** The lot given from and the cabinet it was taken from (the controlled-substance inventory's ids). */
  lotId: string;
  cabinetId: string;
  startedAt?: string | undefined;
  pumpRateMlPerH?: number | undefined;
  deviceTimes?: string[] | undefined;
  /** The one witness of the dose, who signs in here and now (as the inventory's witnesses do). */
  witnesses: WitnessInput[];
  /** Needed for a dose no plan backs: a prescriber signs in and orders it. */
  prescriberOrder?: DoseOrderInput | undefined;
};

const DRUG: Record<'iv-ketamine' | 'esketamine', string> = {
  'iv-ketamine': 'Ketamine hydrochloride (IV infusion)',
  esketamine: 'Esketamine nasal spray (SPRAVATO)',
};

function deviceProblems(
  phase: ProtocolPhase,
  policies: SessionPolicies,
  deviceTimes: Date[],
  doseMg: number,
): FieldError[] {
  const problems: FieldError[] = [];
  const rest = policies.minutesBetweenDevices.value;
  for (let i = 1; i < deviceTimes.length; i += 1) {
    const gap = ((deviceTimes[i] as Date).getTime() - (deviceTimes[i - 1] as Date).getTime()) / MINUTE;
    if (gap < rest) {
      problems.push({
        field: `body.deviceTimes.${i}`,
        message: `Device ${i + 1} came ${gap < 0 ? 'before' : `${gap} min after`} the one before; rest ${rest} min between devices.`,
      });
    }
  }
  const deviceMg = phase.dose.value.deviceMg ?? 28;
  if (deviceTimes.length * deviceMg !== doseMg) {
    problems.push({
      field: 'body.doseMg',
      message: `${deviceTimes.length} device(s) of ${deviceMg} mg give ${deviceTimes.length * deviceMg} mg, not ${doseMg} mg.`,
    });
  }
  return problems;
}

/**
 * The dose's witness proves who they are on the spot (password, TOTP where enrolled; failures count
 * towards the sign-in throttle), is someone other than the nurse, and charts sessions themselves.
 */
async function authenticateDoseWitness(ctx: Ctx, witnesses: WitnessInput[]): Promise<{ id: string }> {
  if (witnesses.length > 1) {
    throw new AppError('validation-failed', 'One witness signs for the dose.', [
      { field: 'body.witnesses', message: 'One witness signs for the dose.' },
    ]);
  }
  const [witness] = await authenticateWitnesses(ctx, witnesses, 1);
  const staff = witness ? await findStaff(ctx.db, ctx.orgId, witness.id) : undefined;
  if (!witness || !staff?.active || !can(staff.roles as Role[], 'sessions:chart')) {
    throw new AppError('validation-failed', 'The witness is a nurse or prescriber of this clinic.', [
      { field: 'body.witnesses.0.email', message: 'The witness is a nurse or prescriber of this clinic.' },
    ]);
  }
  return witness;
}

/**
 * Records what was given. Refused while the pre-dose gate blocks (409) until a prescriber decided to
 * proceed. The dose is the signed plan's (or its latest dose decision's); a different dose, or any
 * dose without a planned session, needs a dose decision in the plan or a prescriber's order signed
 * here (within the protocol phase's maximum unless it says why not). The witness signs in here too.
 * The controlled-substance ledger's administration entry is written in the same transaction (IV:
 * the dose in mg; esketamine: the devices), from the lot and cabinet named.
 */
export async function recordAdministration(
  ctx: Ctx,
  sessionId: string,
  input: AdministrationInput,
): Promise<SessionView> {
  const nurseId = requireUser(ctx);
  requireStockRecorder(ctx);
  const row = await sessionOrThrow(ctx.db, ctx, sessionId);
  const { phase } = await phaseOf(ctx.db, row);
  const policies = row.policies as SessionPolicies;
  const problems: FieldError[] = [];

  const planned = row.planned_session_id
    ? await findPlannedDose(ctx.db, ctx.orgId, row.planned_session_id)
    : undefined;
  const doseMg = input.doseMg ?? planned?.doseMg;
  if (doseMg === undefined) {
    problems.push({
      field: 'body.doseMg',
      message: 'No planned dose is linked to this booking: enter the dose.',
    });
  }
  if (doseMg !== undefined) requireOrderUnlessPlanned(doseMg, planned?.doseMg, input.prescriberOrder);
  let startedAt: Date;
  let deviceTimes: Date[] | null = null;
  if (row.route === 'esketamine') {
    if (!input.deviceTimes?.length) {
      problems.push({ field: 'body.deviceTimes', message: 'Give the time of each nasal spray device.' });
      startedAt = ctx.now;
    } else {
      deviceTimes = input.deviceTimes.map((t) => new Date(t));
      startedAt = deviceTimes[0] as Date;
      if (doseMg !== undefined) problems.push(...deviceProblems(phase, policies, deviceTimes, doseMg));
    }
    if (input.pumpRateMlPerH !== undefined) {
      problems.push({ field: 'body.pumpRateMlPerH', message: 'Esketamine is not given by pump.' });
    }
  } else {
    if (!input.startedAt)
      problems.push({ field: 'body.startedAt', message: 'Give the time the infusion started.' });
    if (input.pumpRateMlPerH === undefined) {
      problems.push({ field: 'body.pumpRateMlPerH', message: 'Give the pump rate in mL/h.' });
    }
    if (input.deviceTimes !== undefined) {
      problems.push({ field: 'body.deviceTimes', message: 'Device times are for esketamine only.' });
    }
    startedAt = input.startedAt ? new Date(input.startedAt) : ctx.now;
  }
  const lastTime = deviceTimes?.at(-1) ?? startedAt;
  if (lastTime.getTime() > ctx.now.getTime() + CLOCK_SKEW_MS) {
    problems.push({
      field: row.route === 'esketamine' ? 'body.deviceTimes' : 'body.startedAt',
      message: 'The time is in the future.',
    });
  }
  if (startedAt < row.checked_in_at) {
    problems.push({
      field: row.route === 'esketamine' ? 'body.deviceTimes' : 'body.startedAt',
      message: 'The dose cannot start before check-in.',
    });
  }
  const location = await findLocationZone(ctx.db, ctx.orgId, row.location_id);
  const { stock, problems: stockProblems } = await checkSessionStock(ctx.db, ctx, {
    lotId: input.lotId,
    cabinetId: input.cabinetId,
    route: row.route,
    locationId: row.location_id,
    doseDay: parseIsoMoment(startedAt.toISOString(), location?.timeZone).day,
    quantity: row.route === 'esketamine' ? (deviceTimes?.length ?? 0) : (doseMg ?? 0),
    quantityField: row.route === 'esketamine' ? 'body.deviceTimes' : 'body.doseMg',
    deviceMg: phase.dose.value.deviceMg ?? 28,
  });
  problems.push(...stockProblems.filter((p) => !problems.some((q) => q.field === p.field)));
  if (problems.length > 0 || doseMg === undefined || !stock) {
    throw new AppError(
      'validation-failed',
      `Check these fields: ${problems.map((p) => p.field).join(', ')}.`,
      problems,
    );
  }
  // Sign-ins last, so neither a mistyped field nor a held dose spends anyone's throttle or code.
  await refuseWhileGateHolds(ctx.db, ctx, row);
  const witness = await authenticateDoseWitness(ctx, input.witnesses);
  const order: PreparedDoseOrder | null = input.prescriberOrder
    ? await prepareDoseOrder(
        ctx,
        { phase, patientId: row.patient_id, doseMg, plannedDoseMg: planned?.doseMg },
        input.prescriberOrder,
      )
    : null;
  const doseSource = order ? 'prescriber-order' : planned ? planned.source : 'entered';

  const ledgerEntryId = randomUUID();
  await writeAndAnnounce(ctx, async (trx, touched) => {
    const session = await sessionOrThrow(trx, ctx, sessionId, 'update');
    refuseIfDischarged(session);
    if (session.status !== 'checked-in' || (await findAdministration(trx, ctx.orgId, sessionId))) {
      throw new AppError('conflict', 'The administration of this session is already recorded.');
    }
    const gate = await refuseWhileGateHolds(trx, ctx, session);
    await insertAdministration(trx, {
      org_id: ctx.orgId,
      session_id: sessionId,
      drug: input.drug ?? DRUG[session.route],
      route: session.route,
      dose_mg: doseMg,
      dose_source: doseSource,
      calculation: !order && planned?.calculation ? JSON.stringify(planned.calculation) : null,
      lot_number: stock.lot.lotNumber,
      lot_expiry: stock.lot.expiresOn,
      ledger_entry_id: ledgerEntryId,
      started_at: startedAt,
      ended_at: deviceTimes ? (deviceTimes.at(-1) as Date) : null,
      pump_rate_ml_per_h: input.pumpRateMlPerH ?? null,
      device_times: deviceTimes,
      nurse_id: nurseId,
      witness_id: witness.id,
      recorded_at: ctx.now,
    });
    const orderId = order ? await insertDoseOrder(trx, ctx, sessionId, order) : null;
    await updateSession(trx, ctx.orgId, sessionId, {
      status: session.route === 'esketamine' ? 'monitoring' : 'dosing',
      dose_started_at: startedAt,
      updated_at: ctx.now,
    });
    if (session.planned_session_id) await markPlannedSessionGiven(trx, ctx.orgId, session.planned_session_id);
    // Last, so that too little stock undoes the chart's rows with it.
    await appendSessionAdministration(trx, ctx, stock, {
      entryId: ledgerEntryId,
      patientId: session.patient_id,
      bookingId: session.booking_id,
      sessionId,
    });
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'session_administration',
      entityId: sessionId,
      patientId: session.patient_id,
      details: {
        doseMg,
        doseSource,
        witnessId: witness.id,
        ...(order && {
          doseOrder: {
            id: orderId,
            prescriberId: order.prescriberId,
            doseMg: order.doseMg,
            plannedDoseMg: order.plannedDoseMg,
            reason: order.reason,
            maxDoseMg: order.maxDoseMg,
            aboveMaxReason: order.aboveMaxReason,
          },
        }),
        gate: gate.status,
        ledgerEntryId,
        lotId: stock.lot.id,
        cabinetId: stock.cabinet.id,
      },
    });
    touched(session, 'administration');
  });
  return viewAfterWrite(ctx, sessionId);
}

export type ChangeInput = {
  id: string;
  change: AdministrationChange;
  at: string;
  reason?: string | null | undefined;
  pumpRateMlPerH?: number | undefined;
};

/** A change to a running infusion; stopping or ending it starts the after-infusion monitoring clock. */
export async function recordAdministrationChange(
  ctx: Ctx,
  sessionId: string,
  input: ChangeInput,
): Promise<{ view: SessionView; duplicate: boolean }> {
  const userId = requireUser(ctx);
  const at = new Date(input.at);
  if (at.getTime() > ctx.now.getTime() + CLOCK_SKEW_MS)
    throw invalid('body.at', 'The time is in the future.');
  if (input.change !== 'resumed' && input.change !== 'ended' && !input.reason) {
    throw invalid('body.reason', 'Give the reason for the change.');
  }
  if (input.change === 'slowed' && input.pumpRateMlPerH === undefined) {
    throw invalid('body.pumpRateMlPerH', 'Give the new pump rate.');
  }
  const duplicate = await writeAndAnnounce(ctx, async (trx, touched) => {
    const earlier = await findChange(trx, input.id);
    if (earlier) {
      if (
        earlier.session_id !== sessionId ||
        earlier.org_id !== ctx.orgId ||
        earlier.change !== input.change
      ) {
        throw new AppError('conflict', 'A change with this id was already saved with different content.', [
          { field: 'body.id', message: 'Use a new id for a new change.' },
        ]);
      }
      return true;
    }
    const session = await sessionOrThrow(trx, ctx, sessionId, 'update');
    refuseIfDischarged(session);
    if (session.route !== 'iv-ketamine') {
      throw new AppError(
        'conflict',
        'Esketamine is recorded device by device; there is no infusion to change.',
      );
    }
    if (session.status !== 'dosing' || !session.dose_started_at) {
      throw new AppError('conflict', 'No infusion is running.');
    }
    if (at < session.dose_started_at)
      throw invalid('body.at', 'The change cannot be before the infusion started.');
    const last = (await listChanges(trx, ctx.orgId, sessionId))
      .filter((c) => c.change === 'paused' || c.change === 'resumed')
      .at(-1);
    const paused = last?.change === 'paused';
    if (input.change === 'paused' && paused)
      throw new AppError('conflict', 'The infusion is already paused.');
    if (input.change === 'resumed' && !paused) throw new AppError('conflict', 'The infusion is not paused.');
    await insertChange(trx, {
      id: input.id,
      org_id: ctx.orgId,
      session_id: sessionId,
      change: input.change,
      at,
      reason: input.reason ?? null,
      pump_rate_ml_per_h: input.pumpRateMlPerH ?? null,
      received_at: ctx.now,
      recorded_by: userId,
    });
    if (input.change === 'ended' || input.change === 'stopped-early') {
      await endAdministration(trx, ctx.orgId, sessionId, at);
      await updateSession(trx, ctx.orgId, sessionId, {
        status: 'monitoring',
        infusion_ended_at: at,
        updated_at: ctx.now,
      });
    }
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'session_administration',
      entityId: sessionId,
      patientId: session.patient_id,
      details: { change: input.change, changeId: input.id },
    });
    touched(session, `administration-${input.change}`);
    return false;
  });
  return { view: await viewAfterWrite(ctx, sessionId), duplicate };
}
