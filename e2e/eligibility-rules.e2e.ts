import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  enrolAuthenticator,
  expectAccessible,
  launchBrowser,
  newPage,
  pageProblems,
  signIn,
} from './browser.ts';
import { callApi } from './flows/plan.ts';
import { DEMO, DEMO_PASSWORD, startServer, type TestServer } from './server.ts';

let server: TestServer;
let browser: Browser;

/** First sign-in of an admin: password, then the authenticator set-up (TOTP). */
async function signInEnrolling(page: Page, email: string, name: string): Promise<void> {
  await page.goto(`${server.baseUrl}/app/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await enrolAuthenticator(page);
  await page.getByRole('button', { name: 'I have saved these codes' }).click();
  await page.getByRole('heading', { level: 1, name: `Welcome, ${name}` }).waitFor();
}

function rule(page: Page, title: string) {
  return page.getByRole('main').getByRole('listitem', { name: title, exact: true });
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('eligibility rules', () => {
  it('an admin changes a clinic-policy rule into version 2, reads version 1 again, sees refusals and a newer version', async () => {
    const admin = await newPage(browser);
    await signInEnrolling(admin, DEMO.admin.email, DEMO.admin.name);
    await admin
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Eligibility rules' })
      .click();
    await admin.getByRole('heading', { level: 1, name: 'Eligibility rules' }).waitFor();
    await admin.getByRole('heading', { level: 2, name: 'Version 1 in force' }).waitFor();
    await admin.getByText(/Ketaflow’s default, not changed by the clinic/).waitFor();

    // A rule backed by the label: no controls, and the page says why.
    const sourced = rule(admin, 'Hypersensitivity to esketamine or ketamine');
    await sourced.getByText('Backed by spravato-pi: cannot be changed here.').waitFor();
    expect(await sourced.getByRole('combobox').count()).toBe(0);
    expect(await sourced.getByRole('button').count()).toBe(0);
    await rule(admin, 'Pregnancy').getByText('The medical history records pregnancy.').waitFor();
    await expectAccessible(admin, 'the eligibility rules (admin)');

    const save = admin.getByRole('button', { name: 'Save as version 2' });
    expect(await save.isDisabled()).toBe(true);
    const pregnancy = rule(admin, 'Pregnancy');
    await pregnancy.getByText('Clinic policy').first().waitFor();
    await pregnancy.getByLabel(/^Severity/).selectOption('caution');
    await save.click();
    await admin.getByRole('status').getByText('Version 2 saved; it is in force now.').waitFor();
    await admin.getByRole('heading', { level: 2, name: 'Version 2 in force' }).waitFor();
    await admin.getByText(/saved .* by Avery Admin/).waitFor();
    expect(
      await rule(admin, 'Pregnancy')
        .getByLabel(/^Severity/)
        .inputValue(),
    ).toBe('caution');
    await admin.getByRole('button', { name: 'Save as version 3' }).waitFor();

    await admin.getByLabel('Show version').selectOption('1');
    await admin.getByText('Version 1, read-only: version 2 is in force.').waitFor();
    await admin.getByRole('heading', { level: 2, name: 'Rules in version 1' }).waitFor();
    const before = rule(admin, 'Pregnancy');
    await before.getByText('Exclusion', { exact: true }).waitFor();
    expect(await before.getByRole('combobox').count()).toBe(0);
    expect(await admin.getByRole('button', { name: /^Save as version/ }).count()).toBe(0);
    await expectAccessible(admin, 'an earlier version of the eligibility rules');

    // The server's refusal shows beside the rule it names.
    await admin.getByLabel('Show version').selectOption('2');
    const breastfeeding = rule(admin, 'Breastfeeding');
    await breastfeeding.getByLabel(/^Reason/).fill('');
    await admin.getByRole('button', { name: 'Save as version 3' }).click();
    await breastfeeding.getByText('breastfeeding: the reason is empty').waitFor();
    await expectAccessible(admin, 'the eligibility rules with a refused rule');
    await admin.getByRole('button', { name: 'Discard changes' }).click();

    // Someone else saves version 3 meanwhile: the page says so and reloads on request.
    await breastfeeding.getByLabel(/^Severity/).selectOption('info');
    const sets = await callApi<{ current: { rules: unknown[] } }>(
      admin,
      server.baseUrl,
      'GET',
      '/eligibility/rule-set',
    );
    await callApi(admin, server.baseUrl, 'PUT', '/eligibility/rule-set', {
      baseVersion: 2,
      rules: sets.current.rules,
    });
    await admin.getByRole('button', { name: 'Save as version 3' }).click();
    await admin
      .getByRole('alert')
      .getByText(/Someone else saved a newer version/)
      .waitFor();
    await admin.getByRole('button', { name: 'Reload the rule set' }).click();
    await admin.getByRole('heading', { level: 2, name: 'Version 3 in force' }).waitFor();
    expect(
      await rule(admin, 'Breastfeeding')
        .getByLabel(/^Severity/)
        .inputValue(),
    ).toBe('caution');
    expect(pageProblems(admin)).toEqual([]);
    await admin.context().close();
  });

  it('a nurse reads the rule set without controls', async () => {
    const nurse = await newPage(browser);
    await signIn(nurse, server.baseUrl, { email: DEMO.nurse.email, password: DEMO_PASSWORD });
    await nurse.goto(`${server.baseUrl}/app/admin/eligibility-rules`);
    await nurse.getByRole('heading', { level: 1, name: 'Eligibility rules' }).waitFor();
    await rule(nurse, 'Pregnancy').getByText('The medical history records pregnancy.').waitFor();
    expect(
      await nurse
        .getByRole('main')
        .getByLabel(/^Severity/)
        .count(),
    ).toBe(0);
    expect(await nurse.getByRole('button', { name: /^Save as version/ }).count()).toBe(0);
    await expectAccessible(nurse, 'the eligibility rules (nurse)');
    expect(pageProblems(nurse)).toEqual([]);
    await nurse.context().close();
  });
});
