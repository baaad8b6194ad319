import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, type TestContext } from '../test/helpers/clinic.ts';
import {
  type EsketamineClinic,
  enrolledPatient,
  setUpEsketamineClinic,
  signedEsketamineSession,
} from '../test/rems-helpers.ts';
import { expectAccessible, launchBrowser, newPage, pageProblems, signIn } from './browser.ts';
import { startClockedApp } from './clocked-app.ts';

// A signed esketamine session (2 hours of monitoring, which the label fixes) is set up through the API
// on a server whose clock the test moves; then a nurse works its REMS form and a serious adverse event.
const SESSION_START = new Date('2026-11-27T14:00:00Z'); // Friday 09:00 in New York

let t: TestContext & { baseUrl: string };
let c: EsketamineClinic;
let browser: Browser;
let page: Page;
let sessionId: string;

function main(p: Page) {
  return p.getByRole('main');
}

function formsTable(p: Page) {
  return main(p).getByRole('table', { name: /^\d+ forms?$/ });
}

beforeAll(async () => {
  t = await startClockedApp(new Date('2026-11-26T14:00:00Z'));
  c = await setUpEsketamineClinic(t);
  const patientId = await enrolledPatient(t, { legalGivenName: 'Morgan', legalFamilyName: 'Esk' });
  sessionId = await signedEsketamineSession(t, c, patientId, SESSION_START);
  // Two days later: the form is due in five.
  t.clock.now = new Date('2026-11-29T15:00:00Z');
  browser = await launchBrowser();
  page = await newPage(browser);
  await signIn(page, t.baseUrl, { email: t.clinic.users.nurse.email, password: TEST_PASSWORD });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('REMS forms and serious adverse events in the browser', () => {
  it('lists the form due on the dashboard', async () => {
    await page.getByRole('link', { name: 'REMS forms', exact: true }).click();
    await page.getByRole('heading', { name: 'REMS forms and serious adverse events' }).waitFor();
    const row = formsTable(page).getByRole('row').filter({ hasText: 'Morgan Esk' });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toMatch(/Due.*5 days left/);
    await expectAccessible(page, 'REMS dashboard');
    await page.getByLabel('Status').selectOption('overdue');
    await main(page).getByText('0 forms').waitFor();
    await page.getByLabel('Status').selectOption('');
    await row.waitFor();
  });

  it('opens the form filled from the signed note and downloads its PDF', async () => {
    await page.getByRole('link', { name: /Open the form of Morgan Esk/ }).click();
    await page.getByRole('heading', { name: /REMS monitoring form: Morgan Esk/ }).waitFor();
    const session = main(page).getByRole('table', { name: 'Session', exact: true });
    await expect.poll(() => session.textContent()).toMatch(/56 mg/);
    expect(await session.textContent()).toContain(c.lotNumber);
    const vitals = main(page).getByRole('table', { name: 'Vital signs' });
    expect(await vitals.textContent()).toMatch(/172\/96 mmHg/);
    await expectAccessible(page, 'REMS monitoring form');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download PDF' }).click(),
    ]);
    const file = await download.path();
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('saves the answers the note does not hold', async () => {
    for (const med of [
      'Benzodiazepines',
      'Non-benzodiazepine sedative hypnotics',
      'Psychostimulants',
      'Opioids',
    ]) {
      await page
        .getByRole('group', { name: `Concomitant medication: ${med}` })
        .getByLabel('No')
        .check();
    }
    await page
      .getByRole('group', { name: 'Concomitant medication: Monoamine oxidase inhibitors (MAOIs)' })
      .getByLabel('No', { exact: true })
      .check();
    await page.getByLabel('Monitoring provider’s telephone').fill('+1 212 555 0199');
    await page.getByRole('button', { name: 'Save answers' }).click();
    await main(page).getByText('Answers saved.').waitFor();
    const meds = main(page).getByRole('table', { name: 'Concomitant medications' });
    expect(await meds.textContent()).toMatch(/Answered by staff/);
  });

  it('records a serious adverse event, refusing a missing outcome first', async () => {
    await page.getByRole('button', { name: 'Record a serious adverse event' }).click();
    const form = page.getByRole('form', { name: 'Record a serious adverse event' });
    await form.getByLabel('Date of the event').fill('2026-11-28');
    await form
      .getByLabel('Describe the event')
      .fill('Fainted at home the evening after the session; admitted overnight.');
    await form.getByRole('group', { name: /abate/ }).getByLabel('Unknown').check();
    await form
      .getByRole('group', { name: /reappear/ })
      .getByLabel('Does not apply')
      .check();
    await form.getByRole('button', { name: 'Record the event' }).click();
    await form
      .getByRole('group', { name: 'Outcomes attributed to the event' })
      .getByText('Choose at least one outcome.')
      .waitFor();
    await expectAccessible(page, 'serious adverse event form with an error');
    await form.getByLabel('Hospitalisation (initial or prolonged)').check();
    await form.getByRole('button', { name: 'Record the event' }).click();
    await main(page).getByText('Serious adverse event recorded.').waitFor();
    const effects = main(page).getByRole('table', { name: /Adverse effects during the session/ });
    await expect
      .poll(() => effects.getByRole('row').filter({ hasText: 'Serious adverse event' }).textContent())
      .toMatch(/Yes/);
  });

  it('marks the form submitted, with a confirmation number', async () => {
    await main(page).getByRole('button', { name: 'Mark submitted' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Confirmation number').fill('PMF-4411');
    await expectAccessible(page, 'mark submitted dialog');
    await dialog.getByRole('button', { name: 'Record submission' }).click();
    await main(page).getByText('Marked submitted.').waitFor();
    expect(await main(page).textContent()).toMatch(/Marked submitted by nurse user.*confirmation PMF-4411/);
    await expect.poll(() => main(page).getByRole('button', { name: 'Mark submitted' }).count()).toBe(0);
  });

  it('shows the submission on the dashboard and exports serious adverse events as CSV', async () => {
    await page.getByRole('link', { name: 'All REMS forms' }).click();
    await page.getByLabel('Status').selectOption('submitted');
    const row = formsTable(page).getByRole('row').filter({ hasText: 'Morgan Esk' });
    await expect.poll(() => row.textContent()).toMatch(/Submitted.*by nurse user.*PMF-4411/);
    const events = main(page).getByRole('table', { name: /serious adverse event/ });
    await expect.poll(() => events.textContent()).toMatch(/Hospitalisation/);
    await expectAccessible(page, 'REMS dashboard with a submitted form');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export serious adverse events (CSV)' }).click(),
    ]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv).toMatch(/^Record id,Session id,MRN/);
    expect(csv).toContain(sessionId);
    expect(csv).toMatch(/Fainted at home/);
    expect(pageProblems(page)).toEqual([]);
  });

  it('works at 390 px', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${t.baseUrl}/app/rems/${sessionId}`);
    await page.getByRole('heading', { name: /REMS monitoring form: Morgan Esk/ }).waitFor();
    await expectAccessible(page, 'REMS monitoring form at 390 px');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('lets an admin align the form’s adverse-effect items and add a MedWatch question', async () => {
    // The authenticator code is computed on the real clock, so the server's clock joins it.
    t.clock.now = new Date();
    const admin = await newPage(browser);
    await signIn(admin, t.baseUrl, {
      email: t.clinic.users.admin.email,
      password: TEST_PASSWORD,
      totpSecret: t.clinic.users.admin.mfaSecret ?? '',
    });
    await admin.getByRole('link', { name: 'REMS and MedWatch lists', exact: true }).click();
    await admin.getByRole('heading', { name: 'REMS and MedWatch lists' }).waitFor();
    await admin.getByLabel('New adverse-effect item').fill('Nausea or vomiting');
    await admin.getByRole('button', { name: 'Add item' }).click();
    await main(admin).getByText('Saved the adverse-effect items.').waitFor();
    await admin.getByLabel('New question').fill('Manufacturer notified (date)');
    await admin.getByRole('button', { name: 'Add question' }).click();
    await main(admin).getByText('Saved the clinic’s questions.').waitFor();
    expect(await main(admin).textContent()).toMatch(/Manufacturer notified \(date\)/);
    await expectAccessible(admin, 'REMS and MedWatch lists');
    await admin.context().close();
  });
});
