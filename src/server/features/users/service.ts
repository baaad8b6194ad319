import type { Ctx } from '../../context.ts';
import type { Role } from '../../db/schema.ts';
import { audit, auditAs } from '../../http/audit.ts';
import { requiresMfa } from '../../http/permissions.ts';
import { AppError } from '../../http/problem.ts';
import { hashPassword } from '../auth/password-hash.ts';
import { checkPassword, minimumPasswordLength } from '../auth/password-policy.ts';
import { endUserSessions, hashToken, newToken } from '../auth/session-store.ts';
import { checkRoles } from './roles.ts';
import {
  countOtherActiveAdmins,
  emailTaken,
  findUser,
  insertUser,
  listUsers as listUserRows,
  replaceRoles,
  type UserView,
} from './store.ts';

const INVITATION_DAYS = 7;

function rolesOrThrow(roles: Role[]): void {
  const problem = checkRoles(roles);
  if (problem) throw new AppError('validation-failed', problem.message, [problem]);
}

async function userOrThrow(ctx: Ctx, id: string): Promise<UserView> {
  const user = await findUser(ctx.db, ctx.orgId, id);
  if (!user) throw new AppError('not-found', 'No such user in this clinic.');
  return user;
}

export async function listUsers(ctx: Ctx): Promise<UserView[]> {
  return ctx.db.transaction().execute(async (trx) => {
    const users = await listUserRows(trx, ctx.orgId);
    await audit(
      trx,
      ctx,
      ...users.map((u) => ({ action: 'read' as const, entityType: 'user', entityId: u.id })),
    );
    return users;
  });
}

/** A directory, not account records: names and roles of active staff only. */
export async function listStaff(ctx: Ctx): Promise<{ id: string; name: string; roles: Role[] }[]> {
  const users = await listUserRows(ctx.db, ctx.orgId);
  return users
    .filter((u) => u.active && !u.roles.includes('patient'))
    .map((u) => ({ id: u.id, name: u.name, roles: u.roles }));
}

async function assertEmailFree(ctx: Ctx, email: string) {
  if (await emailTaken(ctx.db, email)) {
    throw new AppError('conflict', 'An account with this email already exists.', [
      { field: 'email', message: 'This email is already in use.' },
    ]);
  }
}

/** Creates the account without a password and returns a single-use link to set one. */
export async function inviteUser(
  ctx: Ctx,
  input: { email: string; name: string; roles: Role[] },
  baseUrl: string,
): Promise<{ user: UserView; inviteUrl: string }> {
  rolesOrThrow(input.roles);
  await assertEmailFree(ctx, input.email);
  const token = newToken();
  const user = await ctx.db.transaction().execute(async (trx) => {
    const id = await insertUser(trx, { ...input, orgId: ctx.orgId, passwordHash: null, now: ctx.now });
    await trx
      .insertInto('invitations')
      .values({
        org_id: ctx.orgId,
        user_id: id,
        token_hash: hashToken(token),
        created_by: ctx.user?.id ?? null,
        created_at: ctx.now,
        expires_at: new Date(ctx.now.getTime() + INVITATION_DAYS * 86_400_000),
      })
      .execute();
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'user',
      entityId: id,
      details: { roles: input.roles, via: 'invitation' },
    });
    return (await findUser(trx, ctx.orgId, id)) as UserView;
  });
  return { user, inviteUrl: `${baseUrl.replace(/\/$/, '')}/app/invite/${token}` };
}

/** For the CLI and the demo seed: an account with a password set straight away. */
export async function createUserWithPassword(
  ctx: Ctx,
  input: { email: string; name: string; roles: Role[]; password: string },
): Promise<UserView> {
  rolesOrThrow(input.roles);
  const weak = checkPassword(input.password, { usesMfa: requiresMfa(input.roles), email: input.email });
  if (weak) throw new AppError('validation-failed', weak, [{ field: 'password', message: weak }]);
  await assertEmailFree(ctx, input.email);
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertUser(trx, { ...input, orgId: ctx.orgId, passwordHash, now: ctx.now });
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'user',
      entityId: id,
      details: { roles: input.roles },
    });
    return (await findUser(trx, ctx.orgId, id)) as UserView;
  });
}

