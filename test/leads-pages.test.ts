import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from './helpers/clinic.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const form = (payload: Record<string, string>) =>
  t.app.inject({
    method: 'POST',
    url: '/callback',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(payload).toString(),
    remoteAddress: '10.9.0.1',
  });
/** The self-check result's button: the answers travel in the body, never in the URL. */
const fromSelfCheck = (answers: string) =>
  t.app.inject({
    method: 'POST',
    url: '/callback/self-check',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ selfCheck: answers }).toString(),
    remoteAddress: '10.9.0.1',
  });
const tokenFrom = (page: string) => /name="formToken" value="([^"]+)"/.exec(page)?.[1] ?? '';
const leads = () => t.database.db.selectFrom('leads').selectAll().execute();

describe('the callback page without JavaScript', () => {
  it('serves a form with a signed token, the crisis bar and the emergency note, loading only its own script', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/callback' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('tel:988');
    expect(res.body).toContain('<a href="tel:988">Call 988</a> or <a href="sms:988">text 988</a> now');
    expect(res.body).toMatch(/Not for emergencies/);
    expect(tokenFrom(res.body)).toMatch(/^\d+\.[\w-]{43}$/);
    expect(res.body).toContain('<script type="module" src="/leads-callback.js"></script>');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    const script = await t.app.inject({ method: 'GET', url: '/leads-callback.js' });
    expect(script.headers['content-type']).toMatch(/javascript/);
  });

  it('shows every problem next to its field, keeps the values, shows HTML as text, and stores nothing', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/callback' });
    const res = await form({
      formToken: tokenFrom(page.body),
      name: '<img src=x onerror=alert(1)>',
      phone: '12',
      email: '',
      preferredContact: 'email',
      bestTime: 'evening',
      message: 'Hello <b>there</b>',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('class="error-summary"');
    for (const field of ['phone', 'email', 'consent']) expect(res.body).toContain(`id="err-${field}"`);
    expect(res.body).toContain('value="&lt;img src=x onerror=alert(1)&gt;"');
    expect(res.body).not.toContain('<img src=x');
    expect(res.body).toContain('Hello &lt;b&gt;there&lt;/b&gt;</textarea>');
    expect(res.body).toMatch(/value="evening" checked/);
    expect(await leads()).toEqual([]);
  });

  it('takes self-check answers only from a POST body, shows crisis help first for item 9, and stores nothing until the visitor sends the form with consent', async () => {
    const audited = () =>
      t.database.db
        .selectFrom('audit_pending')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
    const before = await audited();
    const page = await fromSelfCheck('0,1,2,3,0,1,2,3,2');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<meta name="robots" content="noindex">');
    expect(page.body).toContain('name="selfCheck" value="0,1,2,3,0,1,2,3,2"');
    expect(page.body).toContain('name="sendSelfCheck" value="yes" checked');
    expect(tokenFrom(page.body)).toMatch(/^\d+\.[\w-]{43}$/);
    const crisis = page.body.indexOf('If you are thinking about harming yourself');
    expect(crisis).toBeGreaterThan(0);
    expect(crisis).toBeLessThan(page.body.indexOf('id="callback-form"'));
    expect(page.body).toContain('<form id="callback-form" method="post" action="/callback"');

    // Without consent the answers are shown again, not kept.
    t.clock.advance(10);
    const unconsented = await form({
      formToken: tokenFrom(page.body),
      name: 'Kai Check',
      phone: '212 555 0178',
      selfCheck: '0,1,2,3,0,1,2,3,2',
      sendSelfCheck: 'yes',
    });
    expect(unconsented.statusCode).toBe(400);
    expect(unconsented.body).toContain('id="err-consent"');
    expect(await leads()).toEqual([]);
    expect((await audited())?.n).toBe(before?.n);

    // A URL no longer carries answers in: an old link shows the plain form.
    const viaUrl = await t.app.inject({ method: 'GET', url: '/callback?selfCheck=0,1,2,3,0,1,2,3,2' });
    expect(viaUrl.statusCode).toBe(200);
    expect(viaUrl.body).not.toContain('name="selfCheck"');
    expect(viaUrl.body).not.toContain('If you are thinking about harming yourself');
    // Answers that are not nine digits from 0 to 3 are dropped, not shown.
    expect((await fromSelfCheck('9,9,9')).body).not.toContain('name="selfCheck"');
  });

  it('stores a complete request after the minimum fill time and shows the confirmation', async () => {
    const page = await fromSelfCheck('1,1,1,1,1,1,1,1,2');
    expect(page.body).toMatch(/If you are thinking about harming yourself/);
    t.clock.advance(10);
    const res = await form({
      formToken: tokenFrom(page.body),
      name: 'Sam Form',
      phone: '212 555 0177',
      bestTime: 'morning',
      preferredContact: 'text',
      consent: 'yes',
      selfCheck: '1,1,1,1,1,1,1,1,2',
      sendSelfCheck: 'yes',
      website: '',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toMatch(/Thank you, we got your request/);
    expect(res.body).toMatch(/Please don't wait for our call/);
    const stored = await leads();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      name: 'Sam Form',
      preferred_contact: 'text',
      urgent: true,
      self_check_total: 10,
    });
  });
});

describe('the clinic finder page', () => {
  it('works as a plain GET form, explains a bad ZIP next to the field, and allows geolocation on itself only', async () => {
    const empty = await t.app.inject({ method: 'GET', url: '/clinics' });
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('https://findtreatment.gov/');
    expect(empty.body).toContain('1-800-662-4357');
    expect(empty.headers['permissions-policy']).toContain('geolocation=(self)');
    const bad = await t.app.inject({ method: 'GET', url: '/clinics?zip=00000&radiusMiles=50' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="err-zip"');
    const found = await t.app.inject({ method: 'GET', url: '/clinics?zip=10001&radiusMiles=50' });
    expect(found.statusCode).toBe(200);
    expect(found.body).toMatch(/within 50 miles of ZIP 10001/);
    const home = await t.app.inject({ method: 'GET', url: '/' });
    expect(home.headers['permissions-policy']).toContain('geolocation=()');
  });
});
