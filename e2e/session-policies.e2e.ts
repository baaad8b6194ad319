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
import { DEMO, DEMO_PASSWORD, startServer, type TestServer } from './server.ts';

let server: TestServer;
let browser: Browser;
let admin: Page;

beforeAll(async () => {
  server = await startServer();
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

const heading = () => admin.getByRole('heading', { level: 1, name: 'Treatment-day policies' });
const group = (name: string) => admin.getByRole('group', { name, exact: true });

describe('treatment-day session policies', () => {
  it('shows each policy with its source; a change is kept and becomes clinic policy', async () => {
    await admin.getByRole('link', { name: /^Treatment-day policies: blood pressure gates/ }).click();
    await heading().waitFor();

    const gate = group('Esketamine: pre-dose blood pressure gate');
    expect(await gate.getByLabel('Esketamine systolic above (mmHg)').inputValue()).toBe('140');
    expect(await gate.getByLabel('Esketamine diastolic above (mmHg)').inputValue()).toBe('90');
    expect(await gate.textContent()).toContain('From spravato-pi');
    expect(await group('IV ketamine: pre-dose blood pressure gate').textContent()).toContain(
      'Clinic policy (from spravato-pi)',
    );
    const late = group('Entries arriving late');
    expect(await late.getByLabel('Late after (minutes)').inputValue()).toBe('5');
    expect(await late.textContent()).toContain('is marked as arriving late');
    const waste = group('Open-vial waste');
    expect(await waste.getByRole('checkbox').isChecked()).toBe(true);
    expect(await admin.getByLabel('Alert 1 id').inputValue()).toBe('systolic-high');
    await expectAccessible(admin, 'the treatment-day policies page');

    await late.getByLabel('Late after (minutes)').fill('12');
    await waste.getByRole('checkbox', { name: 'Waste what the dose leaves in an opened vial' }).uncheck();
    await admin.getByRole('button', { name: 'Save policies' }).click();
    await admin.getByRole('status').filter({ hasText: 'Session policies saved.' }).waitFor();

    await admin.reload();
    await heading().waitFor();
    const lateAfter = group('Entries arriving late');
    await lateAfter.getByLabel('Late after (minutes)').waitFor();
    expect(await lateAfter.getByLabel('Late after (minutes)').inputValue()).toBe('12');
    expect(await lateAfter.textContent()).toContain('Clinic policy. Set by the clinic');
    const wasteAfter = group('Open-vial waste');
    expect(await wasteAfter.getByRole('checkbox').isChecked()).toBe(false);
    expect(await wasteAfter.textContent()).toContain('Clinic policy. Set by the clinic');
    // Untouched policies keep their source.
    expect(await group('Esketamine: pre-dose blood pressure gate').textContent()).toContain(
      'From spravato-pi',
    );

    // The server's own copy agrees with the screen.
    const policies = await admin.evaluate(async () => {
      const res = await fetch('/api/v1/settings/sessions', { credentials: 'same-origin' });
      return res.json();
    });
    expect(policies.lateAfterMinutes).toMatchObject({ value: 12, clinicPolicy: true, evidence: [] });
    expect(policies.wasteOpenVial).toMatchObject({ value: false, clinicPolicy: true });
  });

  it('shows the server’s error next to a refused value and keeps what was saved', async () => {
    await admin.goto(`${server.baseUrl}/app/admin/session-policies`);
    await heading().waitFor();
    const systolic = admin.getByLabel('Esketamine systolic above (mmHg)');
    await systolic.fill('300');
    await admin.getByLabel('Late after (minutes)').fill('30');
    await admin.getByRole('button', { name: 'Save policies' }).click();
    await admin.getByRole('alert').waitFor();
    expect(await systolic.getAttribute('aria-invalid')).toBe('true');
    const described = await systolic.getAttribute('aria-describedby');
    expect(described).toBeTruthy();
    expect(await admin.locator(`[id="${described}"]`).textContent()).toMatch(/250/);
    await expectAccessible(admin, 'the treatment-day policies page with an error');

    await admin.reload();
    await heading().waitFor();
    await admin.getByLabel('Esketamine systolic above (mmHg)').waitFor();
    expect(await admin.getByLabel('Esketamine systolic above (mmHg)').inputValue()).toBe('140');
    expect(await admin.getByLabel('Late after (minutes)').inputValue()).toBe('12');
  });

  it('fits a 390 px phone and works from the keyboard', async () => {
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.goto(`${server.baseUrl}/app/admin/session-policies`);
    await heading().waitFor();
    await admin.getByLabel('Alert 1 id').waitFor();
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const removes = admin.getByRole('button', { name: /^Remove alert/ });
    const before = await removes.count();
    await admin.getByRole('button', { name: 'Add an alert threshold' }).focus();
    await admin.keyboard.press('Enter');
    expect(await removes.count()).toBe(before + 1);
    await expectAccessible(admin, 'the treatment-day policies page at 390 px');
    expect(pageProblems(admin)).toEqual([]);
    await admin.setViewportSize({ width: 1280, height: 900 });
  });

  it('is not open to a nurse', async () => {
    const nurse = await newPage(browser);
    await signIn(nurse, server.baseUrl, { email: DEMO.nurse.email, password: DEMO_PASSWORD });
    expect(await nurse.getByRole('link', { name: 'Treatment-day policies' }).count()).toBe(0);
    await nurse.goto(`${server.baseUrl}/app/admin/session-policies`);
    await nurse.getByRole('heading', { level: 1, name: 'Not available to your role' }).waitFor();
    expect(await nurse.getByLabel('Late after (minutes)').count()).toBe(0);
    await nurse.close();
  });
});
