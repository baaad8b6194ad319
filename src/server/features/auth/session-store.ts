import { createHash, randomBytes } from 'node:crypto';
import type { Executor } from '../../context.ts';
import { prepared } from '../../db/connect.ts';
import type { Role } from '../../db/schema.ts';

export type SessionRecord = {
  id: string;
  orgId: string;
  userId: string;
  email: string;
  name: string;
  roles: Role[];
  csrfToken: string;
  restricted: boolean;
  lastSeenAt: Date;
  absoluteExpiresAt: Date;
  mfaEnrolled: boolean;
};

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  db: Executor,
  input: { orgId: string; userId: string; restricted: boolean; now: Date; absoluteSeconds: number },
): Promise<{ token: string; csrfToken: string; id: string }> {
  const token = newToken();
  const csrfToken = newToken();
  const row = await db
    .insertInto('sessions')
    .values({
      org_id: input.orgId,
      user_id: input.userId,
      token_hash: hashToken(token),
      csrf_token: csrfToken,
      restricted: input.restricted,
      created_at: input.now,
      last_seen_at: input.now,
      absolute_expires_at: new Date(input.now.getTime() + input.absoluteSeconds * 1000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { token, csrfToken, id: row.id };
}

/** Every signed-in request runs this, so it is a prepared statement. */
export async function findSessionByToken(db: Executor, token: string): Promise<SessionRecord | undefined> {
  const query = db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select((eb) => [
      's.id',
      's.org_id',
      's.user_id',
      'u.email',
      'u.name',
      's.csrf_token',
      's.restricted',
      's.last_seen_at',
      's.absolute_expires_at',
      'u.mfa_enrolled_at',
      eb
        .selectFrom('user_roles as r')
        .whereRef('r.user_id', '=', 'u.id')
        .select((e) => e.fn.agg<Role[]>('array_agg', ['r.role']).as('roles'))
        .as('roles'),
    ])
    .where('s.token_hash', '=', hashToken(token))
    .where('s.ended_at', 'is', null)
    .where('u.active', '=', true);
  const row = (await db.executeQuery(prepared('session-by-token', query.compile()))).rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    orgId: row.org_id,
    userId: row.user_id,
    email: row.email,
    name: row.name,
    roles: (row.roles ?? []).sort(),
    csrfToken: row.csrf_token,
    restricted: row.restricted,
    lastSeenAt: row.last_seen_at,
    absoluteExpiresAt: row.absolute_expires_at,
    mfaEnrolled: row.mfa_enrolled_at !== null,
  };
}

export async function touchSession(db: Executor, id: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function endSession(db: Executor, id: string, now: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ ended_at: now })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .execute();
}

export async function endUserSessions(db: Executor, userId: string, now: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ ended_at: now })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .execute();
}