export async function changeRoles(ctx: Ctx, id: string, roles: Role[]): Promise<UserView> {
  rolesOrThrow(roles);
  const before = await userOrThrow(ctx, id);
  if (before.roles.includes('admin') && !roles.includes('admin') && before.active) {
    if ((await countOtherActiveAdmins(ctx.db, ctx.orgId, id)) === 0) {
      throw new AppError(
        'conflict',
        'The clinic needs at least one active admin; make someone else admin first.',
      );
    }
  }
  return ctx.db.transaction().execute(async (trx) => {
    await replaceRoles(trx, ctx.orgId, id, roles);
    await trx.updateTable('users').set({ updated_at: ctx.now }).where('id', '=', id).execute();
    // New privileges start with a new sign-in, which also enforces MFA enrolment when now required.
    await endUserSessions(trx, id, ctx.now);
    await audit(trx, ctx, {
      action: 'permission-change',
      entityType: 'user',
      entityId: id,
      details: { from: before.roles, to: [...roles].sort() },
    });
    return (await findUser(trx, ctx.orgId, id)) as UserView;
  });
}

export async function setActive(ctx: Ctx, id: string, active: boolean): Promise<UserView> {
  const before = await userOrThrow(ctx, id);
  if (!active && id === ctx.user?.id)
    throw new AppError('conflict', 'You cannot deactivate your own account.');
  if (
    !active &&
    before.roles.includes('admin') &&
    (await countOtherActiveAdmins(ctx.db, ctx.orgId, id)) === 0
  ) {
    throw new AppError('conflict', 'The clinic needs at least one active admin.');
  }
  return ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ active, updated_at: ctx.now }).where('id', '=', id).execute();
    if (!active) await endUserSessions(trx, id, ctx.now);
    await audit(trx, ctx, { action: 'update', entityType: 'user', entityId: id, details: { active } });
    return (await findUser(trx, ctx.orgId, id)) as UserView;
  });
}

async function findOpenInvitation(ctx: Ctx, token: string) {
  const row = await ctx.db
    .selectFrom('invitations as i')
    .innerJoin('users as u', 'u.id', 'i.user_id')
    .select(['i.id', 'i.org_id', 'i.user_id', 'u.email', 'u.name', 'i.expires_at', 'i.used_at'])
    .where('i.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.used_at || row.expires_at <= ctx.now) {
    throw new AppError(
      'not-found',
      'This invitation link is not valid any more; ask your admin for a new one.',
    );
  }
  const roles = (
    await ctx.db.selectFrom('user_roles').select('role').where('user_id', '=', row.user_id).execute()
  ).map((r) => r.role);
  return { ...row, roles };
}

export async function describeInvitation(ctx: Ctx, token: string) {
  const invitation = await findOpenInvitation(ctx, token);
  return {
    email: invitation.email,
    name: invitation.name,
    passwordMinLength: minimumPasswordLength(requiresMfa(invitation.roles)),
  };
}

export async function acceptInvitation(ctx: Ctx, token: string, password: string): Promise<void> {
  const invitation = await findOpenInvitation(ctx, token);
  const weak = checkPassword(password, { usesMfa: requiresMfa(invitation.roles), email: invitation.email });
  if (weak) throw new AppError('validation-failed', weak, [{ field: 'password', message: weak }]);
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('invitations')
      .set({ used_at: ctx.now })
      .where('id', '=', invitation.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (used.numUpdatedRows === 0n) throw new AppError('not-found', 'This invitation link was already used.');
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: ctx.now })
      .where('id', '=', invitation.user_id)
      .execute();
    await auditAs(
      trx,
      ctx,
      { orgId: invitation.org_id, id: invitation.user_id, email: invitation.email, roles: invitation.roles },
      {
        action: 'update',
        entityType: 'user',
        entityId: invitation.user_id,
        details: { field: 'password', via: 'invitation' },
      },
    );
  });
}
