import type { Executor } from '../../context.ts';
import type { Role } from '../../db/schema.ts';

export type UserView = {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  active: boolean;
  mfaEnrolled: boolean;
  createdAt: string;
  lastSignInAt: string | null;
};

function baseQuery(db: Executor, orgId: string) {
  return db
    .selectFrom('users as u')
    .select((eb) => [
      'u.id',
      'u.email',
      'u.name',
      'u.active',
      'u.mfa_enrolled_at',
      'u.created_at',
      'u.last_sign_in_at',
      eb
        .selectFrom('user_roles as r')
        .whereRef('r.user_id', '=', 'u.id')
        .select((e) => e.fn.agg<Role[]>('array_agg', ['r.role']).as('roles'))
        .as('roles'),
    ])
    .where('u.org_id', '=', orgId);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function toView(row: Row): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: (row.roles ?? []).sort(),
    active: row.active,
    mfaEnrolled: row.mfa_enrolled_at !== null,
    createdAt: row.created_at.toISOString(),
    lastSignInAt: row.last_sign_in_at?.toISOString() ?? null,
  };
}

export async function listUsers(db: Executor, orgId: string): Promise<UserView[]> {
  return (await baseQuery(db, orgId).orderBy('u.name').orderBy('u.id').execute()).map(toView);
}

export async function findUser(db: Executor, orgId: string, id: string): Promise<UserView | undefined> {
  const row = await baseQuery(db, orgId).where('u.id', '=', id).executeTakeFirst();
  return row ? toView(row) : undefined;
}

export async function emailTaken(db: Executor, email: string): Promise<boolean> {
  return (
    (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) !== undefined
  );
}

export async function insertUser(
  db: Executor,
  input: {
    orgId: string;
    email: string;
    name: string;
    roles: Role[];
    passwordHash: string | null;
    now: Date;
  },
): Promise<string> {
  const { id } = await db
    .insertInto('users')
    .values({
      org_id: input.orgId,
      email: input.email,
      name: input.name,
      password_hash: input.passwordHash,
      created_at: input.now,
      updated_at: input.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceRoles(db, input.orgId, id, input.roles);
  return id;
}

export async function replaceRoles(
  db: Executor,
  orgId: string,
  userId: string,
  roles: Role[],
): Promise<void> {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  await db
    .insertInto('user_roles')
    .values(roles.map((role) => ({ org_id: orgId, user_id: userId, role })))
    .execute();
}

/** Active admins other than the given user: the clinic must never lose its last one. */
export async function countOtherActiveAdmins(db: Executor, orgId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('u.org_id', '=', orgId)
    .where('u.active', '=', true)
    .where('r.role', '=', 'admin')
    .where('u.id', '<>', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
