import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createDb } from '../src/server/db/connect.ts';
import { createTestApp, type TestContext } from './helpers/clinic.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('operations and protocol', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' });
  });

  it('answers unknown routes with 404 problem+json', async () => {
    const res = await t.app.inject({ url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ type: '/problems/not-found', status: 404 });
  });

  it('answers anonymous /api/v1/me with 401 problem+json', async () => {
    const res = await t.app.inject({ url: '/api/v1/me' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().type).toBe('/problems/unauthenticated');
  });

  it('serves OpenAPI 3.1 and the API browser without sign-in, listing the problem types', async () => {
    const doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/me', '/api/v1/users', '/api/v1/audit']),
    );
    expect(doc.info.description).toContain('/problems/mfa-required');
    const docs = await t.app.inject({ url: '/api/docs' });
    expect([200, 302]).toContain(docs.statusCode);
  });

  it('sends a strict Content-Security-Policy that loads nothing from third parties', async () => {
    for (const url of ['/', '/api/v1/me', '/healthz']) {
      const csp = (await t.app.inject({ url })).headers['content-security-policy'] as string;
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/https?:|\*/);
    }
  });

  it('shows crisis routing (988 and 911) on the front page and links to sign-in', async () => {
    const html = (await t.app.inject({ url: '/' })).body;
    expect(html).toContain('988');
    expect(html).toContain('911');
    expect(html).toContain('/app/login');
    // Links to other sites are fine; nothing may be loaded from one.
    expect(html).not.toMatch(/src="(https?:)?\/\//);
    expect(html).not.toMatch(/<link[^>]+href="(https?:)?\/\//);
  });

  it('never returns a stack trace or SQL on a server error', async () => {
    // A database that cannot be reached makes every query fail unexpectedly.
    const db = createDb('postgres://nobody@127.0.0.1:1/none');
    const broken = await buildApp({ db, config: loadConfig({ LOG_LEVEL: 'silent' }), logger: false });
    const res = await broken.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'someone@clinic.test', password: 'a-password-of-length' },
    });
    expect(res.statusCode).toBe(500);
    expect(res.json().type).toBe('/problems/internal-error');
    expect(res.body).not.toMatch(/ECONNREFUSED|SELECT|\.ts:\d+/);
    expect((await broken.inject({ url: '/readyz' })).statusCode).toBe(503);
    await broken.close();
    await db.destroy();
  });
});
