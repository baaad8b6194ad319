import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentPages } from '../src/server/features/site/content.ts';
import { createTestApp, type TestContext } from './helpers/clinic.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://clinic.example' });
});
afterAll(() => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });

const PUBLIC_PAGES = [
  ...contentPages().map((p) => p.path),
  '/references',
  '/self-check',
  '/search',
  '/stories',
  '/locations',
];

describe('public pages', () => {
  it.each(PUBLIC_PAGES)(
    '%s renders with the crisis bar first, a title and its canonical URL',
    async (path) => {
      const res = await get(path);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      const body = res.body;
      expect(body.indexOf('class="crisis"')).toBeGreaterThan(0);
      expect(body.indexOf('class="crisis"')).toBeLessThan(body.indexOf('<header'));
      expect(body).toContain(
        '<a href="tel:988"><strong>Call 988</strong></a> or <a href="sms:988"><strong>text 988</strong></a>',
      );
      // The SAMHSA helpline's call, TTY and text options, cited like every health fact.
      expect(body).toContain('href="tel:18004874889">1-800-487-4889</a>');
      expect(body).toContain('href="sms:435748"');
      expect(body).toMatch(
        /435748 \(HELP4U\)<\/a>\.<sup class="cite"><a href="\/references#ref-samhsa-helpline">/,
      );
      expect(body).toContain(`<link rel="canonical" href="https://clinic.example${path}">`);
      expect(body).toMatch(/<title>[^<]+<\/title>/);
      expect(body).toMatch(/<meta name="description" content="[^"]{20,}">/);
      expect(body).toContain('1-800-662-4357');
      expect(body).toContain('href="/app/login"');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    },
  );

  it('names the clinic and uses its helpline number in the crisis bar', async () => {
    await t.database.db
      .updateTable('org_settings')
      .set({ helpline_phone: '+1 212 555 0199', site_name: 'Calm River Clinic' })
      .where('org_id', '=', t.clinic.orgId)
      .execute();
    const body = (await get('/')).body;
    expect(body).toContain('<a href="tel:+12125550199">+1 212 555 0199</a>');
    expect(body).toContain('Calm River Clinic');
    expect(body).toContain('"@type":"MedicalClinic"');
  });

  it('links every citation to a numbered reference', async () => {
    const body = (await get('/depression')).body;
    expect(body).toMatch(/<a href="\/references#ref-nsduh-2021">.*?\[\d+\]<\/a>/);
    expect(body).toContain('2021');
    const refs = (await get('/references')).body;
    expect(refs).toContain('id="ref-nsduh-2021"');
    expect(refs).toMatch(/id="ref-samhsa-helpline"[^>]*>[^<]*TTY 1-800-487-4889[^<]*435748/);
    expect(refs).toContain('NSDUH 2021');
  });

  it('answers an unknown location or story with a 404 page that keeps the crisis bar', async () => {
    for (const path of ['/locations/nowhere', '/stories/nobody', '/stories/Bad%20Slug']) {
      const res = await get(path);
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('tel:988');
    }
    expect((await get('/no-such-page')).statusCode).toBe(404);
  });

  it('serves robots.txt and a sitemap of the public pages', async () => {
    const robots = await get('/robots.txt');
    expect(robots.statusCode).toBe(200);
    for (const path of ['/app', '/api', '/i/', '/m/']) expect(robots.body).toContain(`Disallow: ${path}`);
    expect(robots.body).toContain('Sitemap: https://clinic.example/sitemap.xml');
    const sitemap = await get('/sitemap.xml');
    expect(sitemap.headers['content-type']).toContain('application/xml');
    for (const path of PUBLIC_PAGES)
      expect(sitemap.body).toContain(`<loc>https://clinic.example${path}</loc>`);
    expect(sitemap.body).not.toContain('/app');
  });
});

describe('site search', () => {
  it('finds pages by their words, and shows the query as text', async () => {
    const res = await get('/search?q=driving');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<a href="/what-to-expect">');
    expect(res.body).toContain('<mark>');
    const html = await get(`/search?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(html.statusCode).toBe(200);
    expect(html.body).not.toContain('<script>alert(1)</script>');
    expect(html.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('refuses an absurdly long query with a message next to the field', async () => {
    const res = await get(`/search?q=${'a'.repeat(500)}`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="q-error"');
  });
});

describe('self-check', () => {
  const answers = (values: number[]) => values.map((v, i) => `q${i + 1}=${v}`).join('&');
  const post = (payload: string) =>
    t.app.inject({
      method: 'POST',
      url: '/self-check',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload,
    });

  it('scores on the server and explains the band, storing nothing', async () => {
    const before = await t.database.db
      .selectFrom('audit_pending')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    const res = await post(answers([2, 2, 1, 1, 1, 1, 1, 1, 0]));
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('10 out of 27');
    expect(res.body).toContain('moderate');
    expect(res.body).not.toContain('id="crisis-first"');
    expect(res.body).toContain('name="selfCheck" value="2,2,1,1,1,1,1,1,0"');
    // The answers go on to the callback form in a POST body, never in a URL (history, proxy logs).
    const forms = [...res.body.matchAll(/<form\b[^>]*>/g)].map((m) => m[0]);
    expect(forms).toContain('<form method="post" action="/callback/self-check">');
    expect(forms.some((f) => /method="get"/i.test(f))).toBe(false);
    expect(res.body).not.toMatch(/href="[^"]*selfCheck=/);
    const after = await t.database.db
      .selectFrom('audit_pending')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(after?.n).toBe(before?.n);
  });

  it('shows crisis resources before the score when item 9 is above "not at all"', async () => {
    const res = await post(answers([0, 0, 0, 0, 0, 0, 0, 0, 1]));
    expect(res.statusCode).toBe(200);
    const crisis = res.body.indexOf('id="crisis-first"');
    expect(crisis).toBeGreaterThan(0);
    expect(crisis).toBeLessThan(res.body.indexOf('id="result"'));
  });

  it('names each missing or invalid answer next to its question', async () => {
    const res = await post('q1=1&q2=9&q3=<b>x</b>');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="q2-error"');
    expect(res.body).toContain('Choose one of the answers for question 2.');
    expect(res.body).toContain('Choose an answer for question 9.');
    expect(res.body).not.toContain('<b>x</b>');
    expect(res.body).toContain('value="1" id="q1-1" checked');
  });

  it('serves the browser script small and same-origin', async () => {
    const res = await get('/site/self-check.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.body.length).toBeLessThan(30_000);
  });
});
