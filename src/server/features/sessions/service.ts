import {
  crossedThresholds,
  DEFAULT_DISCHARGE_INSTRUCTIONS,
  implausibleVitals,
  type Vitals,
} from '../../../domain/monitoring/index.ts';
import type { ProtocolPhase } from '../../../domain/protocols/types.ts';
import { sameData } from '../../../domain/same-data.ts';
import type { Ctx, Executor } from '../../context.ts';
import type { AdministrationChange } from '../../db/schema.ts';
import { audit } from '../../http/audit.ts';
import { AppError, type FieldError } from '../../http/problem.ts';
import { confirmSigner } from '../intake/service.ts';
import { readSessionPolicies, type SessionPolicies } from '../settings/service.ts';
import type { BoardEvent } from './board-events.ts';
import { dischargeCriteria, gateState } from './chart-state.ts';
import { protocolPhaseOf } from './protocol-phase.ts';
import {
  acknowledgeAlertRow,
  announceBoard,
  type EntryRow,
  endAdministration,
  findAdministration,
  findBookingForSession,
  findChange,
  findEntry,
  findPlannedDose,
  findSession,
  findSessionByBooking,
  findStaff,
  insertAddendum,
  insertAdministration,
  insertAlerts,
  insertChange,
  insertEntry,
  insertGateDecision,
  insertSession,
  listAlerts,
  listChanges,
  listEntries,
  listGateDecisions,
  markPlannedSessionGiven,
  type SessionRow,
  updateSession,
  userName,
} from './store.ts';
import {
  type AlertView,
  alertView,
  buildSessionView,
  type Checklist,
  type SessionView,
  sessionFacts,
} from './view.ts';

export type { SessionView } from './view.ts';

const MINUTE = 60_000;
/** A device clock a little ahead of the server's is tolerated; more is a wrong time. */
const CLOCK_SKEW_MS = 2 * MINUTE;

function invalid(field: string, message: string): AppError {
  return new AppError('validation-failed', message, [{ field, message }]);
}

function requireUser(ctx: Ctx): string {
  if (!ctx.user) throw new AppError('unauthenticated', 'Sign in to continue.');
  return ctx.user.id;
}

async function phaseOf(db: Executor, row: SessionRow): Promise<{ phase: ProtocolPhase }> {
  return { phase: await protocolPhaseOf(db, row) };
}

async function sessionOrThrow(db: Executor, ctx: Ctx, id: string, lock: 'update' | 'share' | null = null) {
  let row: SessionRow | undefined;
  if (lock === 'share') {
    row = await db
      .selectFrom('treatment_sessions')
      .selectAll()
      .where('org_id', '=', ctx.orgId)
      .where('id', '=', id)
      .forShare()
      .executeTakeFirst();
  } else {
    row = await findSession(db, ctx.orgId, id, lock === 'update');
  }
  if (!row) throw new AppError('not-found', 'No such treatment session in this clinic.');
  return row;
}

function refuseIfSigned(row: SessionRow): void {
  if (row.signed_at) {
    throw new AppError('conflict', 'The session note is signed and locked; add an addendum instead.');
  }
}

function refuseIfDischarged(row: SessionRow): void {
  refuseIfSigned(row);
  if (row.status === 'discharged') {
    throw new AppError(
      'conflict',
      'The patient has been discharged; add to the note when signing, or an addendum.',
    );
  }
}

type Touch = (row: SessionRow, kind: string) => void;

/**
 * Runs a use case's transaction, then tells every instance's board. A NOTIFY inside the transaction
 * would hold PostgreSQL's notify-queue lock through the commit's WAL flush, so every charting write of
 * the clinic would wait on the disk one after another (bench/vitals.ts measures it). The event goes
 * out right after the commit instead, in its own statement that does not wait for the flush: it never
 * announces a write that did not happen, and if the process dies between the two the board is only
 * stale until its next read (a reconnecting SSE client re-reads the board).
 */
