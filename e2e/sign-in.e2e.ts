import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  enrolAuthenticator,
  expectAccessible,
  launchBrowser,
  newPage,
  pageProblems,
  signIn,
} from './browser.ts';
import { DEMO, DEMO_PASSWORD, startServer, type TestServer } from './server.ts';
import { nextTotp } from './totp.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('signing in', () => {
  it('signs a nurse in with a password alone and shows the shell for their role', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.baseUrl}/app/`);
    await page.waitForURL('**/app/login');
    expect(await page.title()).toBe('Sign in · Ketaflow');
    await expectAccessible(page, 'the sign-in page');

    await signIn(page, server.baseUrl, { email: DEMO.nurse.email, password: DEMO_PASSWORD });
    await page.getByRole('heading', { level: 1, name: 'Welcome, Noah Nurse' }).waitFor();
    expect(page.url()).toBe(`${server.baseUrl}/app/`);
    expect(await page.title()).toBe('Welcome, Noah Nurse · Ketaflow');
    const main = await page.getByRole('main').textContent();
    expect(main).toContain('Nurse');
    expect(main).toContain('See who comes in today');
    const nav = page.getByRole('navigation', { name: 'Main' });
    // The Alerts link carries a count badge when the clinic has open alerts (the demo clinic may).
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Home',
      'Patients',
      expect.stringMatching(/^Alerts\d*$/),
      'Controlled substances',
      'Schedule',
      'Clinic board',
      'REMS forms',
      'Callback requests',
      'Protocols',
    ]);
    expect(await page.getByRole('banner').textContent()).toContain(
      'In crisis? Call or text 988 (911 in an emergency)',
    );
    await expectAccessible(page, 'the home page (nurse)');

    // An admin page typed into the address bar is refused politely.
    await page.goto(`${server.baseUrl}/app/admin/users`);
    await page.getByRole('heading', { name: 'Not available to your role' }).waitFor();
    await expectAccessible(page, 'the page for another role');
    expect(pageProblems(page)).toEqual([]);
    await page.context().close();
  });

  it('shows the server’s reason when the password is wrong, and throttles repeated failures', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.baseUrl}/app/login`);
    await page.getByLabel('Email').fill(DEMO.therapist.email);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('The email or password is not right.').waitFor();
    await expectAccessible(page, 'the sign-in page with an error');

    for (let i = 0; i < 5; i += 1) {
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign in' }).and(page.locator(':enabled')).waitFor();
    }
    await alert.getByText(/Too many attempts, try again in \d+ minutes?\./).waitFor();
    await page.context().close();
  });

  it('makes an admin set up an authenticator, shows recovery codes once, then asks for a code', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.baseUrl}/app/login`);
    await page.getByLabel('Email').fill(DEMO.admin.email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.waitForURL('**/app/mfa/enrol');
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    // A restricted session has no navigation: only set-up and sign-out work.
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    await expectAccessible(page, 'the authenticator set-up page');

    const { secret, step, recoveryCodes } = await enrolAuthenticator(page);
    expect(recoveryCodes.length).toBeGreaterThanOrEqual(8);
    await expectAccessible(page, 'the recovery codes');
    await page.getByRole('button', { name: 'I have saved these codes' }).click();

    await page.getByRole('heading', { level: 1, name: 'Welcome, Avery Admin' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Home',
      'Patients',
      expect.stringMatching(/^Alerts\d*$/),
      'Controlled substances',
      'Callback requests',
      'Users',
      'Locations',
      'Clinic directory',
      'Chairs and hours',
      'Audit trail',
      'Clinic settings',
      'Outbox',
      'Text packs',
      'Treatment-day policies',
      'REMS and MedWatch lists',
      'Public site',
      'Protocols',
      'Eligibility rules',
    ]);
    await expectAccessible(page, 'the home page (admin)');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/app/login');

    await page.getByLabel('Email').fill(DEMO.admin.email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const codeInput = page.getByLabel('Authentication code or recovery code');
    await codeInput.waitFor();
    expect(await page.title()).toBe('Enter your authentication code · Ketaflow');
    await expectAccessible(page, 'the second sign-in step');

    await codeInput.fill('000000');
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page
      .getByRole('alert')
      .getByText(/did not match/)
      .waitFor();

    await codeInput.fill(nextTotp(secret, step).code);
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Welcome, Avery Admin' }).waitFor();

    // A recovery code works once in place of the authenticator code.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/app/login');
    await page.getByLabel('Email').fill(DEMO.admin.email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Authentication code or recovery code').fill(recoveryCodes[0] ?? '');
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Welcome, Avery Admin' }).waitFor();
    expect(pageProblems(page)).toEqual([]);
    await page.context().close();
  });

  it('sends a signed-out tab to the sign-in page with a notice', async () => {
    const page = await newPage(browser);
    await signIn(page, server.baseUrl, { email: DEMO.frontDesk.email, password: DEMO_PASSWORD });
    const other = await page.context().newPage();
    await other.goto(`${server.baseUrl}/app/`);
    await other.getByRole('button', { name: 'Sign out' }).click();
    await other.waitForURL('**/app/login');
    expect((await page.request.get(`${server.baseUrl}/api/v1/me`)).status()).toBe(401);

    // The first tab still shows the shell; its next call finds the session gone.
    await page.getByRole('button', { name: /Account/ }).click();
    await page.getByRole('link', { name: 'Set up authenticator app' }).click();
    await page.waitForURL('**/app/login?expired=1');
    await page.getByText('Your session ended; please sign in again').waitFor();
    await expectAccessible(page, 'the sign-in page after the session ended');

    await page.goto(`${server.baseUrl}/app/admin/locations`);
    await page.waitForURL('**/app/login?next=%2Fapp%2Fadmin%2Flocations');
    await page.context().close();
  });

  it('serves the app under the strict Content-Security-Policy, with nothing inline', async () => {
    const res = await fetch(`${server.baseUrl}/app/admin/audit`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('works with the keyboard alone', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.baseUrl}/app/login`);
    await page.getByLabel('Email').waitFor();
    await page.keyboard.press('Tab');
    const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    expect(await focusedText()).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO.nurse.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    const heading = page.getByRole('heading', { level: 1, name: 'Welcome, Noah Nurse' });
    await heading.waitFor();
    // The new screen's heading takes focus, so a screen reader starts reading there.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');

    // The account menu opens and closes from the keyboard.
    await page.getByRole('button', { name: /Account/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Set up authenticator app' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'Set up authenticator app' }).waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-expanded'))).toBe('false');
    await page.context().close();
  });

  it('fits a phone screen', async () => {
    const page = await newPage(browser, { width: 390 });
    await signIn(page, server.baseUrl, { email: DEMO.patient.email, password: DEMO_PASSWORD });
    await page.getByRole('heading', { level: 1, name: 'Welcome, Pat Patient' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '/tmp/ketaflow-home-390.png', fullPage: true });
    await expectAccessible(page, 'the home page at 390 px');
    await page.context().close();
  });
});
