import type { Ctx } from '../../context.ts';
import { can } from '../../http/permissions.ts';
import { AppError, type FieldError } from '../../http/problem.ts';
import { confirmIdentity } from '../auth/service.ts';

export type WitnessInput = { email: string; password: string; totp?: string | undefined };
export type Witness = { id: string; name: string };

function invalid(fields: FieldError[]): AppError {
  return new AppError('validation-failed', fields.map((f) => f.message).join(' '), fields);
}

/**
 * Each witness is another active staff member allowed to handle stock, different from the actor
 * and from each other, who proves who they are now (password, and TOTP where enrolled): a name
 * typed in is not a witness. Checked before anything is written, so a failure writes nothing.
 */
export async function authenticateWitnesses(
  ctx: Ctx,
  witnesses: WitnessInput[],
  required: number,
): Promise<Witness[]> {
  const actor = ctx.user;
  if (!actor) throw new AppError('unauthenticated', 'Sign in first.');
  if (witnesses.length < required) {
    throw invalid([
      {
        field: 'body.witnesses',
        message: `This entry needs ${required} witness${required === 1 ? '' : 'es'} who sign in here now.`,
      },
    ]);
  }
  const seen = new Set<string>([actor.email.toLowerCase()]);
  const fields: FieldError[] = [];
  for (const [i, w] of witnesses.entries()) {
    const email = w.email.toLowerCase();
    if (email === actor.email.toLowerCase()) {
      fields.push({
        field: `body.witnesses.${i}.email`,
        message: 'A witness must be someone other than you.',
      });
    } else if (seen.has(email)) {
      fields.push({
        field: `body.witnesses.${i}.email`,
        message: 'Each witness must be a different person.',
      });
    }
    seen.add(email);
  }
  if (fields.length) throw invalid(fields);

  const confirmed: Witness[] = [];
  for (const [i, w] of witnesses.entries()) {
    const check = await confirmIdentity(ctx, w);
    if (!check.ok) {
      throw invalid([
        check.failed === 'password'
          ? {
              field: `body.witnesses.${i}.password`,
              message: 'The witness’s email or password is not right.',
            }
          : {
              field: `body.witnesses.${i}.totp`,
              message: 'The witness uses two-factor sign-in: enter a current code from their authenticator.',
            },
      ]);
    }
    const user = check.user;
    const allowed = can(user.roles, 'inventory:record') || can(user.roles, 'inventory:manage');
    if (user.orgId !== ctx.orgId || !allowed) {
      throw invalid([
        {
          field: `body.witnesses.${i}.email`,
          message: 'This person may not witness controlled-substance records.',
        },
      ]);
    }
    if (user.id === actor.id || confirmed.some((c) => c.id === user.id)) {
      throw invalid([
        { field: `body.witnesses.${i}.email`, message: 'Each witness must be a different person.' },
      ]);
    }
    confirmed.push({ id: user.id, name: user.name });
  }
  return confirmed;
}
