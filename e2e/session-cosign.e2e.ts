import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, type TestContext } from '../test/helpers/clinic.ts';
import {
  type EsketamineClinic,
  enrolledPatient,
  setUpEsketamineClinic,
  signedEsketamineSession,
} from '../test/rems-helpers.ts';
import { expectAccessible, launchBrowser, newPage, pageProblems } from './browser.ts';
import { signInOnClock, startClockedApp } from './clocked-app.ts';
import { chartSection } from './flows/session.ts';

// After the signature a session note is locked: corrections are signed addenda that keep the note as
// signed (21 CFR 11.10(e)), and where the clinic requires it a prescriber other than the author
// co-signs. The sessions run to their discharge through the API on the server's clock (an esketamine
// session needs the label's 2 hours); the signing, the addendum, the clinic's policy and the
// co-signature happen in the browser, whose clocks are pinned to the server's.
const START = new Date('2026-11-27T14:00:00Z'); // Friday 09:00 in New York
const MINUTE = 60_000;
const at = (minutes: number) => new Date(START.getTime() + minutes * MINUTE);

let t: TestContext & { baseUrl: string };
let c: EsketamineClinic;
let browser: Browser;
let nurse: Page;
let prescriber: Page;
let admin: Page;
let firstSessionId: string;

const main = (page: Page) => page.getByRole('main');
const chartUrl = (sessionId: string) => `${t.baseUrl}/app/sessions/${sessionId}`;

/** Moves the server's clock and pins every browser's clock to it. */
async function moveTo(when: Date) {
  t.clock.now = when;
  for (const page of [nurse, prescriber, admin]) await page.clock.setFixedTime(when);
}

/** The controls on the chart that would change the record (the closed addendum form is not shown). */
async function editingControls(page: Page): Promise<number> {
  let count = 0;
  for (const role of ['textbox', 'checkbox', 'radio', 'combobox', 'spinbutton'] as const) {
    count += await main(page).getByRole(role).count();
  }
  return count;
}

/** The nurse signs the discharged note with the password, adding the session note. */
async function signAsNurse(signing: Locator, note: string) {
  const form = signing.getByRole('form', { name: 'Sign and lock the session note' });
  await form.getByLabel('Session note').fill(note);
  await form.getByLabel('Your password').fill(TEST_PASSWORD);
  await form.getByRole('button', { name: 'Sign and lock' }).click();
  await signing.getByText('Signed and locked.', { exact: false }).waitFor();
}

