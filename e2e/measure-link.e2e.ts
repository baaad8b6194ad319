import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolAuthenticator, expectAccessible, launchBrowser, newPage, pageProblems } from './browser.ts';
import { acknowledgeOpenAlerts, fillRegistration, patientIdFrom, riskBanner } from './patients.ts';
import { DEMO, DEMO_PASSWORD, startServer, type TestServer } from './server.ts';

let server: TestServer;
let browser: Browser;
let clinician: Page;
let phone: BrowserContext | undefined;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  clinician = await newPage(browser);
  await clinician.goto(`${server.baseUrl}/app/login`);
  await clinician.getByLabel('Email').fill(DEMO.prescriber.email);
  await clinician.getByLabel('Password').fill(DEMO_PASSWORD);
  await clinician.getByRole('button', { name: 'Sign in' }).click();
  await enrolAuthenticator(clinician);
  await clinician.getByRole('button', { name: 'I have saved these codes' }).click();
  await clinician.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
  // The demo clinic may come with alerts of its own; this test follows only the one it raises.
  await acknowledgeOpenAlerts(clinician, server.baseUrl);
  await clinician.reload();
  await clinician.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
});

afterAll(async () => {
  await phone?.close();
  await browser?.close();
  await server?.stop();
});

const PHQ9_LABELS = ['Not at all', 'Several days', 'More than half the days', 'Nearly every day'];

