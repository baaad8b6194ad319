import { createHash, randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import type { Ctx } from '../../context.ts';
import type { Role } from '../../db/schema.ts';
import { audit, auditAs } from '../../http/audit.ts';
import { type Permission, permissionsOf, requiresMfa } from '../../http/permissions.ts';
import { AppError } from '../../http/problem.ts';
import { checkRateLimit, clearRateLimit, hitRateLimit, type RateLimitRule } from '../../http/rate-limit.ts';
import { findPrimaryOrgId } from '../orgs/store.ts';
import { DUMMY_HASH_PROMISE, verifyPassword } from './password-hash.ts';
import { createSession, endSession, type SessionRecord, touchSession } from './session-store.ts';
import { matchTotp, newTotpSecret, otpauthUri } from './totp.ts';

/**
 * Clinic-policy defaults (not from a clinical source): failed sign-ins allowed per account and per IP
 * address in a 15-minute window before further attempts get 429.
 */
export const LOGIN_LIMITS = {
  account: { max: 5, windowSeconds: 15 * 60 } satisfies RateLimitRule,
  ip: { max: 30, windowSeconds: 15 * 60 } satisfies RateLimitRule,
};

export type Me = {
  id: string;
  email: string;
  name: string;
  orgId: string;
  roles: Role[];
  mfaEnrolled: boolean;
  mfaEnrollmentRequired: boolean;
  /** What the roles allow, so the web app shows only what the server will let the user do. */
  permissions: Permission[];
};

type UserForLogin = {
  id: string;
  org_id: string;
  email: string;
  name: string;
  password_hash: string | null;
  active: boolean;
  mfa_secret: string | null;
  mfa_enrolled_at: Date | null;
  mfa_last_step: string | null;
  roles: Role[];
};

async function findUserByEmail(ctx: Ctx, email: string): Promise<UserForLogin | undefined> {
  const row = await ctx.db
    .selectFrom('users as u')
    .select((eb) => [
      'u.id',
      'u.org_id',
      'u.email',
      'u.name',
      'u.password_hash',
      'u.active',
      'u.mfa_secret',
      'u.mfa_enrolled_at',
      'u.mfa_last_step',
      eb
        .selectFrom('user_roles as r')
        .whereRef('r.user_id', '=', 'u.id')
        .select((e) => e.fn.agg<Role[]>('array_agg', ['r.role']).as('roles'))
        .as('roles'),
    ])
    .where('u.email', '=', email.toLowerCase())
    .executeTakeFirst();
  return row ? { ...row, roles: (row.roles ?? []).sort() } : undefined;
}

export function toMe(
  session: Pick<
    SessionRecord,
    'userId' | 'email' | 'name' | 'orgId' | 'roles' | 'mfaEnrolled' | 'restricted'
  >,
): Me {
  return {
    id: session.userId,
    email: session.email,
    name: session.name,
    orgId: session.orgId,
    roles: session.roles,
    mfaEnrolled: session.mfaEnrolled,
    mfaEnrollmentRequired: session.restricted,
    permissions: permissionsOf(session.roles),
  };
}

function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');
}

async function throttleOrThrow(ctx: Ctx, email: string): Promise<void> {
  const waits = await Promise.all([
    checkRateLimit(ctx.db, `login:account:${email}`, LOGIN_LIMITS.account, ctx.now),
    checkRateLimit(ctx.db, `login:ip:${ctx.ip}`, LOGIN_LIMITS.ip, ctx.now),
  ]);
  const wait = Math.max(...waits);
  if (wait > 0) {
    throw new AppError(
      'too-many-requests',
      'Too many failed sign-ins; wait before trying again.',
      undefined,
      {
        'retry-after': String(wait),
      },
    );
  }
}

async function recordFailure(ctx: Ctx, email: string, user: UserForLogin | undefined, reason: string) {
  await ctx.db.transaction().execute(async (trx) => {
    await hitRateLimit(trx, `login:account:${email}`, LOGIN_LIMITS.account, ctx.now);
    await hitRateLimit(trx, `login:ip:${ctx.ip}`, LOGIN_LIMITS.ip, ctx.now);
    // An unknown email belongs to no clinic: its failures go to the installation's primary chain.
    const orgId = user?.org_id ?? (await findPrimaryOrgId(trx));
    if (orgId) {
      await auditAs(
        trx,
        ctx,
        { orgId, id: user?.id, email: user?.email, roles: user?.roles },
        { action: 'failed-sign-in', entityType: 'session', outcome: 'failure', details: { reason } },
      );
    }
  });
}

