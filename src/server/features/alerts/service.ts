import { sql } from 'kysely';
import type { Ctx, Executor } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import type { AlertAction } from '../../db/schema.ts';
import { audit } from '../../http/audit.ts';
import { AppError } from '../../http/problem.ts';
import { enqueue, type OutboxMessage } from '../outbox/store.ts';
import { type OrgSettings, readSettings } from '../settings/store.ts';

export type AlertView = {
  id: string;
  patientId: string;
  patientMrn: string;
  patientName: string;
  level: 'high' | 'standard';
  reasons: string[];
  instrument: string;
  createdAt: string;
  pageDueAt: string;
  pagedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  action: AlertAction | null;
  note: string | null;
};

/** The channels a page goes through; empty when the clinic has configured none. */
export function pageMessages(
  settings: OrgSettings,
  orgId: string,
  alert: { id: string; level: 'high' | 'standard'; patientMrn: string },
  appUrl: string,
): OutboxMessage[] {
  const subject = `Ketaflow ${alert.level === 'high' ? 'HIGH ' : ''}suicide-risk alert: patient ${alert.patientMrn}`;
  // Minimum necessary: the MRN and where to look, never the answers or the name.
  const body = `A questionnaire answer for patient ${alert.patientMrn} carries suicide risk${
    alert.level === 'high' ? ' at the HIGH level (C-SSRS)' : ' and has not been acknowledged'
  }. A clinician must review it now. Sign in: ${appUrl}/app/alerts`;
  const out: OutboxMessage[] = [];
  if (settings.onCallEmail)
    out.push({
      orgId,
      kind: 'risk-page',
      channel: 'email',
      recipient: settings.onCallEmail,
      subject,
      body,
      relatedId: alert.id,
    });
  if (settings.onCallWebhookUrl) {
    out.push({
      orgId,
      kind: 'risk-page',
      channel: 'webhook',
      recipient: settings.onCallWebhookUrl,
      subject,
      body,
      relatedId: alert.id,
    });
  }
  return out;
}

/**
 * Raised in the same transaction as the response, so an answer is never stored without its alert.
 * A high-risk alert is paged at once; any other when still open after the clinic's delay.
 */
export async function raiseAlert(
  db: Executor,
  input: {
    orgId: string;
    patientId: string;
    responseId: string;
    high: boolean;
    reasons: string[];
    now: Date;
    appUrl: string;
  },
): Promise<string> {
  const settings = await readSettings(db, input.orgId);
  const pageDueAt = input.high
    ? input.now
    : new Date(input.now.getTime() + settings.pageUnacknowledgedAfterMinutes * 60_000);
  const { id } = await db
    .insertInto('risk_alerts')
    .values({
      org_id: input.orgId,
      patient_id: input.patientId,
      response_id: input.responseId,
      level: input.high ? 'high' : 'standard',
      reasons: input.reasons,
      created_at: input.now,
      page_due_at: pageDueAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.high) await pageAlert(db, input.orgId, id, input.now, input.appUrl);
  return id;
}

async function pageAlert(
  db: Executor,
  orgId: string,
  alertId: string,
  now: Date,
  appUrl: string,
): Promise<void> {
  const alert = await db
    .selectFrom('risk_alerts as a')
    .innerJoin('patients as p', (join) =>
      join.onRef('p.id', '=', 'a.patient_id').onRef('p.org_id', '=', 'a.org_id'),
    )
    .select(['a.id', 'a.level', 'p.mrn'])
    .where('a.id', '=', alertId)
    .executeTakeFirstOrThrow();
  const settings = await readSettings(db, orgId);
  const messages = pageMessages(
    settings,
    orgId,
    { id: alert.id, level: alert.level, patientMrn: alert.mrn },
    appUrl,
  );
  // With no channel configured nothing can be sent: the alert stays unpaged (and the paging loop
  // pages it as soon as a channel exists), so no one reads "on-call paged" when no one was.
  if (messages.length === 0) return;
  await enqueue(db, messages, now);
  await db.updateTable('risk_alerts').set({ paged_at: now }).where('id', '=', alertId).execute();
}

/** How many alerts are open: for a badge that refreshes on a timer without reading any record. */
export async function countOpenAlerts(ctx: Ctx): Promise<{ open: number; openHigh: number }> {
  const row = await ctx.db
    .selectFrom('risk_alerts')
    .select((eb) => [
      eb.fn.countAll<string>().as('open'),
      eb.fn.count<string>('id').filterWhere('level', '=', 'high').as('open_high'),
    ])
    .where('org_id', '=', ctx.orgId)
    .where('acknowledged_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { open: Number(row.open), openHigh: Number(row.open_high) };
}

/** Pages every open alert whose time has come; run by the server's background loop. */
export async function pageOverdueAlerts(db: Db, now: Date, appUrl: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('risk_alerts')
      .select(['id', 'org_id'])
      .where('acknowledged_at', 'is', null)
      .where('paged_at', 'is', null)
      .where('page_due_at', '<=', now)
      .limit(100)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const alert of due) await pageAlert(trx, alert.org_id, alert.id, now, appUrl);
    return due.length;
  });
}

