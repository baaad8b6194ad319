import { z } from 'zod';
import type { Ctx } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { AppError } from '../../http/problem.ts';
import { checkRateLimit, clearRateLimit, hitRateLimit, type RateLimitRule } from '../../http/rate-limit.ts';
import { verifyPassword } from '../auth/password-hash.ts';

/** Clinic-policy default: wrong passwords allowed when signing, per user, in 15 minutes. */
export const SIGNATURE_LIMIT: RateLimitRule = { max: 5, windowSeconds: 15 * 60 };

/** The signer's own password, re-entered to sign (never stored, never logged). */
export const SignaturePassword = z.string().min(1, 'Enter your password to sign.').max(200);

/** Who signed and when: the printed name is the account's name at the time of signing. */
export type Signer = { userId: string; printedName: string; signedAt: Date };

/** A signature as every signed record shows it (21 CFR 11.50). */
export type SignatureView = { printedName: string; signedAt: string; meaning: string; userId: string | null };

export function signatureView(
  printedName: string | null,
  signedAt: Date,
  meaning: string | null,
  userId: string | null,
): SignatureView | null {
  return printedName && meaning ? { printedName, signedAt: signedAt.toISOString(), meaning, userId } : null;
}

/**
 * Binds a signature to the signed-in user: they re-enter their own password, so nobody signs in
 * another person's name from an unattended session (21 CFR 11.200(a)). A wrong password is audited
 * and counted; too many answer 429.
 */
export async function confirmSigner(
  ctx: Ctx,
  password: string,
  signing: string,
  patientId: string | null,
): Promise<Signer> {
  const user = ctx.user;
  if (!user) throw new AppError('unauthenticated', 'Sign in to sign.');
  const key = `signature:user:${user.id}`;
  const wait = await checkRateLimit(ctx.db, key, SIGNATURE_LIMIT, ctx.now);
  if (wait > 0) {
    throw new AppError(
      'too-many-requests',
      'Too many wrong passwords; wait before signing again.',
      undefined,
      {
        'retry-after': String(wait),
      },
    );
  }
  const row = await ctx.db
    .selectFrom('users')
    .select(['name', 'password_hash', 'active'])
    .where('id', '=', user.id)
    .where('org_id', '=', ctx.orgId)
    .executeTakeFirst();
  const ok = Boolean(row?.active && row.password_hash && (await verifyPassword(password, row.password_hash)));
  if (!row || !ok) {
    await ctx.db.transaction().execute(async (trx) => {
      await hitRateLimit(trx, key, SIGNATURE_LIMIT, ctx.now);
      await audit(trx, ctx, {
        action: 'failed-sign-in',
        entityType: 'e-signature',
        patientId,
        outcome: 'failure',
        details: { reason: 'wrong password when signing', signing },
      });
    });
    throw new AppError('validation-failed', 'The password is not right: enter your own password to sign.', [
      { field: 'body.password', message: 'The password is not right.' },
    ]);
  }
  await clearRateLimit(ctx.db, key);
  return { userId: user.id, printedName: row.name, signedAt: ctx.now };
}
