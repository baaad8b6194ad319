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
import {
  completeIntakeAndEligibility,
  DEFAULT_HISTORY,
  fillIntakeAsPatient,
  historyForm,
  type PatientHistory,
  sendIntakeLink,
  signConsentDiscussion,
  signEligibilityDecision,
  verifyIntake,
} from './flows/intake.ts';
import { DEMO, DEMO_PASSWORD, startServer, type TestServer } from './server.ts';

let server: TestServer;
let browser: Browser;
let nurse: Page;
let prescriber: Page;
let patientUrl = '';

// Escitalopram is judged not adequate at review: one adequate trial only, so the IV rule that asks
// for treatment resistance fires as an exclusion, and finding the patient eligible overrides it.
const HISTORY: PatientHistory = {
  ...DEFAULT_HISTORY,
  trials: [
    { drug: 'Sertraline', dose: '150 mg a day', weeks: '10', response: 'partial', adequate: 'Yes' },
    { drug: 'Escitalopram', dose: '20 mg a day', weeks: '3', response: 'none', adequate: 'No' },
  ],
};

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  nurse = await newPage(browser);
  await signIn(nurse, server.baseUrl, { email: DEMO.nurse.email, password: DEMO_PASSWORD });
  prescriber = await newPage(browser);
  await prescriber.goto(`${server.baseUrl}/app/login`);
  await prescriber.getByLabel('Email').fill(DEMO.prescriber.email);
  await prescriber.getByLabel('Password').fill(DEMO_PASSWORD);
  await prescriber.getByRole('button', { name: 'Sign in' }).click();
  await enrolAuthenticator(prescriber);
  await prescriber.getByRole('button', { name: 'I have saved these codes' }).click();
  await prescriber.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function main(page: Page) {
  return page.getByRole('main');
}

async function openDemoPatient(page: Page, name: string): Promise<string> {
  await page.goto(`${server.baseUrl}/app/patients`);
  await main(page)
    .getByRole('searchbox', { name: /Search/ })
    .fill(name.split(' ')[1] ?? name);
  await main(page).getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  return page.url();
}