async function writeAndAnnounce<T>(
  ctx: Ctx,
  work: (trx: Executor, touched: Touch) => Promise<T>,
): Promise<T> {
  const events: BoardEvent[] = [];
  const result = await ctx.db
    .transaction()
    .execute((trx) =>
      work(trx, (row, kind) =>
        events.push({ orgId: ctx.orgId, locationId: row.location_id, sessionId: row.id, kind }),
      ),
    );
  for (const event of events) await announceBoard(ctx.db, event);
  return result;
}

export async function readSession(ctx: Ctx, id: string): Promise<SessionView> {
  const row = await sessionOrThrow(ctx.db, ctx, id);
  const { phase } = await phaseOf(ctx.db, row);
  const view = await buildSessionView(ctx.db, row, phase, ctx.now);
  await audit(ctx.db, ctx, {
    action: 'read',
    entityType: 'treatment_session',
    entityId: id,
    patientId: row.patient_id,
  });
  return view;
}

async function viewAfterWrite(ctx: Ctx, id: string): Promise<SessionView> {
  const row = await sessionOrThrow(ctx.db, ctx, id);
  const { phase } = await phaseOf(ctx.db, row);
  return buildSessionView(ctx.db, row, phase, ctx.now);
}

// ---- check-in

export type CheckInInput = {
  identityConfirmed: true;
  fasting?: { lastFoodAt: string; lastLiquidsAt: string } | null | undefined;
  rideHome: { confirmed: true; driverName: string };
  pregnancyTest?: 'negative' | 'positive' | 'not-applicable' | null | undefined;
  medicationsToday: string;
  mood: { kind: 'rating'; value: number } | { kind: 'phq9'; responseId: string };
};

/**
 * Opens the chart of today's booking. One session per booking: checking in again returns the
 * session already open, unchanged.
 */
export async function checkIn(
  ctx: Ctx,
  bookingId: string,
  input: CheckInInput,
): Promise<{ session: SessionView; created: boolean }> {
  const userId = requireUser(ctx);
  const booking = await findBookingForSession(ctx.db, ctx.orgId, bookingId, ctx.now);
  if (!booking) throw new AppError('not-found', 'No such booking in this clinic.');
  const existing = await findSessionByBooking(ctx.db, ctx.orgId, bookingId);
  if (existing) return { session: await readSession(ctx, existing.id), created: false };
  if (booking.status !== 'booked') {
    throw new AppError('conflict', `Only a booked session can be checked in; this one is ${booking.status}.`);
  }
  if (booking.localDate !== booking.todayLocal) {
    throw new AppError(
      'conflict',
      `The booking is for ${booking.localDate}; check in only on the day of treatment (today is ${booking.todayLocal} in ${booking.timeZone}).`,
    );
  }
  const policies = await readSessionPolicies(ctx.db, ctx.orgId);
  const problems: FieldError[] = [];
  if (booking.route === 'esketamine' && !input.fasting) {
    problems.push({
      field: 'body.fasting',
      message: 'Record when the patient last ate and drank (esketamine: fasting before the dose).',
    });
  }
  for (const key of ['lastFoodAt', 'lastLiquidsAt'] as const) {
    const at = input.fasting?.[key];
    if (at && new Date(at).getTime() > ctx.now.getTime() + CLOCK_SKEW_MS) {
      problems.push({ field: `body.fasting.${key}`, message: 'This time is in the future.' });
    }
  }
  const pregnancyApplies =
    policies.pregnancyTestRequired.value &&
    (booking.sexAtBirth === 'female' || booking.sexAtBirth === 'intersex');
  if (pregnancyApplies && (!input.pregnancyTest || input.pregnancyTest === 'not-applicable')) {
    problems.push({
      field: 'body.pregnancyTest',
      message: 'Record the pregnancy test result (clinic policy).',
    });
  }
  if (problems.length > 0) {
    throw new AppError(
      'validation-failed',
      `Check these fields: ${problems.map((p) => p.field).join(', ')}.`,
      problems,
    );
  }
  const checklist: Checklist = {
    identityConfirmed: true,
    fasting: input.fasting
      ? {
          lastFoodAt: new Date(input.fasting.lastFoodAt).toISOString(),
          lastLiquidsAt: new Date(input.fasting.lastLiquidsAt).toISOString(),
        }
      : null,
    rideHome: { confirmed: true, driverName: input.rideHome.driverName },
    pregnancyTest: input.pregnancyTest ?? (pregnancyApplies ? null : 'not-applicable'),
    medicationsToday: input.medicationsToday,
    mood: input.mood,
  };
  const created = await writeAndAnnounce(ctx, async (trx, touched) => {
    const row = await insertSession(trx, {
      org_id: ctx.orgId,
      booking_id: booking.id,
      patient_id: booking.patientId,
      location_id: booking.locationId,
      chair_id: booking.chairId,
      route: booking.route,
      protocol_id: booking.protocolId,
      protocol_version: booking.protocolVersion,
      phase_id: booking.phaseId,
      planned_session_id: booking.plannedSessionId,
      status: 'checked-in',
      policies: JSON.stringify(policies),
      identity_confirmed: true,
      checklist: JSON.stringify(checklist),
      checked_in_at: ctx.now,
      checked_in_by: userId,
      updated_at: ctx.now,
    });
    // Someone else checked the same booking in at the same moment: theirs stands.
    if (!row) return undefined;
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'treatment_session',
      entityId: row.id,
      patientId: row.patient_id,
      details: { bookingId: booking.id, route: booking.route },
    });
    touched(row, 'checked-in');
    return row;
  });
  const id = created?.id ?? (await findSessionByBooking(ctx.db, ctx.orgId, bookingId))?.id;
  if (!id) throw new Error('session vanished after check-in');
  return { session: await viewAfterWrite(ctx, id), created: created !== undefined };
}

