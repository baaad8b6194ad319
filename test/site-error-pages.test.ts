import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createDb } from '../src/server/db/connect.ts';
import { errorPage } from '../src/server/features/site/error-page.ts';
import { createTestApp, type TestContext } from './helpers/clinic.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://clinic.example' });
});
afterAll(() => t.close());

// What Chromium and Firefox send when a visitor follows a link or posts a form.
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

function expectCrisisPage(body: string): void {
  const bar = body.indexOf('class="crisis"');
  expect(bar).toBeGreaterThan(0);
  expect(bar).toBeLessThan(body.indexOf('<main'));
  expect(body).toContain('href="tel:988"');
  expect(body).toContain('href="sms:988"');
  expect(body).toContain('href="tel:911"');
  expect(body).toContain('<a href="/">Go to the home page</a>');
  expect(body).toContain('id="help-now-title"');
  expect(body).toContain('<meta name="robots" content="noindex">');
}

describe('error pages for visitors', () => {
  it('answers an unknown page with a 404 page that keeps the crisis bar and echoes nothing', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/no-such-page-%3Cscript%3Ealert(1)%3C/script%3E?name=Sam',
      headers: { accept: BROWSER_ACCEPT },
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expectCrisisPage(res.body);
    expect(res.body).toContain('We could not find that page');
    for (const echoed of ['no-such-page', 'alert(', 'Sam', 'rel="canonical"']) {
      expect(res.body).not.toContain(echoed);
    }
  });

  it.each([
    ['no Accept header', undefined],
    ['any type', '*/*'],
    ['JSON first', 'application/json, text/html;q=0.5'],
    ['problem+json', 'application/problem+json'],
  ])('keeps problem+json for a client that asks for %s', async (_name, accept) => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/no-such-page',
      headers: accept ? { accept } : {},
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().type).toBe('/problems/not-found');
  });

  it.each(['/api/v1/unknown', '/api/v1', '/healthz/unknown'])(
    'keeps problem+json under the API and probe prefixes even for a browser (%s)',
    async (url) => {
      const res = await t.app.inject({ method: 'GET', url, headers: { accept: BROWSER_ACCEPT } });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    },
  );

  it('answers an oversized callback form with a 413 page, not JSON, and stores nothing', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/callback',
      headers: { accept: BROWSER_ACCEPT, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ name: 'Sam Long', message: 'x'.repeat(20_000) }).toString(),
    });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toContain('text/html');
    expectCrisisPage(res.body);
    expect(res.body).toContain('Your form was not sent.');
    expect(res.body).not.toContain('Sam Long');
    expect(await t.database.db.selectFrom('leads').selectAll().execute()).toEqual([]);
  });

  it('still answers the oversized form with problem+json to a program', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/callback',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `message=${'x'.repeat(20_000)}`,
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().type).toBe('/problems/payload-too-large');
  });

  it('answers a server failure with a 500 page and the crisis bar, even when the database is down', async () => {
    // A database that cannot be reached makes the page's own query fail too.
    const db = createDb('postgres://nobody@127.0.0.1:1/none');
    const broken = await buildApp({ db, config: loadConfig({ LOG_LEVEL: 'silent' }), logger: false });
    try {
      const res = await broken.inject({ method: 'GET', url: '/faq', headers: { accept: BROWSER_ACCEPT } });
      expect(res.statusCode).toBe(500);
      expect(res.headers['content-type']).toContain('text/html');
      expectCrisisPage(res.body);
      expect(res.body).toContain('Something went wrong on our side');
      expect(res.body).not.toMatch(/ECONNREFUSED|SELECT|\.ts:\d+/);
    } finally {
      await broken.close();
      await db.destroy();
    }
  });

  it('words throttling plainly and says a refused form was not sent', () => {
    const throttled = errorPage(null, 429, 'POST');
    expectCrisisPage(throttled);
    expect(throttled).toContain('Too many tries in a short time');
    expect(throttled).toContain('Your form was not sent.');
    expect(errorPage(null, 429, 'GET')).not.toContain('Your form');
  });
});