beforeAll(async () => {
  t = await startClockedApp(new Date(START.getTime() - 24 * 60 * MINUTE));
  c = await setUpEsketamineClinic(t);
  const patientId = await enrolledPatient(t, { legalGivenName: 'Robin', legalFamilyName: 'Addendum' });
  firstSessionId = await signedEsketamineSession(t, c, patientId, START, { sign: false });

  browser = await launchBrowser();
  nurse = await newPage(browser);
  prescriber = await newPage(browser);
  admin = await newPage(browser);
  await moveTo(at(130));
  await signInOnClock(nurse, t, 'nurse');
  await signInOnClock(prescriber, t, 'prescriber');
  await signInOnClock(admin, t, 'admin');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('a signed session note: addenda, and a prescriber co-signature where the clinic requires one', () => {
  it('signing locks the chart; an addendum is signed and shown with its author and time', async () => {
    await nurse.goto(chartUrl(firstSessionId));
    const signing = chartSection(nurse, 'Sign and lock');
    await signing.getByText('Everything the note needs is recorded.').waitFor();
    // The dose's witness is named on the chart, not just referenced.
    const administration = (await chartSection(nurse, 'Administration').textContent()) ?? '';
    expect(administration).toMatch(/Witness\s*Wendy Witness/);
    // Booked without a plan, the dose was given on a prescriber's order, named with its reason.
    expect(administration).toMatch(/Prescriber’s order\s*prescriber user at .*: Booked outside the plan/);
    expect(await editingControls(nurse)).toBeGreaterThan(0);

    await signAsNurse(signing, 'Tolerated well; no events.');
    expect(await signing.getByRole('form', { name: 'Sign and lock the session note' }).count()).toBe(0);
    expect(await editingControls(nurse)).toBe(0);
    await signing.getByText('Tolerated well; no events.').waitFor();
    const signature = (await signing.locator('dl.signature-line').first().textContent()) ?? '';
    expect(signature).toMatch(/Signed by\s*nurse user/);
    expect(signature).toMatch(/Signed at.*(Nov|11).*27.*11:10/);
    // This clinic does not ask for a co-signature, so the note does not wait for one.
    expect(await signing.getByText(/co-sign/i).count()).toBe(0);
    await expectAccessible(nurse, 'the signed chart');

    await moveTo(at(150));
    await signing.getByText('Add an addendum').click();
    const addendum = signing.getByRole('form', { name: 'Addendum' });
    await addendum
      .getByLabel('Addendum')
      .fill('Patient phoned at 11:25: home safely, mild nausea settled with rest.');
    await addendum.getByLabel('Your password').fill(TEST_PASSWORD);
    await expectAccessible(nurse, 'the addendum form');
    await addendum.getByRole('button', { name: 'Sign addendum' }).click();

    await signing.getByRole('heading', { name: 'Addenda' }).waitFor();
    const written = signing
      .getByRole('listitem')
      .filter({ hasText: 'Patient phoned at 11:25: home safely, mild nausea settled with rest.' });
    await written.waitFor();
    const line = (await written.textContent()) ?? '';
    expect(line).toMatch(/Signed by\s*nurse user/);
    expect(line).toMatch(/Signed at.*(Nov|11).*27.*11:30/);
    expect(line).toMatch(/Meaning\s*Addendum: I add this to the signed session note/);
    // The signed note stays as it was.
    await signing.getByText('Tolerated well; no events.').waitFor();

    await nurse.reload();
    await chartSection(nurse, 'Sign and lock')
      .getByRole('listitem')
      .filter({ hasText: 'Patient phoned at 11:25' })
      .waitFor();
    expect(await editingControls(nurse)).toBe(0);
    await expectAccessible(nurse, 'the signed chart with an addendum');
  });

  it('where the clinic requires it, the note waits for a prescriber, who co-signs', async () => {
    await admin.goto(`${t.baseUrl}/app/admin/session-policies`);
    await admin.getByRole('heading', { level: 1, name: 'Treatment-day policies' }).waitFor();
    const cosign = admin
      .getByRole('group', { name: 'Co-signature', exact: true })
      .getByRole('checkbox', { name: 'A prescriber co-signs every session note' });
    expect(await cosign.isChecked()).toBe(false);
    await cosign.check();
    await admin.getByRole('button', { name: 'Save policies' }).click();
    await admin.getByRole('status').filter({ hasText: 'Session policies saved.' }).waitFor();

    // A session checked in under the new policy, run to its discharge.
    const patientId = await enrolledPatient(t, { legalGivenName: 'Casey', legalFamilyName: 'Cosign' });
    const sessionId = await signedEsketamineSession(t, c, patientId, at(240), { sign: false });
    await moveTo(at(370));
    await nurse.goto(chartUrl(sessionId));
    const signing = chartSection(nurse, 'Sign and lock');
    await signAsNurse(signing, 'Tolerated; blood pressure settled without treatment.');
    await signing.getByText('Waiting for a prescriber’s co-signature (clinic policy).').waitFor();
    // Only a prescriber other than the author co-signs: the nurse who signed is offered no form.
    expect(await signing.getByRole('form', { name: 'Co-sign the session note' }).count()).toBe(0);
    await expectAccessible(nurse, 'the signed chart waiting for a co-signature');

    await moveTo(at(380));
    await prescriber.goto(chartUrl(sessionId));
    const review = chartSection(prescriber, 'Sign and lock');
    await review.getByText('Tolerated; blood pressure settled without treatment.').waitFor();
    const form = review.getByRole('form', { name: 'Co-sign the session note' });
    await form.getByLabel('Your password').fill(TEST_PASSWORD);
    await expectAccessible(prescriber, 'the co-signature form');
    await form.getByRole('button', { name: 'Co-sign' }).click();
    await review.getByRole('heading', { name: 'Co-signature' }).waitFor();
    expect(await review.getByRole('form', { name: 'Co-sign the session note' }).count()).toBe(0);

    await nurse.reload();
    const signed = chartSection(nurse, 'Sign and lock');
    await signed.getByRole('heading', { name: 'Co-signature' }).waitFor();
    expect(await signed.getByText(/Waiting for a prescriber/).count()).toBe(0);
    const lines = await signed.locator('dl.signature-line').allTextContents();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/Signed by\s*nurse user/);
    expect(lines[1]).toMatch(/Signed by\s*prescriber user/);
    expect(lines[1]).toMatch(/Signed at.*(Nov|11).*27.*3:20:00\sPM/);
    expect(lines[1]).toMatch(
      /Meaning\s*Co-signature: I have reviewed this treatment session as the supervising prescriber/,
    );
    await expectAccessible(nurse, 'the co-signed chart');
    expect(pageProblems(nurse)).toEqual([]);
    expect(pageProblems(prescriber)).toEqual([]);
    expect(pageProblems(admin)).toEqual([]);
  });
});
