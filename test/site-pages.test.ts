import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from './helpers/clinic.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://clinic.example' });
});
afterAll(() => t.close());

describe('public page shell', () => {
  it('puts the crisis bar first, names the clinic and links the canonical URL', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    const body = res.body;
    expect(body).toContain('988');
    expect(body.indexOf('class="crisis"')).toBeLessThan(body.indexOf('<header'));
    expect(body).toContain('<link rel="canonical" href="https://clinic.example/">');
    expect(body).toContain('Test Clinic');
    expect(body).toContain('href="/app/login"');
    expect(body).toContain('1-800-662-4357');
  });

  it('serves the stylesheet with the theme', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/site.css' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('--brand:#0b5394');
  });
});
