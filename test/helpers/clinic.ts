import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import type { Db } from '../../src/server/db/connect.ts';
import type { Role } from '../../src/server/db/schema.ts';
import { hashPassword } from '../../src/server/features/auth/password-hash.ts';
import { newTotpSecret, timeStep, totpAt } from '../../src/server/features/auth/totp.ts';
import { createOrganisation } from '../../src/server/features/orgs/store.ts';
import { ROLES } from '../../src/server/http/permissions.ts';
import type { App } from '../../src/server/http/types.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export const TEST_PASSWORD = 'quiet-river-stone-lamp-9';
let passwordHash: Promise<string> | undefined;

export type TestUser = { id: string; email: string; role: Role; mfaSecret: string | null };
export type Clinic = { orgId: string; users: Record<Role, TestUser> };

/** An organisation with one user per role, all with TEST_PASSWORD; admin and prescriber enrolled in MFA. */
export async function seedClinic(db: Db, name = 'Test Clinic', isPrimary = true): Promise<Clinic> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = await passwordHash;
  const orgId = await createOrganisation(db, { name, isPrimary });
  const slug = name.toLowerCase().replace(/[^a-z]+/g, '-');
  const users = {} as Record<Role, TestUser>;
  for (const role of ROLES) {
    const mfaSecret = role === 'admin' || role === 'prescriber' ? newTotpSecret() : null;
    const email = `${role.replace('_', '-')}@${slug}.test`;
    const { id } = await db
      .insertInto('users')
      .values({
        org_id: orgId,
        email,
        name: `${role} user`,
        password_hash: hash,
        mfa_secret: mfaSecret,
        mfa_enrolled_at: mfaSecret ? new Date() : null,
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('user_roles').values({ org_id: orgId, user_id: id, role }).execute();
    users[role] = { id, email, role, mfaSecret };
  }
  return { orgId, users };
}

export type Clock = { now: Date; advance(seconds: number): void };

export function createClock(start = new Date()): Clock {
  const clock: Clock = {
    now: start,
    advance(seconds) {
      clock.now = new Date(clock.now.getTime() + seconds * 1000);
    },
  };
  return clock;
}

export type TestContext = {
  app: App;
  database: TestDatabase;
  clinic: Clinic;
  clock: Clock;
  close(): Promise<void>;
};

export async function createTestApp(env: Record<string, string> = {}): Promise<TestContext> {
  const database = await createTestDatabase();
  const clinic = await seedClinic(database.db);
  const clock = createClock();
  const config = loadConfig({ DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', ...env });
  const app = await buildApp({ db: database.db, config, now: () => clock.now, logger: false });
  await app.ready();
  return {
    app,
    database,
    clinic,
    clock,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

export type Session = { cookie: string; csrf: string; headers: Record<string, string> };

function cookiesFrom(setCookie: string | string[] | undefined): Record<string, string> {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return Object.fromEntries(list.map((c) => c.split(';')[0]?.split('=') as [string, string]));
}

export function sessionFromResponse(setCookie: string | string[] | undefined): Session {
  const cookies = cookiesFrom(setCookie);
  const cookie = `kf_session=${cookies.kf_session}; kf_csrf=${cookies.kf_csrf}`;
  const csrf = cookies.kf_csrf ?? '';
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

export function currentTotp(secret: string, now: Date): string {
  return totpAt(secret, timeStep(now));
}

/** Signs in as the clinic's user of that role (with a fresh TOTP code where enrolled). */
export async function signIn(t: TestContext, role: Role): Promise<Session> {
  const user = t.clinic.users[role];
  // Each code is single-use; tests sign in many times within one 30-second step.
  await t.database.db.updateTable('users').set({ mfa_last_step: null }).where('id', '=', user.id).execute();
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: {
      email: user.email,
      password: TEST_PASSWORD,
      ...(user.mfaSecret ? { totp: currentTotp(user.mfaSecret, t.clock.now) } : {}),
    },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in as ${role} failed: ${response.body}`);
  return sessionFromResponse(response.headers['set-cookie']);
}
