import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newPage, pageProblems, signIn } from './browser.ts';
import {
  acknowledgeOpenAlerts,
  answerItems,
  fillRegistration,
  patientIdFrom,
  riskBanner,
} from './patients.ts';
import { DEMO, DEMO_PASSWORD, startServer, type TestServer } from './server.ts';

// The staff pages ask for the open-alert count this often (web/src/app/alerts-context.tsx).
const ALERT_POLL_MS = 30_000;

let server: TestServer;
let browser: Browser;
let nurse: Page;
let patientUrl = '';
let mrn = '';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  nurse = await newPage(browser);
  await signIn(nurse, server.baseUrl, { email: DEMO.nurse.email, password: DEMO_PASSWORD });
  // The demo clinic may come with alerts of its own: acknowledged here, so these tests own the worklist.
  await acknowledgeOpenAlerts(nurse, server.baseUrl);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function main(page: Page) {
  return page.getByRole('main');
}

describe('patient registry', () => {
  it('registers a patient, warns about a possible duplicate and registers anyway when told to', async () => {
    await nurse.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click();
    await nurse.getByRole('heading', { level: 1, name: 'Patients' }).waitFor();
    await nurse
      .getByRole('status')
      .getByText(/^(Showing|No patients)/)
      .waitFor();
    await expectAccessible(nurse, 'the patients page');

    await main(nurse).getByRole('link', { name: 'Register patient' }).click();
    await nurse.getByRole('heading', { level: 1, name: 'Register patient' }).waitFor();
    expect(
      await main(nurse)
        .getByRole('group')
        .evaluateAll((groups) => groups.map((g) => g.querySelector('legend')?.textContent)),
    ).toEqual(expect.arrayContaining(['Identity', 'Contact', 'Emergency contact', 'Ride home', 'Care']));
    await expectAccessible(nurse, 'the register form');

    // The server's messages appear next to the inputs they are about.
    await main(nurse).getByRole('button', { name: 'Register patient' }).click();
    await main(nurse).getByRole('alert').first().waitFor();
    expect(await main(nurse).getByLabel('Legal given name').getAttribute('aria-invalid')).toBe('true');
    await main(nurse).getByText('Choose the sex assigned at birth.').waitFor();
    await expectAccessible(nurse, 'the register form with errors');

    await fillRegistration(nurse, {
      given: 'Robin',
      family: 'Example',
      preferred: 'Rob',
      dateOfBirth: '1985-04-12',
      sex: 'Female',
      pronouns: 'they/them',
      phone: '+1 212 555 0142',
    });
    const emergency = main(nurse).getByRole('group', { name: 'Emergency contact' });
    await emergency.getByLabel('Name').fill('Sam Example');
    await emergency.getByLabel('Phone').fill('+1 212 555 0143');
    await emergency.getByLabel('Relationship').fill('Sibling');
    const ride = main(nurse).getByRole('group', { name: 'Ride home' });
    await ride.getByLabel('Driver’s name').fill('Sam Example');
    await main(nurse).getByLabel('Status', { exact: true }).selectOption({ label: 'Active' });
    await main(nurse).getByRole('button', { name: 'Register patient' }).click();

    await nurse.getByRole('heading', { level: 1, name: 'Robin “Rob” Example' }).waitFor();
    patientUrl = nurse.url();
    const registered = await main(nurse)
      .getByText(/^Patient registered with MRN /)
      .textContent();
    mrn = /(MRN-\d+)\.$/.exec(registered ?? '')?.[1] ?? '';
    expect(mrn).toMatch(/^MRN-\d{6}$/);
    const facts = await main(nurse).locator('.patient-facts').textContent();
    expect(facts).toContain(mrn);
    expect(facts).toMatch(/Apr 12, 1985 \(age \d+\)/);
    expect(facts).toContain('Female');
    expect(facts).toContain('they/them');
    expect(facts).toContain('Active');
    expect(await nurse.title()).toBe(`Overview · ${mrn} · Ketaflow`);
    await expectAccessible(nurse, 'the patient overview');

    // The same name and date of birth again: a warning naming the existing record.
    await nurse.goto(`${server.baseUrl}/app/patients/new`);
    await fillRegistration(nurse, {
      given: 'Robin',
      family: 'Example',
      dateOfBirth: '1985-04-12',
      sex: 'Female',
    });
    await main(nurse).getByRole('button', { name: 'Register patient' }).click();
    const warning = main(nurse).getByRole('alert').filter({ hasText: 'Possible duplicate patient' });
    await warning.waitFor();
    await warning.getByRole('link', { name: `Open ${mrn} (opens in a new tab)` }).waitFor();
    // The 409 names the existing record by id: the link opens it.
    expect(
      await warning.getByRole('link', { name: `Open ${mrn} (opens in a new tab)` }).getAttribute('href'),
    ).toBe(new URL(patientUrl).pathname);
    await expectAccessible(nurse, 'the duplicate warning');
    await warning.getByRole('button', { name: 'Register anyway' }).click();
    await nurse.getByRole('heading', { level: 1, name: 'Robin Example' }).waitFor();
    const second = await main(nurse)
      .getByText(/^Patient registered with MRN /)
      .textContent();
    const secondMrn = /(MRN-\d+)\.$/.exec(second ?? '')?.[1] ?? '';
    expect(secondMrn).not.toBe(mrn);

    // One search box: name, date of birth in either form, MRN.
    await nurse.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click();
    const search = main(nurse).getByRole('searchbox', { name: /Search/ });
    const rows = main(nurse).getByRole('table', { name: 'Patients' }).locator('tbody tr');
    await search.fill('04/12/1985');
    await nurse.getByRole('status').getByText('Showing 1–2 of 2.').waitFor();
    await search.fill(secondMrn);
    await search.press('Enter');
    await nurse.getByRole('status').getByText('Showing 1–1 of 1.').waitFor();
    expect(await rows.first().textContent()).toContain(secondMrn);
    await search.fill('nobody here');
    await nurse.getByRole('status').getByText('No patients match this search.').waitFor();
    await search.fill('rob exam');
    await nurse.getByRole('status').getByText('Showing 1–2 of 2.').waitFor();
    await expectAccessible(nurse, 'the patients page with results');
    expect(pageProblems(nurse)).toEqual([]);
  });

  it('edits the record with the version it read, and explains a conflicting change', async () => {
    await nurse.goto(patientUrl);
    await main(nurse).getByRole('button', { name: 'Edit details' }).click();
    await main(nurse).getByLabel('City').fill('Brooklyn');

    // Someone else saves meanwhile.
    const id = patientIdFrom(patientUrl);
    const current = await (await nurse.request.get(`${server.baseUrl}/api/v1/patients/${id}`)).json();
    const csrf = (await nurse.context().cookies()).find((c) => c.name === 'kf_csrf')?.value ?? '';
    const { id: _id, careTeam: _team, createdAt: _c, updatedAt: _u, ...fields } = current;
    const other = await nurse.request.put(`${server.baseUrl}/api/v1/patients/${id}`, {
      headers: { 'x-csrf-token': csrf },
      data: { ...fields, pronouns: 'she/her' },
    });
    expect(other.status()).toBe(200);

    await main(nurse).getByRole('button', { name: 'Save changes' }).click();
    const conflict = main(nurse).getByRole('alert').filter({ hasText: 'Someone else changed this record' });
    await conflict.waitFor();
    await expectAccessible(nurse, 'the edit form after a conflicting change');
    await conflict.getByRole('button', { name: 'Reload the record' }).click();
    await conflict.waitFor({ state: 'hidden' });
    expect(await main(nurse).getByLabel('Pronouns').inputValue()).toBe('she/her');
    await main(nurse).getByLabel('City').fill('Brooklyn');
    await main(nurse).getByRole('button', { name: 'Save changes' }).click();
    await main(nurse).getByText('Details saved.').waitFor();
    expect(await main(nurse).locator('.facts').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Brooklyn')]),
    );

    // The care team is chosen from the clinic's active staff (GET /staff).
    const team = main(nurse).getByRole('region', { name: 'Care team' });
    const addSelect = team.getByLabel('Add to the care team');
    const offered = await addSelect.locator('option').allTextContents();
    expect(offered).toEqual(
      expect.arrayContaining([
        'Noah Nurse (me) — Nurse',
        expect.stringMatching(/^Dr\. Priya Prescriber — /),
        expect.stringMatching(/^Theo Therapist — /),
      ]),
    );
    expect(offered.join('\n')).not.toContain('Pat Patient');
    await addSelect.selectOption({ label: 'Noah Nurse (me) — Nurse' });
    await team.getByRole('button', { name: 'Add', exact: true }).click();
    await team.getByText('You were added to the care team.').waitFor();
    await team.getByRole('button', { name: 'Remove Noah Nurse from the care team' }).waitFor();
    await addSelect.selectOption({ label: offered.find((o) => o.startsWith('Theo Therapist — ')) ?? '' });
    await team.getByRole('button', { name: 'Add', exact: true }).click();
    await team.getByText('Theo Therapist was added to the care team.').waitFor();
    await team.getByRole('button', { name: 'Remove Theo Therapist from the care team' }).waitFor();
    expect(await addSelect.locator('option').allTextContents()).not.toContain('Noah Nurse (me) — Nurse');
    await expectAccessible(nurse, 'the overview with a care team');
    await team.getByRole('button', { name: 'Remove Theo Therapist from the care team' }).click();
    await team.getByText('Theo Therapist was removed from the care team.').waitFor();
    const id2 = patientIdFrom(patientUrl);
    const saved = await (await nurse.request.get(`${server.baseUrl}/api/v1/patients/${id2}`)).json();
    expect(saved.careTeam.map((m: { name: string }) => m.name)).toEqual(['Noah Nurse']);

    // The primary clinician is any clinical staff member, shown by name.
    await main(nurse).getByRole('button', { name: 'Edit details' }).click();
    const primary = main(nurse).getByLabel('Primary clinician');
    expect(await primary.locator('option').allTextContents()).toEqual(
      expect.arrayContaining(['None', 'Dr. Priya Prescriber', 'Noah Nurse (me)', 'Theo Therapist']),
    );
    await primary.selectOption({ label: 'Dr. Priya Prescriber' });
    await main(nurse).getByRole('button', { name: 'Save changes' }).click();
    await main(nurse).getByText('Details saved.').waitFor();
    expect(await main(nurse).locator('.facts').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Primary clinicianDr. Priya Prescriber')]),
    );
  });
});