/** Checks a TOTP or a recovery code and consumes it; returns false when neither matches. */
async function acceptSecondFactor(ctx: Ctx, user: UserForLogin, code: string): Promise<boolean> {
  if (!user.mfa_secret || !user.mfa_enrolled_at) return false;
  const step = matchTotp(
    user.mfa_secret,
    code.trim(),
    ctx.now,
    user.mfa_last_step === null ? null : Number(user.mfa_last_step),
  );
  if (step !== undefined) {
    // The conditional update makes a replay of the same code in a racing request fail too.
    const updated = await ctx.db
      .updateTable('users')
      .set({ mfa_last_step: step })
      .where('id', '=', user.id)
      .where((eb) => eb.or([eb('mfa_last_step', 'is', null), eb('mfa_last_step', '<', String(step))]))
      .executeTakeFirst();
    return updated.numUpdatedRows > 0n;
  }
  const used = await ctx.db
    .updateTable('recovery_codes')
    .set({ used_at: ctx.now })
    .where('user_id', '=', user.id)
    .where('code_hash', '=', hashRecoveryCode(code))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return used.numUpdatedRows > 0n;
}

export type LoginResult = { me: Me; token: string; csrfToken: string };

export async function login(
  ctx: Ctx,
  input: { email: string; password: string; totp?: string | undefined },
  absoluteSeconds: number,
): Promise<LoginResult> {
  const email = input.email.toLowerCase();
  await throttleOrThrow(ctx, email);
  const user = await findUserByEmail(ctx, email);
  // An unknown or inactive account costs the same hashing time as a real one, so timing reveals nothing.
  const storedHash = user?.active && user.password_hash ? user.password_hash : undefined;
  const hashMatches = await verifyPassword(input.password, storedHash ?? (await DUMMY_HASH_PROMISE));
  const passwordOk = storedHash !== undefined && hashMatches;
  if (!user || !passwordOk) {
    await recordFailure(
      ctx,
      email,
      user,
      user ? (user.active ? 'wrong password' : 'account inactive') : 'unknown email',
    );
    throw new AppError('unauthenticated', 'The email or password is not right.');
  }
  if (user.mfa_enrolled_at) {
    if (!input.totp)
      throw new AppError('mfa-required', 'Enter the 6-digit code from your authenticator app.');
    if (!(await acceptSecondFactor(ctx, user, input.totp))) {
      await recordFailure(ctx, email, user, 'wrong second factor');
      throw new AppError('mfa-required', 'That code did not match; enter a current code or a recovery code.');
    }
  }
  const restricted = requiresMfa(user.roles) && !user.mfa_enrolled_at;
  return ctx.db.transaction().execute(async (trx) => {
    await clearRateLimit(trx, `login:account:${email}`);
    const session = await createSession(trx, {
      orgId: user.org_id,
      userId: user.id,
      restricted,
      now: ctx.now,
      absoluteSeconds,
    });
    await trx.updateTable('users').set({ last_sign_in_at: ctx.now }).where('id', '=', user.id).execute();
    await auditAs(
      trx,
      ctx,
      { orgId: user.org_id, id: user.id, email: user.email, roles: user.roles },
      { action: 'sign-in', entityType: 'session', entityId: session.id, details: { restricted } },
    );
    return {
      token: session.token,
      csrfToken: session.csrfToken,
      me: {
        id: user.id,
        email: user.email,
        name: user.name,
        orgId: user.org_id,
        roles: user.roles,
        mfaEnrolled: user.mfa_enrolled_at !== null,
        mfaEnrollmentRequired: restricted,
        permissions: permissionsOf(user.roles),
      },
    };
  });
}

export async function logout(ctx: Ctx, session: SessionRecord): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await endSession(trx, session.id, ctx.now);
    await audit(trx, ctx, { action: 'sign-out', entityType: 'session', entityId: session.id });
  });
}

/** Re-entering the password resumes a session locked by inactivity, keeping the page as it was. */
export async function unlock(ctx: Ctx, session: SessionRecord, password: string): Promise<void> {
  await throttleOrThrow(ctx, session.email);
  const user = await findUserByEmail(ctx, session.email);
  if (!user?.password_hash || !(await verifyPassword(password, user.password_hash))) {
    await recordFailure(ctx, session.email, user, 'wrong password on unlock');
    throw new AppError('session-locked', 'That password is not right.');
  }
  await ctx.db.transaction().execute(async (trx) => {
    await touchSession(trx, session.id, ctx.now);
    await audit(trx, ctx, {
      action: 'sign-in',
      entityType: 'session',
      entityId: session.id,
      details: { unlock: true },
    });
  });
}