// ---- monitoring entries

export type AdverseEvent =
  | 'nausea'
  | 'vomiting'
  | 'hypertension'
  | 'tachycardia'
  | 'low-spo2'
  | 'emergence-reaction'
  | 'anxiety'
  | 'headache'
  | 'other';

export type Intervention =
  | { kind: 'medication'; medication: string; dose: string }
  | { kind: 'infusion-stopped' }
  | { kind: 'oxygen'; litresPerMin: number | null }
  | { kind: 'other'; text: string };

export type EntryInput = { id: string; clientAt: string } & (
  | {
      kind: 'check';
      vitals?: Vitals | undefined;
      moaas?: number | undefined;
      dissociation?: number | undefined;
      note?: string | null | undefined;
    }
  | {
      kind: 'adverse-event';
      event: AdverseEvent;
      description?: string | null | undefined;
      severity: 'mild' | 'moderate' | 'severe';
      interventions: Intervention[];
    }
);

export type EntryResult = {
  entry: {
    id: string;
    kind: string;
    preDose: boolean;
    clientAt: string;
    receivedAt: string;
    late: boolean;
    data: Record<string, unknown>;
  };
  alerts: AlertView[];
};

function entryData(input: EntryInput): Record<string, unknown> {
  if (input.kind === 'check') {
    const data: Record<string, unknown> = {};
    if (input.vitals && Object.keys(input.vitals).length > 0) data.vitals = input.vitals;
    if (input.moaas !== undefined) data.moaas = input.moaas;
    if (input.dissociation !== undefined) data.dissociation = input.dissociation;
    if (input.note) data.note = input.note;
    return data;
  }
  return {
    event: input.event,
    severity: input.severity,
    interventions: input.interventions,
    ...(input.description ? { description: input.description } : {}),
  };
}

async function entryResult(db: Executor, ctx: Ctx, row: EntryRow): Promise<EntryResult> {
  const alerts = (await listAlerts(db, ctx.orgId, [row.session_id])).filter((a) => a.entry_id === row.id);
  return {
    entry: {
      id: row.id,
      kind: row.kind,
      preDose: row.pre_dose,
      clientAt: row.client_at.toISOString(),
      receivedAt: row.received_at.toISOString(),
      late: row.late,
      data: row.data as Record<string, unknown>,
    },
    alerts: alerts.map(alertView),
  };
}

/**
 * Saves one entry made at the chair. The client's id makes it idempotent: the same entry sent again
 * (a retry, or the offline queue replaying) is stored once and answered with the first result.
 */
