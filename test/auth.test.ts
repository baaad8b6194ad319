import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAll } from '../src/server/features/audit/sealer.ts';
import {
  createTestApp,
  currentTotp,
  sessionFromResponse,
  signIn,
  TEST_PASSWORD,
  type TestContext,
} from './helpers/clinic.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp({ SESSION_IDLE_TIMEOUT_SECONDS: '900' });
});
afterAll(() => t.close());

const login = (payload: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: payload as object });

async function auditActions(userId: string) {
  await sealAll(t.database.db);
  return (
    await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'outcome'])
      .where('user_id', '=', userId)
      .orderBy('seq')
      .execute()
  ).map((r) => `${r.action}:${r.outcome}`);
}

describe('sign-in', () => {
  it('signs in with a password alone when the role does not require MFA, and /me answers', async () => {
    const res = await login({ email: t.clinic.users.nurse.email, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      email: t.clinic.users.nurse.email,
      roles: ['nurse'],
      orgId: t.clinic.orgId,
    });
    expect(body.permissions).toEqual(expect.arrayContaining(['patients:read', 'measures:record']));
    expect(body.permissions).not.toContain('users:manage');
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    expect(setCookie.find((c) => c.startsWith('kf_session='))).toMatch(/HttpOnly/i);
    expect(setCookie.find((c) => c.startsWith('kf_session='))).toMatch(/SameSite=Strict/i);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: sessionFromResponse(res.headers['set-cookie']).headers,
    });
    expect(me.json()).toEqual(body);
  });

  it('does not store the session token in clear', async () => {
    const session = await signIn(t, 'therapist');
    const token = session.cookie.match(/kf_session=([^;]+)/)?.[1] as string;
    const rows = await t.database.db.selectFrom('sessions').select('token_hash').execute();
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('refuses a wrong password with 401 problem+json and audits the failure', async () => {
    const res = await login({ email: t.clinic.users.therapist.email, password: 'not-the-password-at-all' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().type).toBe('/problems/unauthenticated');
    expect(await auditActions(t.clinic.users.therapist.id)).toContain('failed-sign-in:failure');
  });

  it('answers an unknown email exactly like a wrong password', async () => {
    const res = await login({ email: 'nobody@nowhere.test', password: 'whatever-password-here' });
    expect(res.statusCode).toBe(401);
    expect(res.json().type).toBe('/problems/unauthenticated');
  });

  it('asks for the second factor with /problems/mfa-required when only the code is missing', async () => {
    const res = await login({ email: t.clinic.users.admin.email, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(401);
    expect(res.json().type).toBe('/problems/mfa-required');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('accepts a TOTP code once and refuses its replay', async () => {
    const admin = t.clinic.users.admin;
    await t.database.db
      .updateTable('users')
      .set({ mfa_last_step: null })
      .where('id', '=', admin.id)
      .execute();
    const code = currentTotp(admin.mfaSecret as string, t.clock.now);
    const first = await login({ email: admin.email, password: TEST_PASSWORD, totp: code });
    expect(first.statusCode).toBe(200);
    const replay = await login({ email: admin.email, password: TEST_PASSWORD, totp: code });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().type).toBe('/problems/mfa-required');
  });

  it('signs out on the server: the old cookie stops working', async () => {
    const session = await signIn(t, 'front_desk');
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: session.headers });
    expect(out.statusCode).toBe(204);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: session.headers });
    expect(me.statusCode).toBe(401);
    expect(await auditActions(t.clinic.users.front_desk.id)).toContain('sign-out:success');
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const session = await signIn(t, 'front_desk');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: session.cookie },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().type).toBe('/problems/csrf-failed');
    const still = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: session.headers });
    expect(still.statusCode).toBe(200);
  });

  it('issues a new token at every sign-in', async () => {
    const a = await signIn(t, 'nurse');
    const b = await signIn(t, 'nurse');
    expect(a.cookie).not.toBe(b.cookie);
  });
});

