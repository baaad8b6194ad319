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
const tokenFrom = (page: string) => /name="formToken" value="([^"]+)"/.exec(page)?.[1] ?? '';
const leads = () => t.database.db.selectFrom('leads').selectAll().execute();

describe('the callback page without JavaScript', () => {
  it('serves a form with a signed token, the crisis bar and the emergency note, loading only its own script', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/callback' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('tel:988');
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

  it('stores a complete request after the minimum fill time and shows the confirmation', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/callback?selfCheck=1,1,1,1,1,1,1,1,2' });
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