describe('a questionnaire link, from the clinic to the patient’s phone and back', () => {
  it('the patient completes a PHQ-9 on their phone; the score joins the trajectory and item 9 raises an alert that stays until acknowledged', async () => {
    // The clinician registers the patient and creates the link.
    await clinician.goto(`${server.baseUrl}/app/patients/new`);
    await fillRegistration(clinician, {
      given: 'Casey',
      family: 'Linkfield',
      dateOfBirth: '1979-09-30',
      sex: 'Male',
      phone: '+1 212 555 0177',
    });
    await clinician.getByRole('main').getByRole('button', { name: 'Register patient' }).click();
    await clinician.getByRole('heading', { level: 1, name: 'Casey Linkfield' }).waitFor();
    const patientUrl = clinician.url();
    const patientId = patientIdFrom(patientUrl);
    await clinician
      .getByRole('navigation', { name: 'Patient record' })
      .getByRole('link', { name: 'Measures' })
      .click();
    const send = clinician.getByRole('region', { name: 'Send questionnaires' });
    expect(await send.getByRole('checkbox', { name: 'PHQ-9' }).isChecked()).toBe(true);
    await send.getByRole('button', { name: 'Create link' }).click();
    const link = await send.getByTestId('measure-link-url').inputValue();
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/m\/[A-Za-z0-9_-]{20,}$/);

    // The patient's phone: a new browser context, no staff cookies.
    phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
      locale: 'en-US',
      timezoneId: 'America/New_York',
    });
    expect(await phone.cookies()).toEqual([]);
    const patient = await phone.newPage();
    patient.setDefaultTimeout(15_000);
    await patient.goto(link);
    await patient.getByRole('heading', { level: 1, name: 'Patient Health Questionnaire-9' }).waitFor();
    expect(await patient.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(
      true,
    );
    await expectAccessible(patient, 'the patient questionnaire on a phone');
    await patient.screenshot({ path: '/tmp/ketaflow-patient-phone.png', fullPage: true });

    const answers = [2, 2, 1, 2, 1, 2, 1, 1, 1];
    for (const [index, value] of answers.entries()) {
      const item = patient.getByRole('group', { name: new RegExp(`^${index + 1}\\. `) });
      await item.getByRole('radio', { name: PHQ9_LABELS[value], exact: true }).check();
    }
    await patient.getByRole('button', { name: 'Send my answers' }).click();
    const crisis = patient.getByRole('alert');
    await crisis.waitFor();
    expect(await crisis.textContent()).toContain('988');
    // The crisis resources come first, before the thanks.
    expect(
      await patient.evaluate(() => {
        const alert = document.querySelector('[role="alert"]');
        const heading = document.querySelector('h1');
        return (
          !!alert &&
          !!heading &&
          (alert.compareDocumentPosition(heading) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0
        );
      }),
    ).toBe(true);
    await expectAccessible(patient, 'the crisis resources after submitting');
    await patient.screenshot({ path: '/tmp/ketaflow-patient-phone-crisis.png', fullPage: true });

    // The link works once.
    await patient.goto(link);
    await patient.getByRole('heading', { level: 1, name: /This link can.t be used/ }).waitFor();

    // Back at the clinic: the alert is on the worklist and in the banner.
    await clinician.goto(`${server.baseUrl}/app/alerts`);
    const open = clinician.getByRole('region', { name: /Open alerts/ });
    const card = open.getByRole('listitem').filter({ hasText: 'Casey Linkfield' });
    await card.getByText(/PHQ-9: item 9 \(thoughts of death or self-harm\) answered 1/).waitFor();
    await riskBanner(clinician).getByText('1 open suicide-risk alert').waitFor();

    // The score is on the trajectory, marked as a suicide-risk answer the patient gave through the link.
    await clinician.goto(`${patientUrl}/trajectory`);
    const phq9 = clinician.getByRole('region', { name: 'PHQ-9', exact: true });
    await phq9.getByRole('img', { name: /PHQ-9 totals over time/ }).waitFor();
    const row = phq9.getByRole('table', { name: /PHQ-9 scores/ }).locator('tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.first().textContent()).toMatch(/13\s*\/ 27.*moderate.*Yes.*Patient \(link\)/);
    expect(await phq9.getByTestId('chart-phq9').locator('.chart-point-risk').count()).toBe(1);
    await clinician
      .locator('.patient-header')
      .getByText('PHQ-9: not started: no treatment yet; latest PHQ-9 13')
      .waitFor();
    await expectAccessible(clinician, 'the trajectory after a link response');
    await clinician.screenshot({ path: '/tmp/ketaflow-link-trajectory.png', fullPage: true });

    // It stays: a new session sees it until someone acknowledges it.
    const colleague = await newPage(browser);
    await colleague.goto(`${server.baseUrl}/app/login`);
    await colleague.getByLabel('Email').fill(DEMO.nurse.email);
    await colleague.getByLabel('Password').fill(DEMO_PASSWORD);
    await colleague.getByRole('button', { name: 'Sign in' }).click();
    await riskBanner(colleague).getByRole('link', { name: '1 open suicide-risk alert — review' }).waitFor();
    const api = await colleague.request.get(
      `${server.baseUrl}/api/v1/alerts?status=open&patientId=${patientId}`,
    );
    expect((await api.json()).items).toHaveLength(1);

    await riskBanner(colleague).getByRole('link').click();
    await colleague.getByRole('button', { name: /^Acknowledge alert for Casey Linkfield/ }).click();
    const dialog = colleague.getByRole('dialog', { name: 'Acknowledge alert' });
    await dialog.getByRole('radio', { name: 'Called the patient' }).check();
    await dialog.getByLabel(/Note/).fill('Spoke with Casey; safe, plan reviewed, seen tomorrow.');
    await dialog.getByRole('button', { name: 'Acknowledge alert' }).click();
    await colleague.getByRole('main').getByText('No open alerts.').waitFor();
    expect(await riskBanner(colleague).textContent()).toBe('');

    await clinician.goto(`${patientUrl}/alerts`);
    await clinician.getByRole('heading', { name: 'Acknowledged (1)' }).waitFor();
    await clinician.getByText(/by Noah Nurse on .*: Called the patient\./).waitFor();
    expect(await riskBanner(clinician).textContent()).toBe('');
    expect(pageProblems(clinician)).toEqual([]);
    expect(pageProblems(colleague)).toEqual([]);
    await colleague.context().close();
  });

  it('kiosk mode: the front desk hands the tablet over, and it ends on a screen that asks for it back', async () => {
    const desk = await newPage(browser, { width: 820 });
    await desk.goto(`${server.baseUrl}/app/login`);
    await desk.getByLabel('Email').fill(DEMO.frontDesk.email);
    await desk.getByLabel('Password').fill(DEMO_PASSWORD);
    await desk.getByRole('button', { name: 'Sign in' }).click();
    await desk.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click();
    await desk.getByRole('searchbox', { name: /Search/ }).fill('Linkfield');
    await desk.getByRole('link', { name: 'Casey Linkfield' }).click();
    await desk
      .getByRole('navigation', { name: 'Patient record' })
      .getByRole('link', { name: 'Measures' })
      .click();
    const send = desk.getByRole('region', { name: 'Send questionnaires' });
    await send.getByRole('checkbox', { name: 'PHQ-9' }).uncheck();
    await send.getByRole('checkbox', { name: 'GAD-7' }).check();
    await send.getByRole('checkbox', { name: /Kiosk mode/ }).check();
    await send.getByRole('button', { name: 'Create link' }).click();
    await send.getByRole('button', { name: 'Open the questionnaire on this device' }).click();
    await desk.getByRole('heading', { level: 1, name: 'Generalized Anxiety Disorder-7' }).waitFor();
    for (let i = 1; i <= 7; i += 1) {
      await desk
        .getByRole('group', { name: new RegExp(`^${i}\\. `) })
        .getByRole('radio', { name: 'Not at all', exact: true })
        .check();
    }
    await desk.getByRole('button', { name: 'Send my answers' }).click();
    await desk.getByText('Please hand the tablet back to the clinic staff.').waitFor();
    expect(await desk.getByRole('alert').count()).toBe(0);
    await desk.context().close();
  });
});
