import { randomBytes } from 'node:crypto';
import type { DischargeInstruction } from '../../../domain/monitoring/index.ts';
import type { Ctx, Executor } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { AppError } from '../../http/problem.ts';
import { hashLinkToken } from '../measures/service.ts';
import { enqueue } from '../outbox/store.ts';
import { readSettings } from '../settings/store.ts';
import { requireUser, sessionOrThrow } from './use-case-kit.ts';

/**
 * The discharge instructions sent by link: a single-use link, expiring like the questionnaire links
 * (setting `measureLinkHours`), to a page that shows one session's instructions and whom to call.
 * "Single-use": the first opening uses it up, and only a reload within this many minutes shows the
 * page again, so a forwarded or leaked link is dead soon after the patient has read it.
 */
export const INSTRUCTION_LINK_REOPEN_MINUTES = 30;

export type StoredInstructions = {
  given: string;
  items: DischargeInstruction[];
  clinicPhone?: string | null;
  crisisLine?: string;
};

export type SentInstructions = { linkId: string; sentTo: 'email'; expiresAt: string };

export async function sendDischargeInstructions(
  ctx: Ctx,
  sessionId: string,
  appUrl: string,
): Promise<SentInstructions> {
  requireUser(ctx);
  const session = await sessionOrThrow(ctx.db, ctx, sessionId);
  if (session.status !== 'discharged' || !session.discharge_instructions) {
    throw new AppError(
      'conflict',
      'The instructions are recorded at discharge: discharge the patient first, then send them.',
    );
  }
  const patient = await ctx.db
    .selectFrom('patients')
    .select('email')
    .where('org_id', '=', ctx.orgId)
    .where('id', '=', session.patient_id)
    .executeTakeFirstOrThrow();
  if (!patient.email) {
    throw new AppError(
      'conflict',
      'The patient has no email address on file, so no link can be sent; print the instructions instead.',
      [{ field: 'patient.email', message: 'No email address on file.' }],
    );
  }
  const settings = await readSettings(ctx.db, ctx.orgId);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(ctx.now.getTime() + settings.measureLinkHours * 3_600_000);
  const url = `${appUrl}/d/${token}`;
  const linkId = await ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('discharge_instruction_links')
      .values({
        org_id: ctx.orgId,
        session_id: sessionId,
        patient_id: session.patient_id,
        token_hash: hashLinkToken(token),
        created_by: ctx.user?.id ?? null,
        created_at: ctx.now,
        expires_at: expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await enqueue(
      trx,
      [
        {
          orgId: ctx.orgId,
          kind: 'discharge-instructions',
          channel: 'email',
          recipient: patient.email as string,
          subject: 'Your instructions after today’s treatment',
          body: `Your care team has put your instructions for after today’s treatment on this page: ${url}\nThe link works once and expires ${expiresAt.toISOString().slice(0, 10)}.\nIf you feel unwell, call the clinic${settings.clinicPhone ? ` on ${settings.clinicPhone}` : ''}. In a crisis call or text 988; in an emergency call 911.`,
          relatedId: sessionId,
        },
      ],
      ctx.now,
    );
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'discharge_instruction_link',
      entityId: id,
      patientId: session.patient_id,
      details: { sessionId, channel: 'email' },
    });
    return id;
  });
  return { linkId, sentTo: 'email', expiresAt: expiresAt.toISOString() };
}

export type OpenInstructions = {
  instructions: StoredInstructions;
  route: 'iv-ketamine' | 'esketamine';
  /** The day of the session in the location's time zone, for the page's heading. */
  sessionDate: string;
  locationName: string;
  clinicPhone: string | null;
};

const REFUSED = 'This link has expired, was already used, or is not valid. Ask your clinic for a new one.';

/** Opens a link: unknown, expired and used-up links are refused alike, revealing nothing. */
export async function openInstructionLink(
  db: Executor,
  token: string,
  now: Date,
  request: { requestId: string | null; ip: string | null },
): Promise<OpenInstructions> {
  const link = /^[A-Za-z0-9_-]{20,100}$/.test(token)
    ? await db
        .selectFrom('discharge_instruction_links')
        .selectAll()
        .where('token_hash', '=', hashLinkToken(token))
        .executeTakeFirst()
    : undefined;
  const reopenUntil = link?.opened_at
    ? link.opened_at.getTime() + INSTRUCTION_LINK_REOPEN_MINUTES * 60_000
    : Number.POSITIVE_INFINITY;
  if (!link || link.expires_at <= now || now.getTime() > reopenUntil) {
    throw new AppError('not-found', REFUSED);
  }
  return db.transaction().execute(async (trx) => {
    if (!link.opened_at) {
      const first = await trx
        .updateTable('discharge_instruction_links')
        .set({ opened_at: now })
        .where('id', '=', link.id)
        .where('opened_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      // Two openings at once: the other one used it.
      if (!first) throw new AppError('not-found', REFUSED);
    }
    const row = await trx
      .selectFrom('treatment_sessions as s')
      .innerJoin('locations as l', (join) =>
        join.onRef('l.id', '=', 's.location_id').onRef('l.org_id', '=', 's.org_id'),
      )
      .select([
        's.route',
        's.discharge_instructions',
        'l.name as location_name',
        'l.time_zone',
        's.discharged_at',
      ])
      .where('s.org_id', '=', link.org_id)
      .where('s.id', '=', link.session_id)
      .executeTakeFirstOrThrow();
    const settings = await readSettings(trx, link.org_id);
    const ctx: Ctx = { db, orgId: link.org_id, user: null, now, ...request };
    await audit(trx, ctx, {
      action: 'read',
      entityType: 'treatment_session',
      entityId: link.session_id,
      patientId: link.patient_id,
      details: { via: 'discharge-instructions-link', linkId: link.id },
    });
    const instructions = row.discharge_instructions as StoredInstructions;
    return {
      instructions,
      route: row.route,
      sessionDate: new Intl.DateTimeFormat('en-US', {
        dateStyle: 'long',
        timeZone: row.time_zone,
      }).format(row.discharged_at ?? now),
      locationName: row.location_name,
      clinicPhone: instructions.clinicPhone ?? settings.clinicPhone,
    };
  });
}