export async function recordEntry(
  ctx: Ctx,
  sessionId: string,
  input: EntryInput,
): Promise<{ result: EntryResult; duplicate: boolean }> {
  const userId = requireUser(ctx);
  const clientAt = new Date(input.clientAt);
  const data = entryData(input);
  if (input.kind === 'check') {
    if (Object.keys(data).filter((k) => k !== 'note').length === 0) {
      throw invalid('body.vitals', 'Record at least one vital sign, the MOAA/S or the dissociation rating.');
    }
    const implausible = implausibleVitals(input.vitals ?? {});
    if (implausible.length > 0) {
      throw new AppError(
        'validation-failed',
        'Some vital signs are outside what a person can have; check for a typing error.',
        implausible.map((sign) => ({ field: `body.vitals.${sign}`, message: 'Not a plausible value.' })),
      );
    }
  }
  if (clientAt.getTime() > ctx.now.getTime() + CLOCK_SKEW_MS) {
    throw invalid('body.clientAt', 'The time of the entry is in the future; check the device clock.');
  }

  const outcome = await writeAndAnnounce(ctx, async (trx, touched) => {
    const replay = await findEntry(trx, input.id);
    if (replay) return { replay };
    const session = await sessionOrThrow(trx, ctx, sessionId, 'share');
    refuseIfDischarged(session);
    if (
      clientAt < session.checked_in_at &&
      clientAt.getTime() < session.checked_in_at.getTime() - CLOCK_SKEW_MS
    ) {
      throw invalid('body.clientAt', 'The time of the entry is before the patient was checked in.');
    }
    const policies = session.policies as SessionPolicies;
    const late = ctx.now.getTime() - clientAt.getTime() > policies.lateAfterMinutes.value * MINUTE;
    const preDose = session.status === 'checked-in';
    const inserted = await insertEntry(trx, {
      id: input.id,
      org_id: ctx.orgId,
      session_id: sessionId,
      kind: input.kind,
      pre_dose: preDose,
      data: JSON.stringify(data),
      client_at: clientAt,
      received_at: ctx.now,
      late,
      recorded_by: userId,
    });
    if (!inserted) return { replay: await findEntry(trx, input.id) };
    const vitals = input.kind === 'check' ? (input.vitals ?? {}) : {};
    const crossed = crossedThresholds(vitals, policies.alertThresholds);
    await insertAlerts(
      trx,
      crossed.map((t) => ({
        org_id: ctx.orgId,
        session_id: sessionId,
        entry_id: input.id,
        threshold_id: t.id,
        text: t.text,
        value: vitals[t.sign] as number,
        raised_at: ctx.now,
      })),
    );
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'session_entry',
      entityId: input.id,
      patientId: session.patient_id,
      details: { sessionId, kind: input.kind, late, alerts: crossed.map((t) => t.id) },
    });
    touched(session, input.kind);
    return { created: true as const };
  });
  if ('replay' in outcome) {
    const replay = outcome.replay;
    if (!replay) throw new Error('entry vanished');
    const same =
      replay.org_id === ctx.orgId &&
      replay.session_id === sessionId &&
      replay.kind === input.kind &&
      replay.client_at.getTime() === clientAt.getTime() &&
      sameData(replay.data, data);
    if (!same) {
      throw new AppError('conflict', 'An entry with this id was already saved with different content.', [
        { field: 'body.id', message: 'Use a new id for a new entry.' },
      ]);
    }
    return { result: await entryResult(ctx.db, ctx, replay), duplicate: true };
  }
  const row = await findEntry(ctx.db, input.id);
  if (!row) throw new Error('entry vanished');
  return { result: await entryResult(ctx.db, ctx, row), duplicate: false };
}

