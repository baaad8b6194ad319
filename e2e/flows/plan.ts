import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectAccessible } from '../browser.ts';

/**
 * Steps of the treatment-plan path in the staff app, for chaining into longer browser tests
 * (new patient → intake → signed plan → booked sessions). Each step starts from a signed-in page.
 */

async function csrfOf(page: Page): Promise<string> {
  return (await page.context().cookies()).find((c) => c.name === 'kf_csrf')?.value ?? '';
}

/** A JSON call to the API as the page's signed-in user; throws with the body unless the status is expected. */
export async function callApi<T>(
  page: Page,
  baseUrl: string,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  data?: unknown,
  expected = [200, 201],
): Promise<T> {
  const res = await page.request.fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { 'x-csrf-token': await csrfOf(page), accept: 'application/json' },
    ...(data === undefined ? {} : { data }),
  });
  if (!expected.includes(res.status()))
    throw new Error(`${method} ${path}: HTTP ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The patient's form at /i/<token>: every safety question "no", two failed adequate-length trials. */
function intakeForm(
  measures: { heightCm: string; weightKg: string },
  printedName: string,
): Record<string, string> {
  return {
    diagnoses: 'Major depressive disorder, recurrent',
    episodeMonths: '14',
    tr1_drug: 'sertraline',
    tr1_dose: '150 mg daily',
    tr1_weeks: '8',
    tr1_adherence: 'good',
    tr1_response: 'none',
    tr1_episode: 'current',
    tr2_drug: 'venlafaxine',
    tr2_dose: '225 mg daily',
    tr2_weeks: '10',
    tr2_adherence: 'good',
    tr2_response: 'partial',
    tr2_episode: 'current',
    tx_psychotherapy: 'no',
    tx_ect: 'no',
    tx_tms: 'no',
    ps_activePsychosis: 'no',
    ps_activeMania: 'no',
    ps_pastPsychosis: 'no',
    ps_pastMania: 'no',
    su_ketamine: 'never',
    su_pcp: 'never',
    su_alcohol: 'never',
    su_cannabis: 'never',
    mh_hypertension: 'none',
    mh_heartDisease: 'no',
    mh_aneurysmalVascularDiseaseOrAvm: 'no',
    mh_intracerebralHaemorrhage: 'no',
    mh_stroke: 'no',
    mh_seizures: 'no',
    mh_liverDisease: 'no',
    mh_bladderSymptoms: 'no',
    mh_raisedIntracranialPressure: 'no',
    mh_raisedIntraocularPressure: 'no',
    mh_pregnant: 'no',
    mh_breastfeeding: 'no',
    al_ketamine: 'no',
    al_esketamine: 'no',
    heightCm: measures.heightCm,
    weightKg: measures.weightKg,
    consent: 'yes',
    printedName,
  };
}

/**
 * Seeds what a plan needs, through the API: a C-SSRS Screener, the patient's intake form, its review
 * and verification, and a signed eligibility decision for the route. `page` is a signed-in prescriber
 * (who may verify intakes and decide eligibility); the intake screens have browser tests of their own.
 */
export async function seedEligibleViaApi(
  page: Page,
  baseUrl: string,
  patientId: string,
  options: {
    password: string;
    weightKg: string;
    heightCm: string;
    route?: 'iv-ketamine' | 'esketamine';
    printedName?: string;
  },
): Promise<void> {
  await callApi(page, baseUrl, 'POST', `/patients/${patientId}/responses`, {
    instrument: 'cssrs-screener',
    answers: { q1: 0, q2: 0, q6: 0 },
    source: 'staff-for-patient',
    idempotencyKey: crypto.randomUUID(),
  });
  const link = await callApi<{ url: string; intakeId: string }>(
    page,
    baseUrl,
    'POST',
    `/patients/${patientId}/intake-links`,
    {},
  );
  const submitted = await fetch(`${baseUrl}${new URL(link.url).pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(intakeForm(options, options.printedName ?? 'Test Patient')).toString(),
  });
  expect(submitted.status).toBe(200);
  type Intake = {
    latestVersion: number;
    versions: { facts: Record<string, unknown> & { psychiatricHistory: Record<string, unknown> } }[];
  };
  const intake = await callApi<Intake>(page, baseUrl, 'GET', `/intakes/${link.intakeId}`);
  const facts = intake.versions.at(-1)?.facts;
  if (!facts) throw new Error('the intake has no version');
  const history = facts.psychiatricHistory as { antidepressantTrials: object[] };
  const draft = await callApi<{ latestVersion: number }>(
    page,
    baseUrl,
    'PUT',
    `/intakes/${link.intakeId}/draft`,
    {
      baseVersion: intake.latestVersion,
      facts: {
        ...facts,
        psychiatricHistory: {
          ...facts.psychiatricHistory,
          antidepressantTrials: history.antidepressantTrials.map((t) => ({ ...t, adequate: true })),
          acuteSuicidalIdeationOrBehaviour: false,
        },
        baselineVitals: { systolicMmHg: 124, diastolicMmHg: 78, heartRateBpm: 72, spo2Percent: 98 },
      },
    },
  );
  await callApi(page, baseUrl, 'POST', `/intakes/${link.intakeId}/verify`, {
    version: draft.latestVersion,
    password: options.password,
  });
  const route = options.route ?? 'iv-ketamine';
  type Evaluation = {
    ruleSet: { version: number };
    intake: { versionId: string };
    evaluations: { suggestedDecision: string }[];
  };
  const evaluation = await callApi<Evaluation>(
    page,
    baseUrl,
    'GET',
    `/patients/${patientId}/eligibility?route=${route}`,
  );
  const suggested = evaluation.evaluations[0]?.suggestedDecision;
  await callApi(page, baseUrl, 'POST', `/patients/${patientId}/eligibility-decisions`, {
    route,
    decision: suggested === 'eligible-with-cautions' ? 'eligible-with-cautions' : 'eligible',
    ...(suggested !== 'eligible' && suggested !== 'eligible-with-cautions'
      ? { overrideReason: 'Reviewed in person at the assessment visit (browser-test seed).' }
      : {}),
    ruleSetVersion: evaluation.ruleSet.version,
    intakeVersionId: evaluation.intake.versionId,
    password: options.password,
  });
}

