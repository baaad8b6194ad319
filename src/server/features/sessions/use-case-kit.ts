import type { ProtocolPhase } from '../../../domain/protocols/types.ts';
import type { Ctx, Executor } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { AppError } from '../../http/problem.ts';
import { announceBoardEvents } from './board-announcer.ts';
import type { BoardEvent } from './board-events.ts';
import { protocolPhaseOf } from './protocol-phase.ts';
import { findSession, type SessionRow } from './store.ts';
import { buildSessionView, type SessionView } from './view.ts';

/** What every session use case shares: access to the row, the locks, refusals and the board. */
export const MINUTE = 60_000;
/** A device clock a little ahead of the server's is tolerated; more is a wrong time. */
export const CLOCK_SKEW_MS = 2 * MINUTE;

export function invalid(field: string, message: string): AppError {
  return new AppError('validation-failed', message, [{ field, message }]);
}

export function requireUser(ctx: Ctx): string {
  if (!ctx.user) throw new AppError('unauthenticated', 'Sign in to continue.');
  return ctx.user.id;
}

export async function phaseOf(db: Executor, row: SessionRow): Promise<{ phase: ProtocolPhase }> {
  return { phase: await protocolPhaseOf(db, row) };
}

export async function sessionOrThrow(
  db: Executor,
  ctx: Ctx,
  id: string,
  lock: 'update' | 'share' | null = null,
) {
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

export function refuseIfSigned(row: Pick<SessionRow, 'signed_at'>): void {
  if (row.signed_at) {
    throw new AppError('conflict', 'The session note is signed and locked; add an addendum instead.');
  }
}

/** Refuses changes to a session that is over: signed, discharged, or ended without a discharge. */
export function refuseIfDischarged(row: Pick<SessionRow, 'signed_at' | 'status'>): void {
  refuseIfSigned(row);
  if (row.status === 'discharged') {
    throw new AppError(
      'conflict',
      'The patient has been discharged; add to the note when signing, or an addendum.',
    );
  }
  if (row.status === 'ended') {
    throw new AppError(
      'conflict',
      'The session has ended without a discharge: only readings taken before it ended can still be charted; add anything else to the note when signing, or as an addendum.',
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
export async function writeAndAnnounce<T>(
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
  await announceBoardEvents(ctx.db, events);
  return result;
}

/** Tells the board about a change that one statement, outside writeAndAnnounce, has committed. */
export async function announceCommitted(
  ctx: Ctx,
  row: Pick<SessionRow, 'id' | 'location_id'>,
  kind: string,
): Promise<void> {
  await announceBoardEvents(ctx.db, [
    { orgId: ctx.orgId, locationId: row.location_id, sessionId: row.id, kind },
  ]);
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

export async function viewAfterWrite(ctx: Ctx, id: string): Promise<SessionView> {
  const row = await sessionOrThrow(ctx.db, ctx, id);
  const { phase } = await phaseOf(ctx.db, row);
  return buildSessionView(ctx.db, row, phase, ctx.now);
}
