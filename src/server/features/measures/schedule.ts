import type { Ctx, Executor } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import type { Cadence } from '../../db/schema.ts';
import { audit } from '../../http/audit.ts';
import { AppError } from '../../http/problem.ts';
import { enqueue } from '../outbox/store.ts';
import { createMeasureLink, instrumentOrThrow, selfReportInstrumentOrThrow } from './service.ts';

/**
 * Clinic-policy cadences. `before-session` is not a date series: it follows the patient's bookings
 * (see sendBeforeSessionReminders).
 */
export function nextDue(after: Date, cadence: Cadence): Date | null {
  const next = new Date(after);
  if (cadence === 'weekly') next.setUTCDate(next.getUTCDate() + 7);
  else if (cadence === 'monthly') next.setUTCMonth(next.getUTCMonth() + 1);
  else return null;
  return next;
}

export type ScheduleView = {
  id: string;
  instrument: string;
  cadence: Cadence;
  nextDueAt: string;
  active: boolean;
  lastSentAt: string | null;
  due: boolean;
};

export async function listSchedule(ctx: Ctx, patientId: string): Promise<ScheduleView[]> {
  const rows = await ctx.db
    .selectFrom('measure_schedules')
    .selectAll()
    .where('org_id', '=', ctx.orgId)
    .where('patient_id', '=', patientId)
    .orderBy('active', 'desc')
    .orderBy('next_due_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    instrument: r.instrument,
    cadence: r.cadence,
    nextDueAt: r.next_due_at.toISOString(),
    active: r.active,
    lastSentAt: r.last_sent_at?.toISOString() ?? null,
    // A before-session schedule is due with each booking, not on a date of its own.
    due: r.active && r.cadence !== 'before-session' && r.next_due_at <= ctx.now,
  }));
}

export async function addSchedule(
  ctx: Ctx,
  patientId: string,
  input: { instrument: string; cadence: Cadence; firstDueAt?: string | undefined },
): Promise<ScheduleView[]> {
  const patient = await ctx.db
    .selectFrom('patients')
    .select('id')
    .where('org_id', '=', ctx.orgId)
    .where('id', '=', patientId)
    .executeTakeFirst();
  if (!patient) throw new AppError('not-found', 'No such patient in this clinic.');
  const instrument = await instrumentOrThrow(ctx.db, ctx.orgId, input.instrument, 'body.instrument');
  await ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('measure_schedules')
      .values({
        org_id: ctx.orgId,
        patient_id: patientId,
        instrument,
        cadence: input.cadence,
        next_due_at: input.firstDueAt ? new Date(input.firstDueAt) : ctx.now,
        created_by: ctx.user?.id ?? null,
        created_at: ctx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'measure_schedule',
      entityId: id,
      patientId,
      details: { instrument, cadence: input.cadence },
    });
  });
  return listSchedule(ctx, patientId);
}

export type OnceScheduled = {
  scheduleIds: string[];
  /** Where the reminder loop will send the link; null when the patient has no email address. */
  sendTo: 'email' | null;
};

/**
 * One-off questionnaires for a patient, due at a moment (after a treatment session, say), written in
 * the caller's transaction. The reminder loop (sendDueReminders) sends each a single-use link through
 * the outbox when it falls due; without an email address it shows as due on the patient's page.
 */
export async function scheduleOnceMeasures(
  trx: Executor,
  ctx: Ctx,
  input: { patientId: string; instruments: readonly string[]; dueAt: Date; reason: string },
): Promise<OnceScheduled> {
  const patient = await trx
    .selectFrom('patients')
    .select(['id', 'email'])
    .where('org_id', '=', ctx.orgId)
    .where('id', '=', input.patientId)
    .executeTakeFirst();
  if (!patient) throw new AppError('not-found', 'No such patient in this clinic.');
  // Every instrument is checked before any is written, so a refusal leaves nothing half-scheduled.
  const instruments: string[] = [];
  for (const [i, id] of input.instruments.entries()) {
    instruments.push(await selfReportInstrumentOrThrow(trx, ctx.orgId, id, `instruments.${i}`));
  }
  const scheduleIds: string[] = [];
  for (const instrument of instruments) {
    const row = await trx
      .insertInto('measure_schedules')
      .values({
        org_id: ctx.orgId,
        patient_id: input.patientId,
        instrument,
        cadence: 'once',
        next_due_at: input.dueAt,
        created_by: ctx.user?.id ?? null,
        created_at: ctx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    scheduleIds.push(row.id);
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'measure_schedule',
      entityId: row.id,
      patientId: input.patientId,
      details: { instrument, cadence: 'once', reason: input.reason },
    });
  }
  return { scheduleIds, sendTo: patient.email ? 'email' : null };
}

export async function stopSchedule(ctx: Ctx, id: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('measure_schedules')
      .set({ active: false })
      .where('org_id', '=', ctx.orgId)
      .where('id', '=', id)
      .returning('patient_id')
      .executeTakeFirst();
    if (!row) throw new AppError('not-found', 'No such schedule in this clinic.');
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'measure_schedule',
      entityId: id,
      patientId: row.patient_id,
      details: { active: false },
    });
  });
}

