import { crossedThresholds, implausibleVitals, type Vitals } from '../../../domain/monitoring/index.ts';
import { sameData } from '../../../domain/same-data.ts';
import type { Ctx, Executor } from '../../context.ts';
import { audit, auditRecord } from '../../http/audit.ts';
import { AppError } from '../../http/problem.ts';
import type { SessionPolicies } from '../settings/service.ts';
import {
  findSessionForEntry,
  insertAlertsReturning,
  insertEntryIfSessionUnchanged,
  insertEntryReturning,
  type NewAlert,
  type NewEntry,
} from './entry-store.ts';
import {
  type AlertRow,
  acknowledgeAlertRow,
  type EntryRow,
  findEntry,
  listAlerts,
  type SessionRow,
  userName,
} from './store.ts';
import {
  announceCommitted,
  CLOCK_SKEW_MS,
  invalid,
  MINUTE,
  refuseIfDischarged,
  requireUser,
  sessionOrThrow,
  writeAndAnnounce,
} from './use-case-kit.ts';
import { type AlertView, alertView } from './view.ts';

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

function entryResult(row: EntryRow, alerts: AlertRow[]): EntryResult {
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

/** An entry stored earlier, with its alerts as the chart lists them. */
async function storedEntryResult(db: Executor, ctx: Ctx, row: EntryRow): Promise<EntryResult> {
  const alerts = (await listAlerts(db, ctx.orgId, [row.session_id])).filter((a) => a.entry_id === row.id);
  return entryResult(row, alerts);
}

/**
 * What an entry on this session is: the refusals, then the row, its alerts and its audit record. Both
 * ways of storing it (one statement on an unchanged session, or a transaction under its lock) use it.
 */
function planEntry(
  ctx: Ctx,
  session: Pick<
    SessionRow,
    | 'id'
    | 'status'
    | 'signed_at'
    | 'checked_in_at'
    | 'policies'
    | 'patient_id'
    | 'dose_started_at'
    | 'ended_at'
  >,
  input: EntryInput,
  clientAt: Date,
  data: Record<string, unknown>,
  userId: string,
): { entry: NewEntry; alerts: NewAlert[]; audited: Parameters<typeof auditRecord>[1] } {
  // A session that ended without a discharge (an emergency transfer, a patient walking out) may still
  // get, until it is signed, the readings taken before it ended: charting lags in an emergency.
  const before = session.status === 'ended' && session.ended_at !== null && clientAt <= session.ended_at;
  if (!before || session.signed_at) refuseIfDischarged(session);
  if (
    clientAt < session.checked_in_at &&
    clientAt.getTime() < session.checked_in_at.getTime() - CLOCK_SKEW_MS
  ) {
    throw invalid('body.clientAt', 'The time of the entry is before the patient was checked in.');
  }
  const policies = session.policies as SessionPolicies;
  const late = ctx.now.getTime() - clientAt.getTime() > policies.lateAfterMinutes.value * MINUTE;
  const vitals = input.kind === 'check' ? (input.vitals ?? {}) : {};
  const crossed = crossedThresholds(vitals, policies.alertThresholds);
  return {
    entry: {
      id: input.id,
      kind: input.kind,
      pre_dose:
        session.status === 'checked-in' ||
        (session.status === 'ended' && (!session.dose_started_at || clientAt < session.dose_started_at)),
      data: JSON.stringify(data),
      client_at: clientAt,
      received_at: ctx.now,
      late,
      recorded_by: userId,
    },
    alerts: crossed.map((t) => ({
      threshold_id: t.id,
      text: t.text,
      value: vitals[t.sign] as number,
      raised_at: ctx.now,
    })),
    audited: {
      action: 'create',
      entityType: 'session_entry',
      entityId: input.id,
      patientId: session.patient_id,
      details: { sessionId: session.id, kind: input.kind, late, alerts: crossed.map((t) => t.id) },
    },
  };
}

/**
 * Saves one entry made at the chair. The client's id makes it idempotent: the same entry sent again
 * (a retry, or the offline queue replaying) is stored once and answered with the first result.
 * Charting is the busiest write of a clinic, so a new entry on a session nobody is changing takes two
 * statements (read the session, then store entry, alerts and audit in one statement that checks the
 * session is still the version read); anything else takes the transaction under the session's lock.
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

  const seen = await findSessionForEntry(ctx.db, ctx.orgId, sessionId, input.id);
  if (seen && !seen.replayed) {
    const plan = planEntry(ctx, seen, input, clientAt, data, userId);
    const stored = await insertEntryIfSessionUnchanged(ctx.db, seen, plan.entry, plan.alerts, [
      auditRecord(ctx, plan.audited),
    ]);
    if (stored) {
      await announceCommitted(ctx, seen, input.kind);
      return { result: entryResult(stored.entry, stored.alerts), duplicate: false };
    }
  }
  // A replay, an unknown session, or a session that changed since it was read: the same under its lock.
  const outcome = await writeAndAnnounce(ctx, async (trx, touched) => {
    const replay = await findEntry(trx, input.id);
    if (replay) return { replay };
    const session = await sessionOrThrow(trx, ctx, sessionId, 'share');
    const plan = planEntry(ctx, session, input, clientAt, data, userId);
    const inserted = await insertEntryReturning(trx, {
      ...plan.entry,
      org_id: session.org_id,
      session_id: session.id,
    });
    if (!inserted) return { replay: await findEntry(trx, input.id) };
    const alerts = await insertAlertsReturning(
      trx,
      plan.alerts.map((alert) => ({
        ...alert,
        org_id: session.org_id,
        session_id: session.id,
        entry_id: inserted.id,
      })),
    );
    await audit(trx, ctx, plan.audited);
    touched(session, input.kind);
    return { created: entryResult(inserted, alerts) };
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
    return { result: await storedEntryResult(ctx.db, ctx, replay), duplicate: true };
  }
  return { result: outcome.created, duplicate: false };
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
