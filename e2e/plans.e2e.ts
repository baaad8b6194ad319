import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolAuthenticator, expectAccessible, launchBrowser, newPage, pageProblems } from './browser.ts';
import { callApi, doseSteps, fillPlanForm, planForm, seedEligibleViaApi, signPlan } from './flows/plan.ts';
import { DEMO, DEMO_PASSWORD, startServer, type TestServer } from './server.ts';

let server: TestServer;
let browser: Browser;
let admin: Page;
let prescriber: Page;
let patientUrl = '';

/** First sign-in of an admin or prescriber: password, then the authenticator set-up (TOTP). */
async function signInEnrolling(page: Page, email: string, name: string): Promise<void> {
  await page.goto(`${server.baseUrl}/app/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await enrolAuthenticator(page);
  await page.getByRole('button', { name: 'I have saved these codes' }).click();
  await page.getByRole('heading', { level: 1, name: `Welcome, ${name}` }).waitFor();
}

function main(page: Page) {
  return page.getByRole('main');
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await newPage(browser);
  prescriber = await newPage(browser);
  await signInEnrolling(admin, DEMO.admin.email, DEMO.admin.name);
  await signInEnrolling(prescriber, DEMO.prescriber.email, DEMO.prescriber.name);
  // The plan needs a verified intake and a signed eligibility decision: seeded through the API here
  // (the intake and eligibility screens have browser tests of their own). Alex Chen has PHQ-9 scores.
  const found = await callApi<{ items: { id: string; legalGivenName: string }[] }>(
    prescriber,
    server.baseUrl,
    'GET',
    '/patients?q=Alex%20Chen&limit=5&offset=0',
  );
  const patient = found.items.find((p) => p.legalGivenName === 'Alex');
  if (!patient) throw new Error('the demo clinic has no Alex Chen');
  await seedEligibleViaApi(prescriber, server.baseUrl, patient.id, {
    password: DEMO_PASSWORD,
    weightKg: '70',
    heightCm: '175',
    printedName: 'Alex Chen',
  });
  patientUrl = `${server.baseUrl}/app/patients/${patient.id}`;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('protocols', () => {
  it('lists the protocols with their sources; an admin copies one and edits the copy into version 2', async () => {
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Protocols' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Protocols' }).waitFor();
    for (const name of [
      'IV racemic ketamine for treatment-resistant depression',
      'Esketamine nasal spray for treatment-resistant depression',
      'Esketamine nasal spray for depression with acute suicidal ideation or behaviour',
    ]) {
      await main(admin).getByRole('heading', { level: 2, name }).waitFor();
    }
    const iv = main(admin).getByRole('region', {
      name: 'IV racemic ketamine for treatment-resistant depression',
    });
    await iv.getByText(/^Version 1 in full/).click();
    const induction = iv.getByRole('region', { name: 'Induction series' });
    await induction
      .getByRole('row', { name: /Maximum dose/ })
      .getByRole('cell', { name: '0.75 mg/kg', exact: true })
      .waitFor();
    expect(await induction.getByRole('row', { name: /Maximum dose/ }).textContent()).toContain(
      'andrade-2017',
    );
    expect(await induction.getByRole('row', { name: /Minimum monitoring/ }).textContent()).toContain(
      'Clinic policy',
    );
    await iv.getByText(/^andrade-2017: Andrade C\. Ketamine for depression, 4/).waitFor();
    await expectAccessible(admin, 'the protocols page');

    const copy = main(admin).getByRole('region', { name: 'Copy a protocol' });
    await copy
      .getByLabel('Protocol to copy')
      .selectOption({ label: 'IV racemic ketamine for treatment-resistant depression (version 1)' });
    await copy.getByLabel('New protocol id').fill('Clinic IV');
    await copy.getByLabel('New name').fill('Clinic IV ketamine');
    await copy.getByRole('button', { name: 'Copy protocol' }).click();
    await copy
      .getByText(/kebab-case/)
      .first()
      .waitFor();
    expect(await copy.getByLabel('New protocol id').getAttribute('aria-invalid')).toBe('true');
    await copy.getByLabel('New protocol id').fill('iv-ketamine-clinic');
    await copy.getByRole('button', { name: 'Copy protocol' }).click();
    await admin
      .getByRole('status')
      .getByText('Clinic IV ketamine (iv-ketamine-clinic) copied as version 1.')
      .waitFor();

    const mine = main(admin).getByRole('region', { name: 'Clinic IV ketamine' });
    await mine.getByRole('button', { name: 'Edit Clinic IV ketamine' }).click();
    const edit = mine.getByRole('region', { name: 'Edit Clinic IV ketamine' });
    const editInduction = edit.getByRole('group', { name: 'Induction series' });
    // A maximum the dose calculator would refuse: the server's message appears beside the field.
    await editInduction.getByLabel('Maximum dose (mg/kg)').fill('3');
    await edit.getByRole('button', { name: 'Save as version 2' }).click();
    await editInduction.getByText(/the maximum dose must be at most 2 mg\/kg/).waitFor();
    expect(await editInduction.getByLabel('Maximum dose (mg/kg)').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(admin, 'the protocol editor with an error');

    await editInduction.getByLabel('Maximum dose (mg/kg)').fill('0.75');
    await editInduction.getByLabel('Minimum monitoring (min)').fill('90');
    await edit.getByRole('button', { name: 'Save as version 2' }).click();
    await admin.getByRole('status').getByText('Clinic IV ketamine: version 2 saved.').waitFor();
    const v2 = mine.getByTestId('version-iv-ketamine-clinic-2');
    await v2.waitFor();
    expect(await v2.textContent()).toContain(DEMO.admin.name);
    await mine.getByTestId('version-iv-ketamine-clinic-1').waitFor();
    await mine.getByText(/^Version 2 in full \(in force\)/).click();
    const monitoring = mine
      .getByRole('region', { name: 'Induction series' })
      .getByRole('row', { name: /Minimum monitoring/ });
    expect(await monitoring.textContent()).toContain('At least 90 min');
    expect(await monitoring.textContent()).toContain('Clinic policy');
    // The earlier version stays readable.
    await mine.getByLabel('Show version').selectOption('1');
    await mine.getByText(/^Version 1 in full$/).waitFor();
    await expectAccessible(admin, 'the protocols page after an edit');
    expect(pageProblems(admin)).toEqual([]);
  });
});

describe('booking on a clinic’s own protocol', () => {
  it('offers the copy’s latest version, with the slot its longer monitoring needs', async () => {
    await prescriber.goto(`${server.baseUrl}/app/schedule`);
    await main(prescriber).getByRole('button', { name: 'Book a session' }).click();
    const dialog = prescriber.getByRole('dialog');
    await dialog.getByLabel('Session type').selectOption({ label: 'IV ketamine' });
    const protocol = dialog.getByLabel('Protocol', { exact: true });
    await protocol.locator('option', { hasText: 'Clinic IV ketamine' }).waitFor({ state: 'attached' });
    await protocol.selectOption({ label: 'Clinic IV ketamine' });
    await dialog.getByLabel('Phase').selectOption({ label: 'Induction series' });
    // 40 minutes of infusion plus the 90 minutes of monitoring version 2 asks for.
    await dialog.getByText(/^At least 130 minutes/).waitFor();
    await protocol.selectOption({ label: 'IV racemic ketamine for treatment-resistant depression' });
    await dialog.getByText(/^At least 100 minutes/).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(pageProblems(prescriber)).toEqual([]);
  });
});

describe('a treatment plan', () => {
  it('shows every step of the dose live, needs a reason above the maximum, and is signed', async () => {
    await fillPlanForm(prescriber, patientUrl, {
      protocol: /^IV racemic ketamine/,
      startDate: '2030-03-04',
      concentrationMgPerMl: '10',
    });
    const form = planForm(prescriber);
    expect(await form.getByTestId('intake-measures').textContent()).toContain('weight 70 kg, height 175 cm');
    expect(await doseSteps(prescriber)).toEqual([
      'Dosing weight (actual body weight): actual weight 70 kg, rounded to 0.1 kg = 70 kg',
      'Dose: 70 kg × 0.5 mg/kg, rounded to 0.1 mg = 35 mg',
      'Drug volume: 35 mg ÷ 10 mg/mL, rounded to 0.01 mL = 3.5 mL',
      'Total volume: 3.5 mL drug + 0 mL bag, rounded to 0.01 mL = 3.5 mL',
      'Pump rate: 3.5 mL × 60 ÷ 40 min, rounded to 0.1 mL/h = 5.3 mL/h',
    ]);
    expect(await form.getByTestId('dose-summary').textContent()).toBe(
      '35 mg, 3.5 mL drug, 3.5 mL total, 5.3 mL/h over 40 min',
    );
    const sessions = form.getByRole('table', { name: /^Sessions this plan would schedule \(6\)/ });
    await sessions.waitFor();
    expect(await sessions.locator('tbody tr').count()).toBe(6);
    await expectAccessible(prescriber, 'the new-plan form with its dose preview');

    // The weight basis changes the steps live: ideal weight by Devine for a 175 cm man.
    await form.getByRole('radio', { name: 'Ideal body weight (Devine)' }).check();
    await form.getByTestId('server-check').getByText('The server’s preview gives the same result.').waitFor();
    expect((await doseSteps(prescriber))[0]).toMatch(
      /^Height in inches: 175 cm ÷ 2\.54 \(not rounded\) = 68\.8976\d* in$/,
    );
    await form
      .getByTestId('dose-warnings')
      .getByText(/below the ideal body weight \(70\.5 kg\)/)
      .waitFor();
    await form.getByRole('radio', { name: 'Actual body weight' }).check();

    // Esketamine is dosed in devices: the same calculator, another route.
    const protocol = form.getByLabel('Protocol', { exact: true });
    await protocol.selectOption({
      label: 'Esketamine nasal spray for treatment-resistant depression (version 1)',
    });
    await form.getByLabel('Dose (mg)').waitFor();
    expect(await form.getByLabel('Dose (mg)').inputValue()).toBe('56');
    expect(await doseSteps(prescriber)).toEqual([
      'Devices: 56 mg ÷ 28 mg per device = 2 devices',
      'Rest between devices: after each device (esketamine label) = 5 min',
    ]);
    await protocol.selectOption({
      label: 'IV racemic ketamine for treatment-resistant depression (version 1)',
    });
    await form.getByTestId('server-check').getByText('The server’s preview gives the same result.').waitFor();

    // Above the protocol's maximum: the server asks for the reason beside the field, and signing is refused.
    await form.getByLabel(/^Dose \(/).fill('0.9');
    const reason = form.getByLabel('Reason for a dose above the protocol’s maximum');
    await reason.waitFor();
    await form
      .getByText(/0\.9 mg\/kg is above the protocol’s maximum of 0\.75 mg\/kg: write the reason/)
      .first()
      .waitFor();
    await form
      .getByTestId('dose-warnings')
      .getByText(/exceeds the evidence in the clinical reference/)
      .waitFor();
    await form.getByLabel('Your password').fill(DEMO_PASSWORD);
    await form.getByRole('button', { name: 'Sign treatment plan' }).click();
    await form
      .getByRole('alert')
      .getByText(/write the reason for the higher dose/)
      .waitFor();
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(prescriber, 'the new-plan form with the above-limit error');

    await reason.fill('Partial response at 0.75 mg/kg in a previous course; discussed with the patient.');
    await form.getByTestId('server-check').getByText('The server’s preview gives the same result.').waitFor();
    expect(await reason.getAttribute('aria-invalid')).toBeNull();
    expect(await form.getByTestId('dose-summary').textContent()).toBe(
      '63 mg, 6.3 mL drug, 6.3 mL total, 9.5 mL/h over 40 min',
    );
    await signPlan(prescriber, DEMO_PASSWORD);

    const planned = main(prescriber).getByRole('table', { name: /^Planned sessions \(6\)/ });
    expect(await planned.locator('tbody tr').count()).toBe(6);
    expect(await planned.locator('tbody tr').first().textContent()).toContain('0.9 mg/kg');
    const signature = main(prescriber).locator('.plan-view > .signature-line');
    expect(await signature.textContent()).toContain(DEMO.prescriber.name);
    expect(await signature.textContent()).toContain(
      'Treatment plan: I prescribe IV racemic ketamine for treatment-resistant depression (version 1), Induction series, as laid out here',
    );
    await main(prescriber)
      .getByText('Partial response at 0.75 mg/kg in a previous course; discussed with the patient.')
      .waitFor();
    await expectAccessible(prescriber, 'the signed plan');
  });

  it('shows the response so far and the suggestion, and signs the prescriber’s decision with a reason', async () => {
    const panel = main(prescriber).getByRole('region', { name: /^Next dose: session 1/ });
    await panel.waitFor();
    await panel.getByTestId('no-sessions').waitFor();
    await panel
      .getByTestId('no-session-data')
      .getByText(/^No session data yet\./)
      .waitFor();
    const phq9 = panel
      .getByRole('table', { name: 'Latest scores against baseline' })
      .getByRole('row', { name: /PHQ-9/ });
    expect(await phq9.textContent()).toMatch(/^PHQ-9 \(judges response\)18 .*16 /);
    const suggestion = panel.getByTestId('suggestion');
    // The signed plan's first dose, not the protocol's starting dose, is what the suggestion keeps.
    expect(await suggestion.textContent()).toContain('Start: 0.9 mg/kg');
    expect(await suggestion.textContent()).toContain(
      'First session: 0.9 mg/kg over 40 minutes, as the signed plan sets it (the protocol starts at 0.5 mg/kg)',
    );
    expect(await suggestion.textContent()).toContain('apa-consensus-2017');
    await expectAccessible(prescriber, 'the next-dose suggestion');

    // Nothing is decided until the prescriber chooses and signs.
    expect(await panel.getByTestId('dose-decision').count()).toBe(0);
    const decision = panel.getByRole('form', { name: 'Your decision for session 1' });
    await decision.getByRole('radio', { name: 'Change the dose (give a reason)' }).check();
    await decision.getByLabel('Dose (mg/kg)').fill('0.75');
    await decision.getByLabel('Your password').fill(DEMO_PASSWORD);
    await decision.getByRole('button', { name: 'Sign dose decision' }).click();
    await decision.locator('.field-error').getByText('Write why you change the suggested dose.').waitFor();
    const why = decision.getByLabel('Reason for changing the suggested dose');
    expect(await why.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(prescriber, 'the dose decision with an error');

    await why.fill('Tolerated 0.75 mg/kg well in the previous course.');
    await decision.getByLabel('Your password').fill(DEMO_PASSWORD);
    await decision.getByRole('button', { name: 'Sign dose decision' }).click();
    await panel.getByRole('status').getByText('Dose for session 1 signed: 0.75 mg/kg.').waitFor();
    const decided = panel.getByTestId('dose-decision');
    expect(await decided.textContent()).toContain(
      '0.75 mg/kg (52.5 mg, 5.25 mL drug, 5.25 mL total, 7.9 mL/h)',
    );
    expect(await decided.textContent()).toContain('Tolerated 0.75 mg/kg well in the previous course.');
    expect(await decided.textContent()).toContain(DEMO.prescriber.name);
    // The planned dose stays as signed; the decision stands beside it.
    await prescriber.reload();
    const first = main(prescriber)
      .getByRole('table', { name: /^Planned sessions/ })
      .locator('tbody tr')
      .first();
    await first.waitFor();
    expect(await first.textContent()).toContain('0.9 mg/kg');
    expect(await first.textContent()).toContain('0.75 mg/kg (changed by Dr. Priya Prescriber)');
    await expectAccessible(prescriber, 'the plan with a dose decision');
    expect(pageProblems(prescriber)).toEqual([]);
  });
});