describe('intake, consent and eligibility in the staff app', () => {
  it('a nurse sends an intake link, the patient fills it in, the nurse reviews, verifies and signs the consent discussion', async () => {
    patientUrl = await openDemoPatient(nurse, 'Morgan Ellis');
    await nurse
      .getByRole('navigation', { name: 'Patient record' })
      .getByRole('link', { name: 'Intake' })
      .click();
    await nurse.getByRole('heading', { level: 2, name: 'Intake' }).waitFor();
    await main(nurse).getByText('No intake yet.').waitFor();

    const link = await sendIntakeLink(nurse, patientUrl, true);
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/i\/[A-Za-z0-9_-]{20,}$/);
    await main(nurse).getByTestId('intake-status').getByText('Waiting for the patient').waitFor();

    await fillIntakeAsPatient(browser, link, HISTORY, true);

    // Back at the clinic: version 1 is the patient's own, with who and when.
    await nurse.goto(`${patientUrl}/intake`);
    const v1 = main(nurse).getByTestId('intake-version-1');
    await v1.waitFor();
    expect(await v1.textContent()).toContain('Patient’s submission');
    expect(await v1.textContent()).toContain('The patient, through their link');
    const form = historyForm(nurse);
    const trial1 = form.getByRole('group', { name: 'Trial 1' });
    expect(await trial1.getByLabel('Drug').inputValue()).toBe('Sertraline');
    expect(await trial1.getByLabel(/^Dose/).inputValue()).toBe('150 mg a day');
    expect(await trial1.getByLabel('Duration, weeks').inputValue()).toBe('10');
    expect(await trial1.getByLabel('Adherence').inputValue()).toBe('good');
    expect(await trial1.getByLabel('Response').inputValue()).toBe('partial');
    expect(await form.getByRole('group', { name: 'Medicine 1' }).getByLabel('Name').inputValue()).toBe(
      'Lorazepam',
    );
    expect(await form.getByLabel('Height, cm').inputValue()).toBe('170');
    expect(await form.getByLabel('Weight, kg').inputValue()).toBe('72.5');
    // The baseline the verification would link: the demo PHQ-9, and no C-SSRS yet.
    const baseline = main(nurse).getByRole('region', { name: 'Baseline questionnaires' });
    expect(await baseline.textContent()).toMatch(/PHQ-9:\s*19/);
    expect(await baseline.textContent()).toMatch(/C-SSRS Screener:\s*None yet/);
    // The patient's consent arrived with their printed name.
    const consent = main(nurse).getByRole('region', { name: 'Consent' });
    await consent.getByTestId('signed-consents').getByText('Morgan Ellis').waitFor();
    await expectAccessible(nurse, 'the intake review form');

    // Review: adequacy of each trial and baseline vitals; the medicine stays unclassified for now.
    for (const [index, trial] of HISTORY.trials.entries()) {
      await form
        .getByRole('group', { name: `Trial ${index + 1}` })
        .getByLabel(/^Adequate dose and duration/)
        .selectOption({ label: trial.adequate });
    }
    await form.getByLabel('Systolic BP, mmHg').fill('128');
    await form.getByLabel('Diastolic BP, mmHg').fill('82');
    // A server error names its field and shows next to it: a heart rate out of range.
    await form.getByLabel('Heart rate, beats/min').fill('400');
    await form.getByRole('button', { name: 'Save draft' }).click();
    const heartRate = form.getByLabel('Heart rate, beats/min');
    await expect.poll(() => heartRate.getAttribute('aria-invalid')).toBe('true');
    expect(
      await heartRate.evaluate((el) => el.parentElement?.querySelector('.field-error')?.textContent),
    ).toMatch(/250/);
    await expectAccessible(nurse, 'the intake form with a field error');
    await heartRate.fill('76');
    await form.getByRole('button', { name: 'Save draft' }).click();
    await main(nurse).getByText('Draft saved as a new version.').waitFor();
    const v2 = main(nurse).getByTestId('intake-version-2');
    expect(await v2.textContent()).toContain('Clinician’s draft');
    expect(await v2.textContent()).toContain(DEMO.nurse.name);

    // Verifying needs every medicine classified: the server's message sits next to the class.
    const verify = main(nurse).getByRole('form', { name: 'Verify and sign' });
    expect(await verify.textContent()).toContain(`Printed name${DEMO.nurse.name}`);
    expect(await verify.textContent()).toContain(
      'Verified: I reviewed this intake with the patient and confirm it is accurate and complete',
    );
    await verify.getByLabel('Your password, to sign').fill(DEMO_PASSWORD);
    await verify.getByRole('button', { name: 'Verify and sign intake' }).click();
    const medicine = historyForm(nurse).getByRole('group', { name: 'Medicine 1' });
    await medicine.getByText('Classify Lorazepam').waitFor();
    await medicine.getByRole('checkbox', { name: 'Benzodiazepine' }).check();
    await medicine.getByText('Flagged').waitFor();
    await historyForm(nurse).getByRole('button', { name: 'Save draft' }).click();
    await main(nurse).getByText('Draft saved as a new version.').waitFor();
    await main(nurse).getByTestId('medication-flags').getByText('Lorazepam: benzodiazepine').waitFor();

    // A wrong password: the server's field error next to the password.
    const verify2 = main(nurse).getByRole('form', { name: 'Verify and sign' });
    await verify2.getByLabel('Your password, to sign').fill('not my password');
    await verify2.getByRole('button', { name: 'Verify and sign intake' }).click();
    await verify2.getByText('The password is not right.').waitFor();
    await verifyIntake(nurse, DEMO_PASSWORD);

    const signed = main(nurse).getByTestId('verified-signature');
    expect(await signed.textContent()).toMatch(
      new RegExp(`Signed by ${DEMO.nurse.name} on .+\\. Meaning: “Verified: I reviewed this intake`),
    );
    const v4 = main(nurse).getByTestId('intake-version-4');
    expect(await v4.textContent()).toContain('Verified record');
    // After verification the history is read-only; only a signed addendum corrects it.
    expect(await historyForm(nurse).getByLabel('Systolic BP, mmHg').isDisabled()).toBe(true);
    await main(nurse).getByRole('button', { name: 'Correct by addendum' }).waitFor();
    expect(await main(nurse).getByRole('button', { name: 'Save draft' }).count()).toBe(0);
    await expectAccessible(nurse, 'the verified intake');
    await nurse.screenshot({ path: '/tmp/ketaflow-intake-verified.png', fullPage: true });

    await signConsentDiscussion(nurse, DEMO_PASSWORD);
    const consents = main(nurse).getByTestId('signed-consents');
    await consents.getByText(DEMO.nurse.name).waitFor();
    expect(await consents.textContent()).toContain(
      'I confirm that I held the consent discussion described above with this patient and that they consented.',
    );
    await expectAccessible(nurse, 'the consents');

    // A correction after verification is an addendum with a reason and a signature.
    await main(nurse).getByRole('button', { name: 'Correct by addendum' }).click();
    const correction = historyForm(nurse);
    await correction.getByLabel('Weight, kg').fill('73');
    await correction.getByLabel('Reason for the correction').fill('Weighed at the clinic today.');
    await correction.getByLabel('Your password, to sign').fill(DEMO_PASSWORD);
    await expectAccessible(nurse, 'the addendum form');
    await correction.getByRole('button', { name: 'Sign addendum' }).click();
    await main(nurse).getByText('Addendum signed; the original record is kept.').waitFor();
    const v5 = main(nurse).getByTestId('intake-version-5');
    expect(await v5.textContent()).toContain('Addendum');
    expect(await v5.textContent()).toContain('Reason: Weighed at the clinic today.');
    expect(await historyForm(nurse).getByLabel('Weight, kg').inputValue()).toBe('73');
    // The patient's own submission is kept as it was.
    await main(nurse).getByRole('button', { name: 'Show version 1' }).click();
    const original = main(nurse).getByRole('region', { name: 'Version 1: Patient’s submission (read-only)' });
    expect(await original.getByLabel('Weight, kg').inputValue()).toBe('72.5');
    expect(await original.getByLabel('Weight, kg').isDisabled()).toBe(true);
    await expectAccessible(nurse, 'an earlier intake version');
    expect(pageProblems(nurse)).toEqual([]);
  }, 360_000);

  it('a nurse reads the evaluation but cannot decide; the prescriber sees reasons and sources and signs, overriding an exclusion only with a reason', async () => {
    await nurse.goto(`${patientUrl}/eligibility`);
    await nurse.getByRole('heading', { level: 2, name: 'Eligibility' }).waitFor();
    await main(nurse).getByTestId('evaluation-iv-ketamine').waitFor();
    expect(await main(nurse).getByRole('button', { name: 'Sign decision' }).count()).toBe(0);
    await main(nurse).getByText('only prescribers sign a decision').waitFor();

    await prescriber.goto(`${patientUrl}/eligibility`);
    const iv = main(prescriber).getByTestId('evaluation-iv-ketamine');
    await iv.waitFor();
    expect(await main(prescriber).getByTestId('evaluation-basis').textContent()).toMatch(
      /intake version 5 \(corrected by addendum\) with rule set .+ version 1/,
    );
    // Every fired rule: severity, finding, plain reason, and its sources with citations.
    const exclusion = iv.getByRole('listitem').filter({ hasText: 'iv-not-treatment-resistant' });
    expect(await exclusion.textContent()).toContain('Exclusion');
    expect(await exclusion.textContent()).toContain('only 1 adequate antidepressant trial');
    expect(await exclusion.textContent()).toContain('apa-consensus-2017');
    expect(await exclusion.textContent()).toContain('JAMA Psychiatry 2017');
    const sedatives = iv.getByRole('listitem').filter({ hasText: '(sedatives)' });
    expect(await sedatives.textContent()).toContain('Caution');
    expect(await sedatives.textContent()).toContain('Lorazepam (benzodiazepine)');
    expect(await sedatives.textContent()).toContain('spravato-rems');
    expect(await sedatives.textContent()).toContain('Clinic policy');
    // No C-SSRS at baseline: the suicide-risk rule is listed as unanswered.
    expect(await iv.textContent()).toContain('Missing: baseline C-SSRS Screener.');
    await expectAccessible(prescriber, 'the eligibility evaluation');

    // Eligible despite the exclusion: the form asks for a written reason before anything is signed.
    const decide = main(prescriber).getByRole('form', { name: 'Sign a decision: IV ketamine' });
    await decide.getByRole('radio', { name: 'Eligible with cautions', exact: true }).check();
    const reason = decide.getByLabel('Reason for overriding the exclusion');
    expect(await decide.textContent()).toContain(
      'Eligibility decision: I find this patient eligible with cautions for IV ketamine and take responsibility for this decision',
    );
    expect(await decide.textContent()).toContain(`Printed name${DEMO.prescriber.name}`);
    await decide.getByLabel('Your password, to sign').fill(DEMO_PASSWORD);
    await decide.getByRole('button', { name: 'Sign decision' }).click();
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    await decide.getByText('a written reason is required').waitFor();
    await expectAccessible(prescriber, 'the decision form asking for a reason');
    // The server's own field error: a wrong password, next to the password.
    await reason.fill(
      'The referral letter documents a second adequate trial (venlafaxine 225 mg for 8 weeks).',
    );
    await decide.getByLabel('Your password, to sign').fill('not my password');
    await decide.getByRole('button', { name: 'Sign decision' }).click();
    await decide.getByText('The password is not right.').waitFor();
    await decide.getByLabel('Your password, to sign').fill(DEMO_PASSWORD);
    await decide.getByRole('button', { name: 'Sign decision' }).click();
    await main(prescriber)
      .getByRole('status')
      .getByText('IV ketamine: eligible with cautions, signed.')
      .waitFor();

    await signEligibilityDecision(prescriber, patientUrl, {
      route: 'Esketamine nasal spray',
      decision: 'Not eligible',
      password: DEMO_PASSWORD,
    });
    const history = main(prescriber).getByTestId('decision-history');
    const ivRow = history.getByRole('row').filter({ hasText: 'IV ketamine' });
    expect(await ivRow.textContent()).toContain('Eligible with cautions');
    expect(await ivRow.textContent()).toContain('Overrides: iv-not-treatment-resistant');
    expect(await ivRow.textContent()).toContain('Reason: The referral letter documents');
    expect(await ivRow.textContent()).toContain(`Signed by ${DEMO.prescriber.name}`);
    expect(await ivRow.textContent()).toContain('In force');
    expect(
      await history.getByRole('row').filter({ hasText: 'Esketamine nasal spray' }).textContent(),
    ).toContain('Not eligible');
    await expectAccessible(prescriber, 'the decision history');
    await prescriber.screenshot({ path: '/tmp/ketaflow-eligibility.png', fullPage: true });
    expect(pageProblems(prescriber)).toEqual([]);
  }, 180_000);

  it('the reusable steps take another demo patient from intake link to a signed decision', async () => {
    const url = await openDemoPatient(prescriber, 'Alex Chen');
    await completeIntakeAndEligibility(browser, { clinician: prescriber, prescriber }, url, {
      password: DEMO_PASSWORD,
      history: { ...DEFAULT_HISTORY, printedName: 'Alex Chen' },
      overrideReason: 'C-SSRS Screener done on paper at the assessment: no risk found.',
    });
    // Two adequate trials: no exclusion fired; the missing C-SSRS still needed the written reason.
    const iv = main(prescriber).getByTestId('evaluation-iv-ketamine');
    expect(await iv.textContent()).not.toContain('iv-not-treatment-resistant');
    expect(await iv.textContent()).toContain('treatment-resistant-depression');
    const row = main(prescriber)
      .getByTestId('decision-history')
      .getByRole('row')
      .filter({ hasText: 'IV ketamine' });
    expect(await row.textContent()).toContain('Without answers for: high-suicide-risk');
    expect(await row.textContent()).toContain('Reason: C-SSRS Screener done on paper');
  }, 360_000);

  it('the front desk may only send an intake link', async () => {
    const desk = await newPage(browser);
    await signIn(desk, server.baseUrl, { email: DEMO.frontDesk.email, password: DEMO_PASSWORD });
    await desk.goto(`${patientUrl}/intake`);
    await desk.getByRole('heading', { level: 2, name: 'Intake' }).waitFor();
    await main(desk).getByRole('region', { name: 'Send intake link' }).waitFor();
    expect(await main(desk).getByRole('region', { name: 'Consent' }).count()).toBe(0);
    expect(
      await desk
        .getByRole('navigation', { name: 'Patient record' })
        .getByRole('link', { name: 'Eligibility' })
        .count(),
    ).toBe(0);
    await expectAccessible(desk, 'the intake section for the front desk');
    await desk.context().close();
  });
});