function alertQuery(db: Executor, orgId: string) {
  return db
    .selectFrom('risk_alerts as a')
    .innerJoin('patients as p', (join) =>
      join.onRef('p.id', '=', 'a.patient_id').onRef('p.org_id', '=', 'a.org_id'),
    )
    .innerJoin('measure_responses as r', (join) =>
      join.onRef('r.id', '=', 'a.response_id').onRef('r.org_id', '=', 'a.org_id'),
    )
    .leftJoin('users as u', 'u.id', 'a.acknowledged_by')
    .select([
      'a.id',
      'a.patient_id',
      'p.mrn',
      sql<string>`coalesce(p.preferred_name, p.legal_given_name) || ' ' || p.legal_family_name`.as(
        'patient_name',
      ),
      'a.level',
      'a.reasons',
      'r.instrument',
      'a.created_at',
      'a.page_due_at',
      'a.paged_at',
      'a.acknowledged_at',
      'u.name as acknowledged_by_name',
      'a.action',
      'a.note',
    ])
    .where('a.org_id', '=', orgId);
}

type AlertRow = Awaited<ReturnType<ReturnType<typeof alertQuery>['executeTakeFirstOrThrow']>>;

function toView(row: AlertRow): AlertView {
  return {
    id: row.id,
    patientId: row.patient_id,
    patientMrn: row.mrn,
    patientName: row.patient_name,
    level: row.level,
    reasons: row.reasons,
    instrument: row.instrument,
    createdAt: row.created_at.toISOString(),
    pageDueAt: row.page_due_at.toISOString(),
    pagedAt: row.paged_at?.toISOString() ?? null,
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: row.acknowledged_by_name,
    action: row.action,
    note: row.note,
  };
}

/** The worklist: every open alert of the clinic, high first, oldest first. */
export async function listAlerts(
  ctx: Ctx,
  filter: { status: 'open' | 'acknowledged' | 'all'; patientId?: string | undefined },
): Promise<AlertView[]> {
  let query = alertQuery(ctx.db, ctx.orgId);
  if (filter.status === 'open') query = query.where('a.acknowledged_at', 'is', null);
  if (filter.status === 'acknowledged') query = query.where('a.acknowledged_at', 'is not', null);
  if (filter.patientId) query = query.where('a.patient_id', '=', filter.patientId);
  const rows = await query
    .orderBy(sql`a.acknowledged_at IS NULL`, 'desc')
    .orderBy(sql`a.level = 'high'`, 'desc')
    .orderBy('a.created_at')
    .limit(200)
    .execute();
  const items = rows.map(toView);
  await audit(
    ctx.db,
    ctx,
    ...items.map((a) => ({
      action: 'read' as const,
      entityType: 'risk_alert',
      entityId: a.id,
      patientId: a.patientId,
    })),
  );
  return items;
}

export async function acknowledgeAlert(
  ctx: Ctx,
  id: string,
  input: { action: AlertAction; note: string | null },
): Promise<AlertView> {
  if (input.action === 'other' && !input.note) {
    throw new AppError('validation-failed', 'Describe what was done.', [
      { field: 'body.note', message: 'A note is required when the action is "other".' },
    ]);
  }
  return ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('risk_alerts')
      .set({
        acknowledged_at: ctx.now,
        acknowledged_by: ctx.user?.id ?? null,
        action: input.action,
        note: input.note,
      })
      .where('id', '=', id)
      .where('org_id', '=', ctx.orgId)
      .where('acknowledged_at', 'is', null)
      .returning(['patient_id'])
      .executeTakeFirst();
    if (!updated) {
      const exists = await alertQuery(trx, ctx.orgId).where('a.id', '=', id).executeTakeFirst();
      if (!exists) throw new AppError('not-found', 'No such alert in this clinic.');
      throw new AppError('conflict', 'This alert was already acknowledged.');
    }
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'risk_alert',
      entityId: id,
      patientId: updated.patient_id,
      details: { acknowledged: true, action: input.action },
    });
    return toView(await alertQuery(trx, ctx.orgId).where('a.id', '=', id).executeTakeFirstOrThrow());
  });
}
