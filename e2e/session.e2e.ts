import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolAuthenticator, expectAccessible, launchBrowser, newPage, pageProblems } from './browser.ts';
import { DEMO, DEMO_PASSWORD, startServer, type TestServer } from './server.ts';

// A short idle time-out: the warning shows 7 s before the lock (half the time-out, at most 60 s).
const IDLE_SECONDS = 14;

let server: TestServer;
let browser: Browser;
let admin: Page;

beforeAll(async () => {
  server = await startServer({ idleTimeoutSeconds: IDLE_SECONDS });
  browser = await launchBrowser();
  admin = await newPage(browser);
  await admin.goto(`${server.baseUrl}/app/login`);
  await admin.getByLabel('Email').fill(DEMO.admin.email);
  await admin.getByLabel('Password').fill(DEMO_PASSWORD);
  await admin.getByRole('button', { name: 'Sign in' }).click();
  await enrolAuthenticator(admin);
  await admin.getByRole('button', { name: 'I have saved these codes' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Welcome, Avery Admin' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const waitLong = { timeout: (IDLE_SECONDS + 10) * 1000 };

describe('idle time-out', () => {
  it('warns, then locks; unlocking keeps what was typed and finishes the interrupted save', async () => {
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    const invite = admin.getByRole('region', { name: 'Invite a user' });
    await invite.getByLabel('Full name').fill('Ivy Idle');
    await invite.getByLabel('Email').fill('ivy@demo.ketaflow.test');
    await invite.getByRole('checkbox', { name: 'Therapist' }).check();

    const warning = admin.getByRole('dialog', { name: 'Are you still there?' });
    await warning.waitFor(waitLong);
    expect(await warning.textContent()).toMatch(/Your session will lock in \d+ seconds?/);
    await expectAccessible(admin, 'the session warning');

    const lock = admin.getByRole('dialog', { name: 'Session locked' });
    await lock.waitFor(waitLong);
    await warning.waitFor({ state: 'hidden' });
    await admin.screenshot({ path: '/tmp/ketaflow-lock.png' });
    await expectAccessible(admin, 'the lock screen');
    // Focus stays in the dialog: the page underneath is inert.
    expect(await admin.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);

    await lock.getByLabel('Password').fill('not my password');
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await lock.getByRole('alert').getByText('That password is not right.').waitFor();
    await expectAccessible(admin, 'the lock screen with an error');

    await lock.getByLabel('Password').fill(DEMO_PASSWORD);
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await lock.waitFor({ state: 'hidden' });
    expect(await invite.getByLabel('Full name').inputValue()).toBe('Ivy Idle');
    expect(await invite.getByLabel('Email').inputValue()).toBe('ivy@demo.ketaflow.test');
    expect(await invite.getByRole('checkbox', { name: 'Therapist' }).isChecked()).toBe(true);

    // A save attempted while locked waits behind the lock screen and goes through after unlocking.
    await lock.waitFor({ state: 'visible', ...waitLong });
    await admin.evaluate(() => {
      const button = [...document.querySelectorAll('button')].find(
        (b) => b.textContent === 'Create invitation',
      );
      button?.click();
    });
    await lock.getByLabel('Password').fill(DEMO_PASSWORD);
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await admin.getByLabel('Invitation link').waitFor();
    expect(pageProblems(admin)).toEqual([]);
  });

  it('“Stay signed in” restarts the idle time-out', async () => {
    const warning = admin.getByRole('dialog', { name: 'Are you still there?' });
    await warning.waitFor(waitLong);
    await warning.getByRole('button', { name: 'Stay signed in' }).click();
    await warning.waitFor({ state: 'hidden' });
    // Past the old deadline, the session is still open: the next warning comes, not the lock.
    await warning.waitFor(waitLong);
    expect(await admin.getByRole('dialog', { name: 'Session locked' }).isVisible()).toBe(false);
    await warning.getByRole('button', { name: 'Stay signed in' }).click();
    await warning.waitFor({ state: 'hidden' });
  });

  it('shows the lock screen for a locked session after a reload', async () => {
    const lock = admin.getByRole('dialog', { name: 'Session locked' });
    await lock.waitFor(waitLong);
    await admin.reload();
    await lock.waitFor();
    await lock.getByLabel('Password').fill(DEMO_PASSWORD);
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await admin.getByRole('table', { name: /Users/ }).waitFor();
    expect(pageProblems(admin)).toEqual([]);
  });
});