export async function extendSession(ctx: Ctx, session: SessionRecord): Promise<void> {
  await touchSession(ctx.db, session.id, ctx.now);
  session.lastSeenAt = ctx.now;
}

export type MfaSetup = { secret: string; otpauthUri: string; qrCodeDataUrl: string };

export async function startMfaEnrolment(ctx: Ctx, session: SessionRecord): Promise<MfaSetup> {
  if (session.mfaEnrolled) throw new AppError('conflict', 'Two-factor authentication is already set up.');
  const secret = newTotpSecret();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ mfa_secret: secret, updated_at: ctx.now })
      .where('id', '=', session.userId)
      .execute();
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'user',
      entityId: session.userId,
      details: { field: 'mfa', step: 'started' },
    });
  });
  const uri = otpauthUri(secret, session.email, 'Ketaflow');
  return { secret, otpauthUri: uri, qrCodeDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 240 }) };
}

const RECOVERY_CODE_COUNT = 10;

function newRecoveryCode(): string {
  const raw = randomBytes(8).toString('hex');
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}-${raw.slice(12)}`;
}

/**
 * Confirms the authenticator with a first code, issues recovery codes, and replaces the restricted
 * session with a full one (a new token whenever privileges change).
 */
export async function confirmMfaEnrolment(
  ctx: Ctx,
  session: SessionRecord,
  code: string,
  absoluteSeconds: number,
): Promise<{ recoveryCodes: string[]; token: string; csrfToken: string }> {
  if (session.mfaEnrolled) throw new AppError('conflict', 'Two-factor authentication is already set up.');
  const user = await ctx.db
    .selectFrom('users')
    .select(['mfa_secret'])
    .where('id', '=', session.userId)
    .executeTakeFirstOrThrow();
  if (!user.mfa_secret) throw new AppError('conflict', 'Start the set-up first.');
  const step = matchTotp(user.mfa_secret, code.trim(), ctx.now, null);
  if (step === undefined) {
    throw new AppError('validation-failed', 'That code did not match.', [
      { field: 'code', message: 'Enter the current 6-digit code from your authenticator app.' },
    ]);
  }
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  return ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ mfa_enrolled_at: ctx.now, mfa_last_step: step, updated_at: ctx.now })
      .where('id', '=', session.userId)
      .execute();
    await trx.deleteFrom('recovery_codes').where('user_id', '=', session.userId).execute();
    await trx
      .insertInto('recovery_codes')
      .values(
        recoveryCodes.map((c) => ({
          org_id: session.orgId,
          user_id: session.userId,
          code_hash: hashRecoveryCode(c),
        })),
      )
      .execute();
    await endSession(trx, session.id, ctx.now);
    const next = await createSession(trx, {
      orgId: session.orgId,
      userId: session.userId,
      restricted: false,
      now: ctx.now,
      absoluteSeconds,
    });
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'user',
      entityId: session.userId,
      details: { field: 'mfa', step: 'enrolled' },
    });
    return { recoveryCodes, token: next.token, csrfToken: next.csrfToken };
  });
}

export type IdentityCheck =
  | { ok: true; user: { id: string; orgId: string; email: string; name: string; roles: Role[] } }
  | { ok: false; failed: 'password' | 'totp' };

/**
 * Confirms that a person present now is who they say (password, and a second factor when enrolled)
 * without starting a session: a witness co-signing a record. Failures count towards the same
 * throttle as sign-in and are audited as failed sign-ins.
 */
export async function confirmIdentity(
  ctx: Ctx,
  input: { email: string; password: string; totp?: string | undefined },
): Promise<IdentityCheck> {
  const email = input.email.toLowerCase();
  await throttleOrThrow(ctx, email);
  const user = await findUserByEmail(ctx, email);
  const storedHash = user?.active && user.password_hash ? user.password_hash : undefined;
  const hashMatches = await verifyPassword(input.password, storedHash ?? (await DUMMY_HASH_PROMISE));
  if (!user || storedHash === undefined || !hashMatches) {
    await recordFailure(ctx, email, user, 'wrong password when witnessing');
    return { ok: false, failed: 'password' };
  }
  if (user.mfa_enrolled_at && !(input.totp && (await acceptSecondFactor(ctx, user, input.totp)))) {
    await recordFailure(ctx, email, user, 'wrong second factor when witnessing');
    return { ok: false, failed: 'totp' };
  }
  return {
    ok: true,
    user: { id: user.id, orgId: user.org_id, email: user.email, name: user.name, roles: user.roles },
  };
}
