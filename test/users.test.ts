import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAll } from '../src/server/features/audit/sealer.ts';
import {
  type Clinic,
  createTestApp,
  type Session,
  seedClinic,
  sessionFromResponse,
  signIn,
  TEST_PASSWORD,
  type TestContext,
} from './helpers/clinic.ts';

let t: TestContext;
let admin: Session;
let other: Clinic;
beforeAll(async () => {
  t = await createTestApp();
  other = await seedClinic(t.database.db, 'Other Clinic', false);
  admin = await signIn(t, 'admin');
});
afterAll(() => t.close());

type Response = Awaited<ReturnType<TestContext['app']['inject']>>;
const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers = admin.headers) =>
  t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const invite = (email: string, roles: string[], name = 'Invited Person') =>
  api('POST', '/api/v1/users', { email, name, roles });
const tokenOf = (res: Response) => new URL(res.json().inviteUrl).pathname.split('/').at(-1) as string;
const accept = (token: string, password: string) =>
  t.app.inject({ method: 'POST', url: `/api/v1/invitations/${token}/accept`, payload: { password } });
const login = (email: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
const fields = (res: Response) => (res.json().errors ?? []).map((e: { field: string }) => e.field);

/** Audit records sealed since `afterSeq` for this clinic. */
async function auditSince(afterSeq: number) {
  await sealAll(t.database.db);
  return t.database.db
    .selectFrom('audit_log')
    .selectAll()
    .where('org_id', '=', t.clinic.orgId)
    .where('seq', '>', String(afterSeq))
    .orderBy('seq')
    .execute();
}

async function auditHead(): Promise<number> {
  await sealAll(t.database.db);
  const row = await t.database.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('org_id', '=', t.clinic.orgId)
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

describe('invitations', () => {
  it('invites a user, describes the link, enforces the password rules, and works exactly once', async () => {
    const email = 'new.nurse@test-clinic.test';
    const res = await invite(email, ['nurse'], 'New Nurse');
    expect(res.statusCode).toBe(201);
    expect(res.json().user).toMatchObject({
      email,
      name: 'New Nurse',
      roles: ['nurse'],
      active: true,
      mfaEnrolled: false,
    });
    expect(res.json().inviteUrl).toMatch(/^https?:\/\/[^/]+\/app\/invite\/[A-Za-z0-9_-]{40,}$/);
    const token = tokenOf(res);

    const described = await t.app.inject({ method: 'GET', url: `/api/v1/invitations/${token}` });
    expect(described.statusCode).toBe(200);
    expect(described.json()).toEqual({ email, name: 'New Nurse', passwordMinLength: 15 });

    const short = await accept(token, 'short-password');
    expect(short.statusCode).toBe(400);
    expect(short.json().type).toBe('/problems/validation-failed');
    expect(fields(short)).toEqual(['password']);

    const common = 'qwerty123456789';
    const list = fs.readFileSync(
      new URL('../src/server/features/auth/common-passwords.txt', import.meta.url),
      'utf8',
    );
    expect(list.split('\n')).toContain(common);
    const refused = await accept(token, common);
    expect(refused.statusCode).toBe(400);
    expect(fields(refused)).toEqual(['password']);
    expect(refused.json().errors[0].message).toMatch(/common/);

    // Still unusable: no password was set by the refused attempts.
    expect((await login(email, common)).statusCode).toBe(401);

    const password = 'lantern-orchard-velvet-42';
    expect((await accept(token, password)).statusCode).toBe(204);
    expect((await login(email, password)).statusCode).toBe(200);

    const again = await accept(token, 'another-good-passphrase-7');
    expect(again.statusCode).toBe(404);
    expect(again.json().type).toBe('/problems/not-found');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/invitations/${token}` })).statusCode).toBe(404);
  });

  it('asks only 8 characters of a role that must use MFA', async () => {
    const res = await invite('second.prescriber@test-clinic.test', ['prescriber']);
    const described = await t.app.inject({ method: 'GET', url: `/api/v1/invitations/${tokenOf(res)}` });
    expect(described.json().passwordMinLength).toBe(8);
  });

  it('refuses an email that is already in use, whatever its case, with 409', async () => {
    const res = await invite(t.clinic.users.nurse.email.toUpperCase(), ['nurse']);
    expect(res.statusCode).toBe(409);
    expect(res.json().type).toBe('/problems/conflict');
    expect(fields(res)).toEqual(['email']);
  });

  it('refuses a patient account that also holds a staff role', async () => {
    const res = await invite('mixed@test-clinic.test', ['patient', 'nurse']);
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['roles']);
  });
});

describe('roles', () => {
  it('changes roles, audits the change with from and to, and ends that user’s sessions', async () => {
    const therapist = t.clinic.users.therapist;
    const theirs = await signIn(t, 'therapist');
    const head = await auditHead();
    const res = await api('PUT', `/api/v1/users/${therapist.id}/roles`, {
      roles: ['therapist', 'front_desk'],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().roles).toEqual(['front_desk', 'therapist']);

    const change = (await auditSince(head)).filter((r) => r.action === 'permission-change');
    expect(change).toHaveLength(1);
    expect(change[0]).toMatchObject({
      entity_type: 'user',
      entity_id: therapist.id,
      user_id: t.clinic.users.admin.id,
      outcome: 'success',
      details: { from: ['therapist'], to: ['front_desk', 'therapist'] },
    });

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: theirs.headers });
    expect(me.statusCode).toBe(401);
    const fresh = await signIn(t, 'therapist');
    const me2 = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: fresh.headers });
    expect(me2.json().roles).toEqual(['front_desk', 'therapist']);
  });

  it('refuses patient together with nurse', async () => {
    const res = await api('PUT', `/api/v1/users/${t.clinic.users.nurse.id}/roles`, {
      roles: ['patient', 'nurse'],
    });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['roles']);
  });

  it('refuses to remove the last active admin', async () => {
    const res = await api('PUT', `/api/v1/users/${t.clinic.users.admin.id}/roles`, { roles: ['nurse'] });
    expect(res.statusCode).toBe(409);
    expect(res.json().type).toBe('/problems/conflict');
    const stored = await t.database.db
      .selectFrom('user_roles')
      .select('role')
      .where('user_id', '=', t.clinic.users.admin.id)
      .execute();
    expect(stored.map((r) => r.role)).toEqual(['admin']);
  });
});

describe('deactivation', () => {
  it('refuses to deactivate yourself', async () => {
    const res = await api('POST', `/api/v1/users/${t.clinic.users.admin.id}/deactivate`);
    expect(res.statusCode).toBe(409);
    expect((await api('GET', '/api/v1/me')).statusCode).toBe(200);
  });

  it('ends the sessions of a deactivated user and refuses their sign-in, until reactivated', async () => {
    const user = t.clinic.users.front_desk;
    const theirs = await signIn(t, 'front_desk');
    const res = await api('POST', `/api/v1/users/${user.id}/deactivate`);
    expect(res.statusCode).toBe(200);
    expect(res.json().active).toBe(false);

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: theirs.headers });
    expect(me.statusCode).toBe(401);
    const refused = await login(user.email, TEST_PASSWORD);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().type).toBe('/problems/unauthenticated');

    const back = await api('POST', `/api/v1/users/${user.id}/reactivate`);
    expect(back.statusCode).toBe(200);
    expect(back.json().active).toBe(true);
    const ok = await login(user.email, TEST_PASSWORD);
    expect(ok.statusCode).toBe(200);
    const session = sessionFromResponse(ok.headers['set-cookie']);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: session.headers })).statusCode,
    ).toBe(200);
  });
});

describe('listing and organisation scope', () => {
  it('writes one audit read per account listed', async () => {
    const head = await auditHead();
    const res = await api('GET', '/api/v1/users');
    expect(res.statusCode).toBe(200);
    const ids = res
      .json()
      .items.map((u: { id: string }) => u.id)
      .sort();
    expect(ids.length).toBeGreaterThanOrEqual(6);
    const reads = (await auditSince(head)).filter((r) => r.action === 'read' && r.entity_type === 'user');
    expect(reads.map((r) => r.entity_id).sort()).toEqual(ids);
    expect(new Set(reads.map((r) => r.request_id)).size).toBe(1);
    expect(reads.every((r) => r.user_id === t.clinic.users.admin.id)).toBe(true);
  });

  it('never shows or changes an account of another organisation', async () => {
    const stranger = other.users.nurse;
    const list = await api('GET', '/api/v1/users');
    const emails = list.json().items.map((u: { email: string }) => u.email);
    expect(emails).toContain(t.clinic.users.nurse.email);
    expect(emails.some((e: string) => e.endsWith('@other-clinic.test'))).toBe(false);

    for (const [method, url, payload] of [
      ['PUT', `/api/v1/users/${stranger.id}/roles`, { roles: ['front_desk'] }],
      ['POST', `/api/v1/users/${stranger.id}/deactivate`, undefined],
      ['POST', `/api/v1/users/${other.users.admin.id}/reactivate`, undefined],
    ] as const) {
      const res = await api(method, url, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().type).toBe('/problems/not-found');
    }
    const roles = await t.database.db
      .selectFrom('user_roles')
      .select('role')
      .where('user_id', '=', stranger.id)
      .execute();
    expect(roles.map((r) => r.role)).toEqual(['nurse']);
    const row = await t.database.db
      .selectFrom('users')
      .select('active')
      .where('id', '=', stranger.id)
      .executeTakeFirstOrThrow();
    expect(row.active).toBe(true);
  });
});

describe('expiry', () => {
  it('refuses an invitation after 7 days', async () => {
    const token = tokenOf(await invite('late.nurse@test-clinic.test', ['nurse']));
    t.clock.advance(7 * 86_400 + 1);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/invitations/${token}` })).statusCode).toBe(404);
    expect((await accept(token, 'lantern-orchard-velvet-42')).statusCode).toBe(404);
  });
});