/**
 * For every schedule that has fallen due: a fresh single-use link, and an email to the patient
 * through the outbox (listed on the admin outbox page when SMTP is not configured). Without an
 * email address the schedule shows as due on the patient's page for staff to act on.
 */
export async function sendDueReminders(db: Db, now: Date, appUrl: string): Promise<number> {
  const due = await db
    .selectFrom('measure_schedules as s')
    .innerJoin('patients as p', (join) =>
      join.onRef('p.id', '=', 's.patient_id').onRef('p.org_id', '=', 's.org_id'),
    )
    .select([
      's.id',
      's.org_id',
      's.patient_id',
      's.instrument',
      's.cadence',
      's.next_due_at',
      'p.email',
      'p.status',
    ])
    .where('s.active', '=', true)
    .where('s.cadence', '<>', 'before-session')
    .where('s.next_due_at', '<=', now)
    .where('p.email', 'is not', null)
    .where('p.status', 'not in', ['discharged', 'paused'])
    .limit(100)
    .execute();
  for (const schedule of due) {
    const ctx: Ctx = { db, orgId: schedule.org_id, user: null, now, requestId: 'reminders', ip: null };
    const link = await createMeasureLink(
      ctx,
      { patientId: schedule.patient_id, instruments: [schedule.instrument], kiosk: false },
      appUrl,
    );
    await db.transaction().execute(async (trx) => {
      await enqueue(
        trx,
        [
          {
            orgId: schedule.org_id,
            kind: 'measure-reminder',
            channel: 'email',
            recipient: schedule.email as string,
            subject: 'Your clinic asks you to complete a short questionnaire',
            body: `Please answer a short questionnaire for your care team: ${link.url}\nThe link works once and expires ${link.expiresAt.slice(0, 10)}.\nIf you are in crisis, call or text 988.`,
            relatedId: schedule.id,
          },
        ],
        now,
      );
      const next = nextDue(schedule.next_due_at, schedule.cadence);
      await trx
        .updateTable('measure_schedules')
        .set(next ? { last_sent_at: now, next_due_at: next } : { last_sent_at: now, active: false })
        .where('id', '=', schedule.id)
        .execute();
    });
  }
  return due.length;
}

/** Clinic policy: the questionnaire link for a session goes out this long before it starts. */
export const BEFORE_SESSION_HOURS = 24;

/**
 * For every booked session starting within the next day whose patient has `before-session`
 * schedules: one email with one fresh link for all of them, once per session (the outbox row,
 * related to the booking, is the record that it went).
 */
export async function sendBeforeSessionReminders(db: Db, now: Date, appUrl: string): Promise<number> {
  const horizon = new Date(now.getTime() + BEFORE_SESSION_HOURS * 3_600_000);
  const rows = await db
    .selectFrom('measure_schedules as s')
    .innerJoin('bookings as b', (join) =>
      join.onRef('b.patient_id', '=', 's.patient_id').onRef('b.org_id', '=', 's.org_id'),
    )
    .innerJoin('patients as p', (join) =>
      join.onRef('p.id', '=', 's.patient_id').onRef('p.org_id', '=', 's.org_id'),
    )
    .select([
      's.id as schedule_id',
      's.org_id',
      's.patient_id',
      's.instrument',
      'b.id as booking_id',
      'p.email',
    ])
    .where('s.active', '=', true)
    .where('s.cadence', '=', 'before-session')
    .where('b.status', '=', 'booked')
    .where('b.starts_at', '>', now)
    .where('b.starts_at', '<=', horizon)
    .where('p.email', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('outbox as o')
            .select('o.id')
            .whereRef('o.related_id', '=', 'b.id')
            .where('o.kind', '=', 'measure-reminder'),
        ),
      ),
    )
    .limit(500)
    .execute();
  const byBooking = new Map<string, typeof rows>();
  for (const row of rows) byBooking.set(row.booking_id, [...(byBooking.get(row.booking_id) ?? []), row]);
  for (const [bookingId, schedules] of byBooking) {
    const first = schedules[0] as (typeof rows)[number];
    const ctx: Ctx = { db, orgId: first.org_id, user: null, now, requestId: 'reminders', ip: null };
    const instruments = [...new Set(schedules.map((s) => s.instrument))];
    const link = await createMeasureLink(
      ctx,
      { patientId: first.patient_id, instruments, kiosk: false },
      appUrl,
    );
    await db.transaction().execute(async (trx) => {
      await enqueue(
        trx,
        [
          {
            orgId: first.org_id,
            kind: 'measure-reminder',
            channel: 'email',
            recipient: first.email as string,
            subject: 'Before your next session: a short questionnaire',
            body: `Please answer a short questionnaire before your session: ${link.url}\nThe link works once.\nIf you are in crisis, call or text 988.`,
            relatedId: bookingId,
          },
        ],
        now,
      );
      await trx
        .updateTable('measure_schedules')
        .set({ last_sent_at: now })
        .where(
          'id',
          'in',
          schedules.map((s) => s.schedule_id),
        )
        .execute();
    });
  }
  return byBooking.size;
}