describe('measurement-based care', () => {
  it('enters a PHQ-9 with a suicide-risk answer: crisis resources first, then an alert until acknowledged', async () => {
    // A second screen (the front desk, with a fake clock) learns of the alert only from its timer.
    const desk = await newPage(browser);
    await signIn(desk, server.baseUrl, { email: DEMO.frontDesk.email, password: DEMO_PASSWORD });
    await desk.clock.install();
    const firstPoll = desk.waitForResponse((r) => r.url().endsWith('/api/v1/alerts/summary'));
    await desk.goto(`${server.baseUrl}/app/`);
    expect(await (await firstPoll).json()).toEqual({ open: 0, openHigh: 0 });
    const deskNav = desk.getByRole('navigation', { name: 'Main' });
    await deskNav.getByRole('link', { name: 'Alerts', exact: true }).waitFor();

    await nurse.goto(patientUrl);
    await nurse
      .getByRole('navigation', { name: 'Patient record' })
      .getByRole('link', { name: 'Measures' })
      .click();
    await nurse.getByRole('heading', { level: 2, name: 'Measures' }).waitFor();
    const form = main(nurse).getByRole('form', { name: 'PHQ-9 answers' });
    await form.waitFor();
    await expectAccessible(nurse, 'the measures section');

    // Items left out are named next to their question.
    await answerItems(form, [2, 2, 2, 2, 2, 2, 2, 2]);
    await form.getByText('Answered 8 of 10 questions; total so far 16 of 27.').waitFor();
    await form.getByRole('button', { name: 'Save PHQ-9' }).click();
    const item9 = form.getByRole('group', { name: /^9\. / });
    await item9.getByText('PHQ-9 item 9 is not answered (it is always asked)').waitFor();
    expect(await nurse.evaluate(() => document.activeElement?.closest('fieldset')?.dataset.item)).toBe('q9');
    await expectAccessible(nurse, 'the PHQ-9 with an unanswered item');

    // Keyboard: the arrow key moves within the item's answers.
    await item9.getByRole('radio', { name: 'Not at all (0)' }).focus();
    await nurse.keyboard.press('ArrowDown');
    expect(await item9.getByRole('radio', { name: 'Several days (1)' }).isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Save PHQ-9' }).click();

    const result = main(nurse).getByTestId('response-result');
    const crisis = result.getByRole('alert');
    await crisis.waitFor();
    expect(await crisis.textContent()).toContain('988 Suicide & Crisis Lifeline');
    expect(await crisis.getByRole('link', { name: 'Call 988' }).getAttribute('href')).toBe('tel:988');
    // The crisis resources come before the score.
    expect(
      await result.evaluate((el) => el.firstElementChild?.getAttribute('role') === 'alert' && el.textContent),
    ).toMatch(/^Suicide-risk answer.*Total 17 of 27: moderately severe/);
    await result.getByText(/item 9 \(thoughts of death or self-harm\) answered 1/).waitFor();

    // The alert shows in the navigation and as a banner on every page.
    await riskBanner(nurse).getByRole('link', { name: '1 open suicide-risk alert — review' }).waitFor();
    await nurse
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Alerts, 1 open' })
      .waitFor();
    await main(nurse)
      .locator('.patient-header')
      .getByText('1 open suicide-risk alert for this patient.')
      .waitFor();
    await expectAccessible(nurse, 'the PHQ-9 result with crisis resources');

    // Nothing on the other screen until its timer fires; then the badge and banner appear.
    expect(await deskNav.getByRole('link', { name: 'Alerts, 1 open' }).count()).toBe(0);
    const poll = desk.waitForResponse((r) => r.url().endsWith('/api/v1/alerts/summary'));
    await desk.clock.runFor(ALERT_POLL_MS);
    expect(await (await poll).json()).toMatchObject({ open: 1 });
    await deskNav.getByRole('link', { name: 'Alerts, 1 open' }).waitFor();
    expect(await deskNav.locator('.nav-badge').textContent()).toBe('1');
    await riskBanner(desk).getByRole('link', { name: '1 open suicide-risk alert — review' }).waitFor();
    expect(pageProblems(desk)).toEqual([]);
    await desk.context().close();
    await nurse.screenshot({ path: '/tmp/ketaflow-patient-measures.png', fullPage: true });

    // A lower PHQ-9 without a risk answer, then a treatment date: the second score becomes the baseline.
    await result.getByRole('button', { name: 'Enter another questionnaire' }).click();
    await answerItems(form, [1, 2, 1, 1, 2, 1, 1, 1, 0]);
    await form.getByRole('button', { name: 'Save PHQ-9' }).click();
    await result.getByText('Total 10 of 27: moderate.').waitFor();
    expect(await result.getByRole('alert').count()).toBe(0);
  });

  it('asks C-SSRS Q3–Q5 only after a yes to Q2, and a high-risk answer comes first on the worklist', async () => {
    const record = main(nurse).getByRole('region', { name: 'Enter answers' });
    await record.getByRole('button', { name: 'Enter another questionnaire' }).click();
    await record.getByLabel('Questionnaire').selectOption('cssrs-screener');
    const form = record.getByRole('form', { name: 'C-SSRS Screener answers' });
    await form.waitFor();
    const groups = form.getByRole('group', { name: /^\d/ });
    expect(await groups.count()).toBe(3);
    await form.getByRole('group', { name: /^1\. / }).getByRole('radio', { name: 'No (0)' }).check();
    await form.getByRole('group', { name: /^2\. / }).getByRole('radio', { name: 'Yes (1)' }).check();
    expect(await groups.count()).toBe(6);
    await form.getByRole('group', { name: /^3\. / }).getByText('Asked because Q2 is yes.').waitFor();
    await expectAccessible(nurse, 'the C-SSRS with follow-up questions');
    // Back to no: the follow-ups go, and so do their answers.
    await form.getByRole('group', { name: /^3\. / }).getByRole('radio', { name: 'Yes (1)' }).check();
    await form.getByRole('group', { name: /^2\. / }).getByRole('radio', { name: 'No (0)' }).check();
    expect(await groups.count()).toBe(3);
    await form.getByRole('group', { name: /^2\. / }).getByRole('radio', { name: 'Yes (1)' }).check();
    expect(
      await form.getByRole('group', { name: /^3\. / }).getByRole('radio', { checked: true }).count(),
    ).toBe(0);
    await form.getByRole('group', { name: /^3\. / }).getByRole('radio', { name: 'Yes (1)' }).check();
    await form.getByRole('group', { name: /^4\. / }).getByRole('radio', { name: 'Yes (1)' }).check();
    await form.getByRole('group', { name: /^5\. / }).getByRole('radio', { name: 'No (0)' }).check();
    await form.getByRole('group', { name: /^6\. / }).getByRole('radio', { name: 'No (0)' }).check();
    await form.getByRole('button', { name: 'Save C-SSRS Screener' }).click();
    const result = main(nurse).getByTestId('response-result');
    await result.getByRole('alert').waitFor();
    await result.getByText('Risk level: high.').waitFor();
    await riskBanner(nurse).getByRole('link', { name: '2 open suicide-risk alerts — review' }).waitFor();

    await riskBanner(nurse).getByRole('link').click();
    await nurse.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
    const open = main(nurse).getByRole('region', { name: /Open alerts/ });
    const cards = open.getByRole('listitem');
    await cards.nth(1).waitFor();
    expect(await cards.first().textContent()).toMatch(/^High risk.*C-SSRS Screener/);
    expect(await cards.nth(1).textContent()).toMatch(/^Suicide risk.*PHQ-9: item 9/);
    await expectAccessible(nurse, 'the alert worklist');
    await nurse.screenshot({ path: '/tmp/ketaflow-alerts.png', fullPage: true });
  });

  it('acknowledges both alerts with the action taken; the banner goes and the history keeps who and when', async () => {
    const open = main(nurse).getByRole('region', { name: /Open alerts/ });
    await open
      .getByRole('button', { name: /^Acknowledge alert for Rob Example/ })
      .first()
      .click();
    const dialog = nurse.getByRole('dialog', { name: 'Acknowledge alert' });
    await dialog.waitFor();
    await expectAccessible(nurse, 'the acknowledge dialog');
    await dialog.getByRole('button', { name: 'Acknowledge alert' }).click();
    await dialog.getByText('Choose what you did.').waitFor();
    await dialog.getByRole('radio', { name: 'Other (describe in the note)' }).check();
    await dialog.getByRole('button', { name: 'Acknowledge alert' }).click();
    await dialog.getByText('A note is required when the action is "other".').waitFor();
    await expectAccessible(nurse, 'the acknowledge dialog with an error');
    await dialog.getByRole('radio', { name: 'Called the patient' }).check();
    await dialog.getByLabel(/Note/).fill('Called Rob; safe at home with sibling, appointment tomorrow.');
    await dialog.getByRole('button', { name: 'Acknowledge alert' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await nurse.getByRole('status').getByText('Alert for Rob Example acknowledged.').first().waitFor();
    await riskBanner(nurse).getByText('1 open suicide-risk alert').waitFor();

    // The other one, from the patient's own alerts section.
    await nurse.goto(`${patientUrl}/alerts`);
    const section = main(nurse).getByRole('region', { name: 'Alerts', exact: true });
    await section.getByRole('heading', { name: 'Open (1)' }).waitFor();
    await expectAccessible(nurse, 'the patient alerts section');
    await section.getByRole('button', { name: /^Acknowledge alert for PHQ-9/ }).click();
    await dialog.getByRole('radio', { name: 'Reviewed the safety plan with the patient' }).check();
    await dialog.getByRole('button', { name: 'Acknowledge alert' }).click();
    await section.getByRole('heading', { name: 'Open (0)' }).waitFor();
    await section.getByRole('heading', { name: 'Acknowledged (2)' }).waitFor();
    expect(await riskBanner(nurse).textContent()).toBe('');
    expect(await riskBanner(nurse).isVisible()).toBe(false);
    expect(
      await nurse
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Alerts' })
        .textContent(),
    ).toBe('Alerts');
    await section
      .getByText(/by Noah Nurse on .*: Called the patient\./)
      .first()
      .waitFor();
    await section
      .getByText('Note: Called Rob; safe at home with sibling, appointment tomorrow.')
      .first()
      .waitFor();

    await nurse.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
    await main(nurse).getByText('No open alerts.').waitFor();
    await main(nurse).getByRole('button', { name: 'Show acknowledged alerts' }).click();
    const history = main(nurse).getByRole('region', { name: 'Acknowledged alerts' });
    await history
      .getByText(/by Noah Nurse/)
      .first()
      .waitFor();
    expect(await history.getByRole('listitem').filter({ hasText: 'Rob Example' }).count()).toBe(2);
    await expectAccessible(nurse, 'the worklist with acknowledged alerts');
    expect(pageProblems(nurse)).toEqual([]);
  });

  it('shows the trajectory as a chart with baseline, response and remission lines, a table and item changes', async () => {
    await nurse.goto(`${patientUrl}/trajectory`);
    await nurse.getByRole('heading', { level: 2, name: 'Trajectory' }).waitFor();
    const tomorrow = await nurse.evaluate(() => {
      const d = new Date(Date.now() + 86_400_000);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    const treatments = main(nurse).getByRole('region', { name: 'Treatment dates' });
    await treatments.getByLabel('Date').fill(tomorrow);
    await treatments.getByLabel('Treatment').fill('IV ketamine 0.5 mg/kg');
    await treatments.getByRole('button', { name: 'Add treatment date' }).click();
    await treatments
      .getByRole('status')
      .getByText(/Treatment on .* added\./)
      .waitFor();

    const phq9 = main(nurse).getByRole('region', { name: 'PHQ-9', exact: true });
    const chart = phq9.getByRole('img', { name: /PHQ-9 totals over time/ });
    await chart.waitFor();
    const svg = phq9.getByTestId('chart-phq9');
    expect(await svg.locator('.chart-treatment').count()).toBe(1);
    expect(await svg.locator('.chart-baseline text').textContent()).toBe('Baseline 10');
    expect(await svg.locator('.chart-response text').textContent()).toBe('Response ≤ 5');
    expect(await svg.locator('.chart-remission text').textContent()).toBe('Remission < 5');
    expect(await svg.locator('.chart-point-risk').count()).toBe(1);
    expect(await svg.locator('.chart-point').count()).toBe(1);

    const table = phq9.getByRole('table', { name: 'PHQ-9 scores (table view of the chart)' });
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toMatch(/17\s*\/ 27.*moderately severe.*Yes/);
    expect(await rows.nth(1).textContent()).toMatch(/10\s*\/ 27.*moderate.*Baseline.*No/);
    await main(nurse).locator('.patient-header').getByText('PHQ-9: baseline PHQ-9 10 on').waitFor();

    // The latest response is selected: which items moved since the one before.
    await phq9
      .getByTestId('moved-summary')
      .getByText(/^7 of 10 items moved: /)
      .waitFor();
    const items = phq9.getByRole('table', { name: /Item scores/ });
    expect(await items.getByRole('row', { name: /Thoughts of death or self-harm/ }).textContent()).toMatch(
      /self-harm10\W*−1 \(better\)$/,
    );
    await phq9.getByRole('radio', { name: /^Baseline/ }).check();
    await phq9.getByText('This response is the baseline.').waitFor();
    await phq9
      .getByRole('button', { name: /^Items of / })
      .first()
      .click();
    await phq9
      .getByText('This is the first response: there is nothing earlier to compare with.')
      .first()
      .waitFor();
    await expectAccessible(nurse, 'the trajectory');
    await nurse.screenshot({ path: '/tmp/ketaflow-trajectory.png', fullPage: true });

    const cssrs = main(nurse).getByRole('region', { name: 'C-SSRS Screener', exact: true });
    await cssrs.getByText('gives a risk level rather than a total').waitFor();
    expect(pageProblems(nurse)).toEqual([]);
  });

  it('fits a phone: the patient page and its trajectory at 390 px', async () => {
    const phone = await newPage(browser, { width: 390 });
    await signIn(phone, server.baseUrl, { email: DEMO.therapist.email, password: DEMO_PASSWORD });
    await phone.goto(`${patientUrl}/trajectory`);
    await phone.getByRole('img', { name: /PHQ-9 totals over time/ }).waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(phone, 'the trajectory at 390 px');
    await phone.screenshot({ path: '/tmp/ketaflow-trajectory-390.png', fullPage: true });
    await phone.goto(`${patientUrl}/measures`);
    await phone.getByRole('form', { name: 'PHQ-9 answers' }).waitFor();
    expect(
      await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await expectAccessible(phone, 'the measures section at 390 px');
    expect(pageProblems(phone)).toEqual([]);
    await phone.context().close();
  });

  it('lets the front desk register patients and send links, but not see answers or trajectories', async () => {
    const desk = await newPage(browser);
    await signIn(desk, server.baseUrl, { email: DEMO.frontDesk.email, password: DEMO_PASSWORD });
    await desk.goto(patientUrl);
    const sections = desk.getByRole('navigation', { name: 'Patient record' });
    await sections.waitFor();
    expect(await sections.getByRole('link').allTextContents()).toEqual([
      'Overview',
      'Measures',
      'Alerts',
      'Intake',
      'Bookings',
    ]);
    expect(await desk.locator('.patient-header').textContent()).not.toContain('PHQ-9');

    await sections.getByRole('link', { name: 'Measures' }).click();
    await desk
      .getByText('Answers and scores are visible to prescribers, nurses and therapists only')
      .waitFor();
    expect(await main(desk).getByRole('region', { name: 'Enter answers' }).count()).toBe(0);
    const send = main(desk).getByRole('region', { name: 'Send questionnaires' });
    await send.getByRole('checkbox', { name: 'GAD-7' }).check();
    await send.getByRole('button', { name: 'Create link' }).click();
    expect(await send.getByTestId('measure-link-url').inputValue()).toMatch(/\/m\/[A-Za-z0-9_-]{20,}$/);
    await send.getByText(/Link for PHQ-9, GAD-7 created/).waitFor();
    await expectAccessible(desk, 'the measures section (front desk)');

    await desk.goto(`${patientUrl}/trajectory`);
    await main(desk).getByRole('heading', { level: 2, name: 'Not available to your role' }).waitFor();
    await expectAccessible(desk, 'the trajectory refused to the front desk');
    const id = patientIdFrom(patientUrl);
    expect((await desk.request.get(`${server.baseUrl}/api/v1/patients/${id}/trajectory`)).status()).toBe(403);

    // The worklist is visible to the front desk, acknowledging is not.
    await desk.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
    await main(desk).getByRole('button', { name: 'Show acknowledged alerts' }).click();
    await main(desk)
      .getByRole('region', { name: 'Acknowledged alerts' })
      .getByRole('listitem')
      .first()
      .waitFor();
    expect(
      await main(desk)
        .getByRole('button', { name: /^Acknowledge/ })
        .count(),
    ).toBe(0);
    expect(pageProblems(desk)).toEqual([]);
    await desk.context().close();
  });
});
