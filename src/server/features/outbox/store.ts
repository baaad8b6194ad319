import { sql } from 'kysely';
import type { Executor } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import type { OutboxTable } from '../../db/schema.ts';
import type { Delivery } from './channels.ts';

export type OutboxMessage = {
  orgId: string;
  kind: OutboxTable['kind'];
  channel: OutboxTable['channel'];
  recipient: string;
  subject: string;
  body: string;
  relatedId?: string | null;
};

/** Written in the caller's transaction, so a message exists exactly when its cause does. */
export async function enqueue(db: Executor, messages: OutboxMessage[], now: Date): Promise<string[]> {
  if (messages.length === 0) return [];
  const rows = await db
    .insertInto('outbox')
    .values(
      messages.map((m) => ({
        org_id: m.orgId,
        kind: m.kind,
        channel: m.channel,
        recipient: m.recipient,
        subject: m.subject,
        body: m.body,
        related_id: m.relatedId ?? null,
        created_at: now,
        next_attempt_at: now,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

// Retry after 1, 2, 4 … minutes, at most an hour apart; a page keeps trying until it goes.
function retryDelayMs(attempts: number): number {
  return Math.min(2 ** attempts, 60) * 60_000;
}

/** Sends what is due; each message in its own transaction, locked so two instances never both send it. */
export async function dispatchDue(db: Db, deliver: Delivery, now: () => Date, limit = 50): Promise<number> {
  let sent = 0;
  for (let i = 0; i < limit; i++) {
    const done = await db.transaction().execute(async (trx) => {
      const message = await trx
        .selectFrom('outbox')
        .selectAll()
        .where('sent_at', 'is', null)
        .where('next_attempt_at', '<=', now())
        .orderBy('next_attempt_at')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!message) return undefined;
      try {
        await deliver(message);
        await trx
          .updateTable('outbox')
          .set({ sent_at: now(), attempts: sql`attempts + 1`, last_error: null })
          .where('id', '=', message.id)
          .execute();
        return true;
      } catch (error) {
        await trx
          .updateTable('outbox')
          .set({
            attempts: sql`attempts + 1`,
            last_error: String((error as Error).message).slice(0, 300),
            next_attempt_at: new Date(now().getTime() + retryDelayMs(message.attempts)),
          })
          .where('id', '=', message.id)
          .execute();
        return false;
      }
    });
    if (done === undefined) break;
    if (done) sent += 1;
  }
  return sent;
}

export type OutboxView = {
  id: string;
  kind: string;
  channel: string;
  recipient: string;
  subject: string;
  createdAt: string;
  sentAt: string | null;
  attempts: number;
  lastError: string | null;
};

export async function listOutbox(
  db: Executor,
  orgId: string,
  limit: number,
  offset: number,
): Promise<OutboxView[]> {
  const rows = await db
    .selectFrom('outbox')
    .select([
      'id',
      'kind',
      'channel',
      'recipient',
      'subject',
      'created_at',
      'sent_at',
      'attempts',
      'last_error',
    ])
    .where('org_id', '=', orgId)
    .orderBy(sql`sent_at IS NULL`, 'desc')
    .orderBy('created_at', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    channel: r.channel,
    recipient: r.recipient,
    subject: r.subject,
    createdAt: r.created_at.toISOString(),
    sentAt: r.sent_at?.toISOString() ?? null,
    attempts: r.attempts,
    lastError: r.last_error,
  }));
}
