import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from '../browser.ts';

/**
 * Steps of the intake → consent → eligibility path in the staff app, for chaining into longer
 * browser tests (new patient → intake → signed plan → booked sessions). Each step starts from a
 * signed-in page and a patient's address (`…/app/patients/<id>`), and scans the screens it shows
 * with axe when `axe` is set.
 */

export type Trial = {
  drug: string;
  dose: string;
  weeks: string;
  response: 'none' | 'partial';
  /** The prescriber's judgement entered at review: counts toward treatment resistance when yes. */
  adequate: 'Yes' | 'No';
};

export type PatientHistory = {
  trials: Trial[];
  /** A current medicine whose kind the patient does not know: staff classify it at review. */
  medicine?: { name: string; dose: string; classAtReview: string };
  heightCm: string;
  weightKg: string;
  printedName: string;
};

export const DEFAULT_HISTORY: PatientHistory = {
  trials: [
    { drug: 'Sertraline', dose: '150 mg a day', weeks: '10', response: 'partial', adequate: 'Yes' },
    { drug: 'Escitalopram', dose: '20 mg a day', weeks: '8', response: 'none', adequate: 'Yes' },
  ],
  medicine: { name: 'Lorazepam', dose: '1 mg at night', classAtReview: 'Benzodiazepine' },
  heightCm: '170',
  weightKg: '72.5',
  printedName: 'Morgan Ellis',
};

function main(page: Page) {
  return page.getByRole('main');
}

/** Opens the patient's Intake section and creates a single-use intake link; returns its address. */
export async function sendIntakeLink(page: Page, patientUrl: string, axe = false): Promise<string> {
  await page.goto(`${patientUrl}/intake`);
  await page.getByRole('heading', { level: 2, name: 'Intake' }).waitFor();
  const send = main(page).getByRole('region', { name: 'Send intake link' });
  if (axe) await expectAccessible(page, 'the intake section before a link');
  await send.getByRole('button', { name: 'Create intake link' }).click();
  return send.getByTestId('intake-link-url').inputValue();
}

/**
 * The patient fills in the server-rendered form at /i/<token> on a phone-sized screen, without staff
 * cookies: every required safety question answered "no", the trials, one medicine, height and
 * weight, and their consent with their printed name.
 */