export async function acknowledgeAlert(
  ctx: Ctx,
  sessionId: string,
  alertId: string,
  note: string | null,
): Promise<AlertView> {
  const userId = requireUser(ctx);
  await writeAndAnnounce(ctx, async (trx, touched) => {
    const session = await sessionOrThrow(trx, ctx, sessionId, 'share');
    const name = await userName(trx, userId);
    const outcome = await acknowledgeAlertRow(trx, ctx.orgId, sessionId, alertId, {
      id: userId,
      name,
      note,
      at: ctx.now,
    });
    if (outcome === 'missing') throw new AppError('not-found', 'No such alert on this session.');
    if (outcome === 'already') throw new AppError('conflict', 'This alert is already acknowledged.');
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'session_alert',
      entityId: alertId,
      patientId: session.patient_id,
      details: { sessionId, acknowledged: true },
    });
    touched(session, 'alert-acknowledged');
  });
  const alert = (await listAlerts(ctx.db, ctx.orgId, [sessionId])).find((a) => a.id === alertId);
  if (!alert) throw new Error('alert vanished');
  return alertView(alert);
}

// ---- the pre-dose gate

export async function decideGate(
  ctx: Ctx,
  sessionId: string,
  input: { decision: 'proceed' | 'do-not-dose'; reason: string },
): Promise<SessionView> {
  const userId = requireUser(ctx);
  await writeAndAnnounce(ctx, async (trx, touched) => {
    const session = await sessionOrThrow(trx, ctx, sessionId, 'update');
    refuseIfDischarged(session);
    if (session.status !== 'checked-in') throw new AppError('conflict', 'The dose has already been given.');
    const entries = (await listEntries(trx, ctx.orgId, sessionId)).map((e) => ({
      id: e.id,
      kind: e.kind,
      preDose: e.pre_dose,
      clientAt: e.client_at,
      data: e.data,
    }));
    const decisions = await listGateDecisions(trx, ctx.orgId, sessionId);
    const gate = gateState(entries, decisions, session.policies as SessionPolicies, session.route);
    if (gate.entryId === null) {
      throw new AppError(
        'conflict',
        'Record the pre-dose blood pressure first; the decision is on a reading.',
      );
    }
    if (gate.status === 'clear') {
      throw new AppError(
        'conflict',
        'The pre-dose blood pressure does not block dosing; there is nothing to decide.',
      );
    }
    const deciderName = await userName(trx, userId);
    const id = await insertGateDecision(trx, {
      org_id: ctx.orgId,
      session_id: sessionId,
      entry_id: gate.entryId,
      blocked_reason: gate.reason,
      decision: input.decision,
      reason: input.reason,
      decided_by: userId,
      decider_name: deciderName,
      decided_at: ctx.now,
    });
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'session_gate_decision',
      entityId: id,
      patientId: session.patient_id,
      details: { sessionId, decision: input.decision, entryId: gate.entryId },
    });
    touched(session, 'gate-decision');
  });
  return viewAfterWrite(ctx, sessionId);
}

// ---- administration

export type AdministrationInput = {
  drug?: string | null | undefined;
  doseMg?: number | undefined;
  lotNumber: string;
  lotExpiry: string;
  ledgerEntryId?: string | null | undefined;
  startedAt?: string | undefined;
  pumpRateMlPerH?: number | undefined;
  deviceTimes?: string[] | undefined;
  witnessId: string;
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
 * Records what was given. Refused while the pre-dose gate blocks (409) until a prescriber decided to
 * proceed. The dose is the signed plan's (or its latest dose decision's); a different dose needs a
 * new dose decision in the plan first.
 */
