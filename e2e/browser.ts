import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { nextTotp } from './totp.ts';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Pages from a fresh context each: @axe-core/playwright needs browser.newContext(). */
export async function newPage(browser: Browser, options: { width?: number } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    locale: 'en-US',
    timezoneId: 'America/New_York',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('console', (message) => {
    // A CSP violation or a script error would otherwise pass unnoticed.
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) {
      problems.push(message.text());
    }
  });
  page.on('pageerror', (error) => problems.push(error.message));
  (page as Page & { problems: string[] }).problems = problems;
  return page;
}

export function pageProblems(page: Page): string[] {
  return (page as Page & { problems?: string[] }).problems ?? [];
}

/** WCAG 2.2 AA through axe-core; throws with a readable list when anything is found. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  if (results.violations.length > 0) {
    const lines = results.violations.map(
      (v) =>
        `- ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
    );
    throw new Error(`axe found ${results.violations.length} problem(s) on ${screen}:\n${lines.join('\n')}`);
  }
}

export type Account = { email: string; password: string; totpSecret?: string; lastStep?: number | null };

/** Signs in through the form; with a TOTP secret it answers the second step too. */
export async function signIn(page: Page, baseUrl: string, account: Account): Promise<void> {
  await page.goto(`${baseUrl}/app/login`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (account.totpSecret) {
    const code = page.getByLabel('Authentication code or recovery code');
    await code.waitFor();
    const { code: value, step } = nextTotp(account.totpSecret, account.lastStep ?? null);
    account.lastStep = step;
    await code.fill(value);
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
  }
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Admins and prescribers must set up an authenticator on first sign-in; returns the secret. */
export async function enrolAuthenticator(
  page: Page,
): Promise<{ secret: string; step: number; recoveryCodes: string[] }> {
  await page.waitForURL('**/app/mfa/enrol');
  const secretText = await page.getByTestId('mfa-secret').textContent();
  const secret = (secretText ?? '').replace(/\s+/g, '');
  const { code, step } = nextTotp(secret, null);
  await page.getByLabel('6-digit code').fill(code);
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
  const recoveryCodes = (await page.locator('.recovery-codes code').allTextContents()).map((c) => c.trim());
  return { secret, step, recoveryCodes };
}