export async function fillIntakeAsPatient(
  browser: Browser,
  link: string,
  history: PatientHistory = DEFAULT_HISTORY,
  axe = false,
): Promise<void> {
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'en-US',
    timezoneId: 'America/New_York',
  });
  try {
    const page = await phone.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Your health history' }).waitFor();
    if (axe) await expectAccessible(page, 'the patient’s intake form');
    for (const [index, trial] of history.trials.entries()) {
      const row = page.getByRole('group', { name: `Antidepressant ${index + 1}` });
      await row.getByLabel('Name of the medicine').fill(trial.drug);
      await row.getByLabel(/Highest dose/).fill(trial.dose);
      await row.getByLabel('For how many weeks?').fill(trial.weeks);
      await row.getByLabel('How did you take it?').selectOption('good');
      await row.getByLabel('Did it help?').selectOption(trial.response);
      await row.getByLabel('When did you take it?').selectOption('current');
    }
    // The required safety questions: radio groups named by their question.
    const no = async (name: string, value = 'no') =>
      page.locator(`input[name="${name}"][value="${value}"]`).check();
    for (const key of ['activePsychosis', 'activeMania', 'pastPsychosis', 'pastMania']) await no(`ps_${key}`);
    for (const key of ['ketamine', 'pcp', 'alcohol', 'cannabis']) await no(`su_${key}`, 'never');
    await no('mh_hypertension', 'none');
    for (const key of [
      'heartDisease',
      'aneurysmalVascularDiseaseOrAvm',
      'intracerebralHaemorrhage',
      'stroke',
      'seizures',
      'liverDisease',
      'bladderSymptoms',
      'raisedIntracranialPressure',
      'raisedIntraocularPressure',
      'pregnant',
      'breastfeeding',
    ]) {
      await no(`mh_${key}`);
    }
    await page
      .getByRole('group', { name: /allergic reaction to ketamine\?/ })
      .getByRole('radio', { name: 'No' })
      .check();
    await page
      .getByRole('group', { name: /allergic reaction to esketamine/ })
      .getByRole('radio', { name: 'No' })
      .check();
    if (history.medicine) {
      const med = page.getByRole('group', { name: 'Medicine 1' });
      await med.getByLabel('Name').fill(history.medicine.name);
      await med.getByLabel(/^Dose/).fill(history.medicine.dose);
      await med.getByLabel('What kind of medicine is it?').selectOption('unknown');
    }
    await page.getByLabel('or centimetres').fill(history.heightCm);
    await page.getByLabel('or kilograms').fill(history.weightKg);
    await page.getByRole('checkbox', { name: /^I consent to ketamine or esketamine treatment/ }).check();
    await page.getByLabel('Your full name, as your signature').fill(history.printedName);
    await page.getByRole('button', { name: 'Send my history' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thank you' }).waitFor();
    await page.getByText('Your consent was recorded').waitFor();
    if (axe) await expectAccessible(page, 'the thank-you page after the intake');
  } finally {
    await phone.close();
  }
}

/** The history form of the Intake section. */
export function historyForm(page: Page) {
  return main(page).getByRole('form', { name: /History|Verified history|Correct the verified record/ });
}

/**
 * A nurse or prescriber reviews the patient's submission: judges each trial's adequacy, classifies
 * the medicine, adds baseline vitals, saves a draft and verifies it with their password.
 */
export async function reviewAndVerifyIntake(
  page: Page,
  patientUrl: string,
  password: string,
  history: PatientHistory = DEFAULT_HISTORY,
  vitals = { systolic: '128', diastolic: '82' },
): Promise<void> {
  await page.goto(`${patientUrl}/intake`);
  const form = historyForm(page);
  await form.waitFor();
  for (const [index, trial] of history.trials.entries()) {
    await form
      .getByRole('group', { name: `Trial ${index + 1}` })
      .getByLabel(/^Adequate dose and duration/)
      .selectOption({ label: trial.adequate });
  }
  if (history.medicine) {
    await form
      .getByRole('group', { name: 'Medicine 1' })
      .getByRole('checkbox', { name: history.medicine.classAtReview })
      .check();
  }
  await form.getByLabel('Systolic BP, mmHg').fill(vitals.systolic);
  await form.getByLabel('Diastolic BP, mmHg').fill(vitals.diastolic);
  await form.getByRole('button', { name: 'Save draft' }).click();
  await main(page).getByText('Draft saved as a new version.').waitFor();
  await verifyIntake(page, password);
}

export async function verifyIntake(page: Page, password: string): Promise<void> {
  const verify = main(page).getByRole('form', { name: 'Verify and sign' });
  await verify.getByLabel('Your password, to sign').fill(password);
  await verify.getByRole('button', { name: 'Verify and sign intake' }).click();
  await main(page).getByText('Intake verified and signed.').waitFor();
}

/** The clinician signs the consent-discussion form with their password. */
export async function signConsentDiscussion(page: Page, password: string): Promise<void> {
  const consent = main(page).getByRole('region', { name: 'Consent' });
  await consent.getByRole('button', { name: /^Sign “Clinician’s confirmation/ }).click();
  const form = consent.getByRole('form', { name: /^Sign Clinician’s confirmation/ });
  await form.getByLabel('Your password, to sign').fill(password);
  await form.getByRole('button', { name: 'Sign consent form' }).click();
  await consent.getByText(/signed\.$/).waitFor();
}

export type Decision = 'Eligible' | 'Eligible with cautions' | 'Not eligible';
export type RouteName = 'IV ketamine' | 'Esketamine nasal spray';

/**
 * A prescriber signs an eligibility decision for a route; when the form asks for a reason to
 * override an exclusion (fired or unanswered), `overrideReason` is written in.
 */
export async function signEligibilityDecision(
  page: Page,
  patientUrl: string,
  options: { route: RouteName; decision: Decision; password: string; overrideReason?: string },
): Promise<void> {
  if (!page.url().endsWith('/eligibility')) await page.goto(`${patientUrl}/eligibility`);
  const form = main(page).getByRole('form', { name: `Sign a decision: ${options.route}` });
  await form.getByRole('radio', { name: options.decision, exact: true }).check();
  const reason = form.getByLabel('Reason for overriding the exclusion');
  if ((await reason.count()) > 0) {
    await reason.fill(options.overrideReason ?? 'Reviewed with the patient at the assessment visit.');
  }
  await form.getByLabel('Your password, to sign').fill(options.password);
  await form.getByRole('button', { name: 'Sign decision' }).click();
  await main(page)
    .getByRole('status')
    .getByText(`${options.route}: ${options.decision.toLowerCase()}, signed.`)
    .waitFor();
}

/**
 * The whole path for one patient: intake link, the patient's submission, review and verification
 * and the consent discussion by `clinician`, and a signed eligibility decision by `prescriber`
 * (which may be the same page). Leaves `prescriber` on the Eligibility section.
 */
export async function completeIntakeAndEligibility(
  browser: Browser,
  pages: { clinician: Page; prescriber: Page },
  patientUrl: string,
  options: {
    password: string;
    history?: PatientHistory;
    route?: RouteName;
    decision?: Decision;
    overrideReason?: string;
  },
): Promise<void> {
  const history = options.history ?? DEFAULT_HISTORY;
  const link = await sendIntakeLink(pages.clinician, patientUrl);
  await fillIntakeAsPatient(browser, link, history);
  await reviewAndVerifyIntake(pages.clinician, patientUrl, options.password, history);
  await signConsentDiscussion(pages.clinician, options.password);
  await signEligibilityDecision(pages.prescriber, patientUrl, {
    route: options.route ?? 'IV ketamine',
    decision: options.decision ?? 'Eligible with cautions',
    password: options.password,
    ...(options.overrideReason ? { overrideReason: options.overrideReason } : {}),
  });
}