export async function recordAdministration(
  ctx: Ctx,
  sessionId: string,
  input: AdministrationInput,
): Promise<SessionView> {
  const nurseId = requireUser(ctx);
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
  if (planned && input.doseMg !== undefined && input.doseMg !== planned.doseMg) {
    throw new AppError(
      'conflict',
      `The signed dose for this session is ${planned.doseMg} mg; record a dose decision in the plan before giving ${input.doseMg} mg.`,
      [{ field: 'body.doseMg', message: `The plan says ${planned.doseMg} mg.` }],
    );
  }
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
  if (input.lotExpiry < startedAt.toISOString().slice(0, 10)) {
    problems.push({ field: 'body.lotExpiry', message: 'This lot had expired when the dose was given.' });
  }
  if (input.witnessId === nurseId) {
    problems.push({
      field: 'body.witnessId',
      message: 'The witness is someone other than the nurse giving the dose.',
    });
  } else {
    const witness = await findStaff(ctx.db, ctx.orgId, input.witnessId);
    if (!witness?.active || !witness.roles.some((r) => r === 'nurse' || r === 'prescriber')) {
      problems.push({
        field: 'body.witnessId',
        message: 'Choose an active nurse or prescriber of this clinic.',
      });
    }
  }
  if (problems.length > 0 || doseMg === undefined) {
    throw new AppError(
      'validation-failed',
      `Check these fields: ${problems.map((p) => p.field).join(', ')}.`,
      problems,
    );
  }

  await writeAndAnnounce(ctx, async (trx, touched) => {
    const session = await sessionOrThrow(trx, ctx, sessionId, 'update');
    refuseIfDischarged(session);
    if (session.status !== 'checked-in' || (await findAdministration(trx, ctx.orgId, sessionId))) {
      throw new AppError('conflict', 'The administration of this session is already recorded.');
    }
    const entries = (await listEntries(trx, ctx.orgId, sessionId)).map((e) => ({
      id: e.id,
      kind: e.kind,
      preDose: e.pre_dose,
      clientAt: e.client_at,
      data: e.data,
    }));
    const gate = gateState(
      entries,
      await listGateDecisions(trx, ctx.orgId, sessionId),
      policies,
      session.route,
    );
    if (gate.status === 'blocked' || gate.status === 'do-not-dose-decided') {
      const why =
        gate.status === 'blocked'
          ? `${gate.reason}: dosing waits for a prescriber's decision.`
          : `A prescriber decided not to dose (${gate.reason}).`;
      throw new AppError('conflict', why, [{ field: 'gate', message: why }]);
    }
    await insertAdministration(trx, {
      org_id: ctx.orgId,
      session_id: sessionId,
      drug: input.drug ?? DRUG[session.route],
      route: session.route,
      dose_mg: doseMg,
      dose_source: planned ? planned.source : 'entered',
      calculation: planned?.calculation ? JSON.stringify(planned.calculation) : null,
      lot_number: input.lotNumber,
      lot_expiry: input.lotExpiry,
      ledger_entry_id: input.ledgerEntryId ?? null,
      started_at: startedAt,
      ended_at: deviceTimes ? (deviceTimes.at(-1) as Date) : null,
      pump_rate_ml_per_h: input.pumpRateMlPerH ?? null,
      device_times: deviceTimes,
      nurse_id: nurseId,
      witness_id: input.witnessId,
      recorded_at: ctx.now,
    });
    await updateSession(trx, ctx.orgId, sessionId, {
      status: session.route === 'esketamine' ? 'monitoring' : 'dosing',
      dose_started_at: startedAt,
      updated_at: ctx.now,
    });
    if (session.planned_session_id) await markPlannedSessionGiven(trx, ctx.orgId, session.planned_session_id);
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'session_administration',
      entityId: sessionId,
      patientId: session.patient_id,
      details: {
        doseMg,
        doseSource: planned ? planned.source : 'entered',
        witnessId: input.witnessId,
        gate: gate.status,
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

// ---- discharge

async function checkCriteriaIds(ctx: Ctx, row: SessionRow, confirmed: string[]): Promise<void> {
  const { phase } = await phaseOf(ctx.db, row);
  const known = new Set(
    dischargeCriteria(phase, row.policies as SessionPolicies, row.route).map((c) => c.id),
  );
  const unknown = confirmed.findIndex((id) => !known.has(id));
  if (unknown >= 0) {
    throw invalid(
      `body.confirmed.${unknown}`,
      `"${confirmed[unknown]}" is not one of this session's discharge criteria.`,
    );
  }
}

/** Saves which discharge criteria the nurse has confirmed so far (the board shows readiness). */
export async function saveDischargeChecklist(
  ctx: Ctx,
  sessionId: string,
  confirmed: string[],
): Promise<SessionView> {
  const before = await sessionOrThrow(ctx.db, ctx, sessionId);
  await checkCriteriaIds(ctx, before, confirmed);
  await writeAndAnnounce(ctx, async (trx, touched) => {
    const session = await sessionOrThrow(trx, ctx, sessionId, 'update');
    refuseIfDischarged(session);
    await updateSession(trx, ctx.orgId, sessionId, {
      discharge_confirmed: [...new Set(confirmed)],
      updated_at: ctx.now,
    });
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'treatment_session',
      entityId: sessionId,
      patientId: session.patient_id,
      details: { dischargeConfirmed: confirmed },
    });
    touched(session, 'discharge-checklist');
  });
  return viewAfterWrite(ctx, sessionId);
}

/**
 * Discharges the patient: refused (409, every gap listed) until the minimum monitoring time has
 * passed and every rule and criterion is met. The instructions given are recorded with it.
 */
export async function dischargePatient(
  ctx: Ctx,
  sessionId: string,
  input: { confirmed?: string[] | undefined; instructionsGiven: 'printed' | 'link' | 'printed-and-link' },
): Promise<SessionView> {
  const userId = requireUser(ctx);
  const before = await sessionOrThrow(ctx.db, ctx, sessionId);
  if (input.confirmed) await checkCriteriaIds(ctx, before, input.confirmed);
  const { phase } = await phaseOf(ctx.db, before);
  await writeAndAnnounce(ctx, async (trx, touched) => {
    let session = await sessionOrThrow(trx, ctx, sessionId, 'update');
    refuseIfDischarged(session);
    if (input.confirmed) session = { ...session, discharge_confirmed: [...new Set(input.confirmed)] };
    const facts = await sessionFacts(trx, session, phase, ctx.now);
    const readiness = facts.readiness;
    if (!readiness?.ready) {
      const gaps = readiness?.gaps ?? [{ id: 'not-dosed', text: 'No dose recorded yet' }];
      throw new AppError(
        'conflict',
        `The patient is not ready for discharge: ${gaps.map((g) => g.text).join('; ')}.`,
        gaps.map((g) => ({ field: `discharge.${g.id}`, message: g.text })),
      );
    }
    const instructions = {
      given: input.instructionsGiven,
      items: DEFAULT_DISCHARGE_INSTRUCTIONS[session.route],
    };
    await updateSession(trx, ctx.orgId, sessionId, {
      status: 'discharged',
      discharge_confirmed: session.discharge_confirmed,
      discharge_readiness: JSON.stringify(readiness),
      discharge_instructions: JSON.stringify(instructions),
      discharged_at: ctx.now,
      discharged_by: userId,
      updated_at: ctx.now,
    });
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'treatment_session',
      entityId: sessionId,
      patientId: session.patient_id,
      details: { discharged: true, instructionsGiven: input.instructionsGiven },
    });
    touched(session, 'discharged');
  });
  return viewAfterWrite(ctx, sessionId);
}