function main(page: Page): Locator {
  return page.getByRole('main');
}

/** The new-plan form on the patient's Plan section. */
export function planForm(page: Page): Locator {
  return main(page).getByRole('form', { name: 'New treatment plan' });
}

/** The live dose preview's steps, one string per step, as shown. */
export async function doseSteps(page: Page): Promise<string[]> {
  const steps = planForm(page).getByRole('list', { name: 'Calculation steps' }).getByRole('listitem');
  return (await steps.allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim());
}

export type PlanChoices = {
  /** As the protocol select shows it, e.g. /IV racemic ketamine/. */
  protocol?: RegExp;
  startDate: string;
  concentrationMgPerMl?: string;
  bagMl?: string;
  dose?: string;
  aboveLimitReason?: string;
  weightBasis?:
    | 'Actual body weight'
    | 'Ideal body weight (Devine)'
    | 'Adjusted body weight (IBW + 0.4 × excess)';
};

/** Opens the Plan section and fills the new-plan form; waits until the server's preview agrees. */
export async function fillPlanForm(
  page: Page,
  patientUrl: string,
  choices: PlanChoices,
  axe = false,
): Promise<void> {
  await page.goto(`${patientUrl}/plan`);
  await page.getByRole('heading', { level: 2, name: 'Treatment plan' }).waitFor();
  const form = planForm(page);
  await form.getByLabel('Start date').waitFor();
  if (choices.protocol) {
    const select = form.getByLabel('Protocol', { exact: true });
    const label = (await select.locator('option').allTextContents()).find((o) => choices.protocol?.test(o));
    if (!label) throw new Error(`no protocol matches ${choices.protocol}`);
    await select.selectOption({ label });
  }
  await form.getByLabel('Start date').fill(choices.startDate);
  if (choices.weightBasis) await form.getByRole('radio', { name: choices.weightBasis }).check();
  if (choices.concentrationMgPerMl !== undefined) {
    await form.getByLabel('Ketamine concentration (mg/mL)').fill(choices.concentrationMgPerMl);
  }
  if (choices.bagMl !== undefined) await form.getByLabel(/^Diluent bag \(mL\)/).fill(choices.bagMl);
  if (choices.dose !== undefined) await form.getByLabel(/^Dose \(/).fill(choices.dose);
  if (choices.aboveLimitReason !== undefined) {
    await form.getByLabel('Reason for a dose above the protocol’s maximum').fill(choices.aboveLimitReason);
  }
  await form.getByTestId('server-check').getByText('The server’s preview gives the same result.').waitFor();
  if (axe) await expectAccessible(page, 'the new-plan form with its dose preview');
}

/** Signs the filled form with the prescriber's password; waits for the planned sessions. */
export async function signPlan(page: Page, password: string): Promise<void> {
  const form = planForm(page);
  await form.getByLabel('Your password').fill(password);
  await form.getByRole('button', { name: 'Sign treatment plan' }).click();
  await main(page)
    .getByRole('status')
    .getByText(/^Treatment plan signed: \d+ sessions planned\.$/)
    .waitFor();
  await main(page)
    .getByRole('table', { name: /^Planned sessions/ })
    .waitFor();
}

/**
 * The whole step for chaining: a prescriber's page creates and signs a plan for the patient whose
 * intake is verified and whose eligibility decision is signed. Returns the planned sessions' dates.
 */
export async function createAndSignPlan(
  page: Page,
  patientUrl: string,
  options: PlanChoices & { password: string; axe?: boolean },
): Promise<string[]> {
  const { password, axe, ...choices } = options;
  await fillPlanForm(page, patientUrl, { concentrationMgPerMl: '10', ...choices }, axe);
  await signPlan(page, password);
  const rows = main(page)
    .getByRole('table', { name: /^Planned sessions/ })
    .locator('tbody tr');
  return (await rows.locator('td:nth-child(2)').allTextContents()).map((d) => d.trim());
}