describe('MFA enrolment', () => {
  it('gives an admin without MFA a restricted session that can only enrol, then a full one', async () => {
    const email = 'new-admin@test-clinic.test';
    const admin = await signIn(t, 'admin');
    const invite = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload: { email, name: 'New Admin', roles: ['admin'] },
    });
    expect(invite.statusCode).toBe(201);
    const token = new URL(invite.json().inviteUrl).pathname.split('/').at(-1);
    const accept = await t.app.inject({
      method: 'POST',
      url: `/api/v1/invitations/${token}/accept`,
      payload: { password: 'short-but-mfa' },
    });
    expect(accept.statusCode).toBe(204);

    const res = await login({ email, password: 'short-but-mfa' });
    expect(res.statusCode).toBe(200);
    expect(res.json().mfaEnrollmentRequired).toBe(true);
    const restricted = sessionFromResponse(res.headers['set-cookie']);
    const blocked = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: restricted.headers });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().type).toBe('/problems/mfa-enrollment-required');

    const setup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/setup',
      headers: restricted.headers,
    });
    expect(setup.statusCode).toBe(200);
    const { secret, qrCodeDataUrl, otpauthUri } = setup.json();
    expect(qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(otpauthUri).toContain(`secret=${secret}`);

    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/confirm',
      headers: restricted.headers,
      payload: { code: '000000' },
    });
    expect(wrong.statusCode).toBe(400);

    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/confirm',
      headers: restricted.headers,
      payload: { code: currentTotp(secret, t.clock.now) },
    });
    expect(confirm.statusCode).toBe(200);
    const { recoveryCodes } = confirm.json();
    expect(recoveryCodes).toHaveLength(10);
    const full = sessionFromResponse(confirm.headers['set-cookie']);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: full.headers })).statusCode,
    ).toBe(200);
    // The restricted token was replaced.
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: restricted.headers })).statusCode,
    ).toBe(401);

    // A recovery code works once in place of the authenticator.
    const withRecovery = await login({ email, password: 'short-but-mfa', totp: recoveryCodes[0] });
    expect(withRecovery.statusCode).toBe(200);
    const again = await login({ email, password: 'short-but-mfa', totp: recoveryCodes[0] });
    expect(again.statusCode).toBe(401);
  });
});

describe('session time-outs', () => {
  it('locks after the idle time-out; the password resumes the same session', async () => {
    const session = await signIn(t, 'nurse');
    t.clock.advance(901);
    const locked = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: session.headers });
    expect(locked.statusCode).toBe(401);
    expect(locked.json().type).toBe('/problems/session-locked');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/unlock',
      headers: session.headers,
      payload: { password: 'wrong-password-here' },
    });
    expect(wrong.statusCode).toBe(401);
    const unlock = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/unlock',
      headers: session.headers,
      payload: { password: TEST_PASSWORD },
    });
    expect(unlock.statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: session.headers })).statusCode,
    ).toBe(200);
  });

  it('keeps a session alive while it is used, and "stay signed in" extends it', async () => {
    const session = await signIn(t, 'nurse');
    for (let i = 0; i < 3; i++) {
      t.clock.advance(600);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/session/extend',
        headers: session.headers,
      });
      expect(res.statusCode).toBe(200);
    }
  });

  it('ends every session after its absolute lifetime of 12 hours', async () => {
    const session = await signIn(t, 'nurse');
    // Used every 10 minutes, so never idle: 71 checks take it to 11 h 50 min.
    for (let i = 0; i < 71; i++) {
      t.clock.advance(600);
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: session.headers })).statusCode,
      ).toBe(200);
    }
    t.clock.advance(600);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: session.headers });
    expect(res.statusCode).toBe(401);
    expect(res.json().type).toBe('/problems/unauthenticated');
  });
});

describe('throttling', () => {
  it('answers 429 with Retry-After after repeated failures for one account, even with the right password', async () => {
    const email = t.clinic.users.patient.email;
    for (let i = 0; i < 5; i++)
      expect((await login({ email, password: `wrong-password-${i}-xx` })).statusCode).toBe(401);
    const blocked = await login({ email, password: TEST_PASSWORD });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.json().type).toBe('/problems/too-many-requests');
    t.clock.advance(15 * 60 + 1);
    expect((await login({ email, password: TEST_PASSWORD })).statusCode).toBe(200);
  });
});

describe('asking about the session', () => {
  it('is not activity: polling GET /auth/session does not keep an idle session open', async () => {
    const session = await signIn(t, 'nurse');
    for (let i = 0; i < 4; i++) {
      t.clock.advance(200);
      const info = await t.app.inject({
        method: 'GET',
        url: '/api/v1/auth/session',
        headers: session.headers,
      });
      expect(info.statusCode).toBe(200);
    }
    t.clock.advance(200);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: session.headers });
    expect(me.json().type).toBe('/problems/session-locked');
  });
});

describe('the alert badge', () => {
  it('polls /alerts/summary without keeping an idle session open', async () => {
    const session = await signIn(t, 'nurse');
    for (let i = 0; i < 4; i++) {
      t.clock.advance(200);
      expect(
        (await t.app.inject({ url: '/api/v1/alerts/summary', headers: session.headers })).statusCode,
      ).toBe(200);
    }
    t.clock.advance(200);
    expect((await t.app.inject({ url: '/api/v1/me', headers: session.headers })).json().type).toBe(
      '/problems/session-locked',
    );
  });
});