// ---- sign, co-sign, addenda

/** What a note needs before it can be signed; each names the part of the chart to complete. */
export async function missingForSignature(db: Executor, row: SessionRow): Promise<FieldError[]> {
  const missing: FieldError[] = [];
  const entries = await listEntries(db, row.org_id, row.id);
  const facts = entries.map((e) => ({
    id: e.id,
    kind: e.kind,
    preDose: e.pre_dose,
    clientAt: e.client_at,
    data: e.data,
  }));
  const gate = gateState(
    facts,
    await listGateDecisions(db, row.org_id, row.id),
    row.policies as SessionPolicies,
    row.route,
  );
  if (gate.entryId === null)
    missing.push({ field: 'preDoseVitals', message: 'No pre-dose blood pressure recorded.' });
  const administration = await findAdministration(db, row.org_id, row.id);
  if (!administration && gate.status !== 'do-not-dose-decided') {
    missing.push({ field: 'administration', message: 'No administration recorded.' });
  }
  if (administration && !administration.ended_at) {
    missing.push({ field: 'administration.endedAt', message: 'The end of the infusion is not recorded.' });
  }
  if (administration && !facts.some((e) => e.kind === 'check' && !e.preDose)) {
    missing.push({ field: 'monitoring', message: 'No monitoring check after the dose.' });
  }
  if (administration && row.status !== 'discharged') {
    missing.push({ field: 'discharge', message: 'The patient has not been discharged.' });
  }
  return missing;
}

export async function signSession(
  ctx: Ctx,
  sessionId: string,
  input: { password: string; note?: string | null | undefined },
): Promise<SessionView> {
  const row = await sessionOrThrow(ctx.db, ctx, sessionId);
  refuseIfSigned(row);
  const missing = await missingForSignature(ctx.db, row);
  if (missing.length > 0) {
    throw new AppError(
      'validation-failed',
      `The note cannot be signed yet: ${missing.map((m) => m.message).join(' ')}`,
      missing,
    );
  }
  const signer = await confirmSigner(ctx, input.password, 'treatment session note', row.patient_id);
  const meaning = 'Author: I administered or supervised this treatment session and this record is accurate';
  await writeAndAnnounce(ctx, async (trx, touched) => {
    const session = await sessionOrThrow(trx, ctx, sessionId, 'update');
    refuseIfSigned(session);
    const policies = session.policies as SessionPolicies;
    await updateSession(trx, ctx.orgId, sessionId, {
      note: input.note ?? session.note,
      signed_by: signer.userId,
      signer_name: signer.printedName,
      signature_meaning: meaning,
      signed_at: signer.signedAt,
      cosign_required: policies.cosignRequired.value,
      updated_at: ctx.now,
    });
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'treatment_session',
      entityId: sessionId,
      patientId: session.patient_id,
      details: { signed: true },
    });
    touched(session, 'signed');
  });
  return viewAfterWrite(ctx, sessionId);
}

export async function cosignSession(
  ctx: Ctx,
  sessionId: string,
  input: { password: string },
): Promise<SessionView> {
  const row = await sessionOrThrow(ctx.db, ctx, sessionId);
  if (!row.signed_at) throw new AppError('conflict', 'The note must be signed before it is co-signed.');
  if (row.cosigned_at) throw new AppError('conflict', 'The note is already co-signed.');
  if (row.signed_by === ctx.user?.id) {
    throw new AppError('conflict', 'A co-signature comes from a prescriber other than the author.');
  }
  const signer = await confirmSigner(ctx, input.password, 'treatment session co-signature', row.patient_id);
  await writeAndAnnounce(ctx, async (trx, touched) => {
    const session = await sessionOrThrow(trx, ctx, sessionId, 'update');
    if (session.cosigned_at) throw new AppError('conflict', 'The note is already co-signed.');
    await updateSession(trx, ctx.orgId, sessionId, {
      cosigned_by: signer.userId,
      cosigner_name: signer.printedName,
      cosignature_meaning:
        'Co-signature: I have reviewed this treatment session as the supervising prescriber',
      cosigned_at: signer.signedAt,
      updated_at: ctx.now,
    });
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'treatment_session',
      entityId: sessionId,
      patientId: session.patient_id,
      details: { cosigned: true },
    });
    touched(session, 'cosigned');
  });
  return viewAfterWrite(ctx, sessionId);
}

export async function addAddendum(
  ctx: Ctx,
  sessionId: string,
  input: { password: string; text: string },
): Promise<SessionView> {
  const row = await sessionOrThrow(ctx.db, ctx, sessionId);
  if (!row.signed_at)
    throw new AppError('conflict', 'Addenda are for signed notes; edit the note before signing.');
  const signer = await confirmSigner(ctx, input.password, 'treatment session addendum', row.patient_id);
  await writeAndAnnounce(ctx, async (trx, touched) => {
    const id = await insertAddendum(trx, {
      org_id: ctx.orgId,
      session_id: sessionId,
      text: input.text,
      signed_by: signer.userId,
      signer_name: signer.printedName,
      signature_meaning: 'Addendum: I add this to the signed session note, which stays as signed',
      signed_at: signer.signedAt,
    });
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'session_addendum',
      entityId: id,
      patientId: row.patient_id,
      details: { sessionId },
    });
    touched(row, 'addendum');
  });
  return viewAfterWrite(ctx, sessionId);
}
