import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn as apiSignIn, currentTotp, TEST_PASSWORD, type TestContext } from '../test/helpers/clinic.ts';
import { book } from '../test/helpers/schedule.ts';
import { type EsketamineClinic, enrolledPatient, setUpEsketamineClinic } from '../test/rems-helpers.ts';
import { addWitnessNurse } from '../test/sessions-helpers.ts';
import type { SessionChart } from '../web/src/api/sessions.ts';
import { expectAccessible, launchBrowser, newPage, pageProblems, signIn } from './browser.ts';
import { signInOnClock, startClockedApp } from './clocked-app.ts';
import { fillWitness } from './flows/inventory.ts';
import { chartSection, recordCheck } from './flows/session.ts';

// Issue 5, whole: a nurse runs an esketamine session in the browser from check-in to a signed note and
// its REMS form, through a blood-pressure gate (a prescriber decides in another browser), two devices,
// an alert and a discharge after the label's 2 hours. The server's clock is the test's, and each
// browser's clock is set to it, so the times the pages stamp agree with the server's.
const START = new Date('2026-11-27T14:00:00Z'); // Friday 09:00 in New York
const MINUTE = 60_000;
const at = (minutes: number) => new Date(START.getTime() + minutes * MINUTE);

let t: TestContext & { baseUrl: string };
let c: EsketamineClinic;
let browser: Browser;
let nurse: Page;
let prescriber: Page;
let bookingId: string;
let witness: { id: string; email: string };
let chartUrl = '';

const main = (page: Page) => page.getByRole('main');

/** Moves the server's clock and pins both browsers' clocks to it. */
async function moveTo(when: Date) {
  t.clock.now = when;
  for (const page of [nurse, prescriber]) await page.clock.setFixedTime(when);
}

beforeAll(async () => {
  t = await startClockedApp(new Date(START.getTime() - 24 * 60 * MINUTE));
  c = await setUpEsketamineClinic(t);
  witness = await addWitnessNurse(t);
  const patientId = await enrolledPatient(t, { legalGivenName: 'Avery', legalFamilyName: 'Whole' });
  t.clock.now = at(-60);
  const desk = await apiSignIn(t, 'front_desk');
  const booked = await book(t, desk, {
    chairId: c.chairIds[0],
    patientId,
    route: 'esketamine',
    startsAt: START.toISOString(),
  });
  expect(booked.statusCode, booked.body).toBe(201);
  bookingId = booked.json().id;

  browser = await launchBrowser();
  nurse = await newPage(browser);
  prescriber = await newPage(browser);
  await moveTo(START);
  await signIn(nurse, t.baseUrl, { email: t.clinic.users.nurse.email, password: TEST_PASSWORD });
  await signInOnClock(prescriber, t, 'prescriber');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('a whole esketamine session in the browser', () => {
  it('checks the patient in with fasting, driver, medications and mood', async () => {
    await nurse.goto(`${t.baseUrl}/app/bookings/${bookingId}/check-in`);
    const form = main(nurse).getByRole('form', { name: 'Check-in checklist' });
    await form.waitFor();
    await form.getByRole('checkbox', { name: 'Identity confirmed with two identifiers' }).check();
    await form.getByLabel('Last food at').fill('06:00');
    await form.getByLabel('Last liquids at').fill('08:00');
    await form.getByRole('checkbox', { name: /Ride home confirmed/ }).check();
    await form.getByLabel('Driver’s name').fill('Sam Driver');
    const notApplicable = form.getByRole('radio', { name: 'Not applicable' });
    if ((await notApplicable.count()) > 0) await notApplicable.check();
    await form.getByLabel('Medications taken today').fill('Sertraline 100 mg this morning');
    await form.getByLabel('Mood today (0 worst, 10 best)').selectOption('4');
    await form.getByRole('button', { name: 'Check in and open the chart' }).click();
    await nurse.waitForURL(/\/app\/sessions\/[0-9a-f-]{36}$/);
    chartUrl = nurse.url();
    await main(nurse).getByTestId('chart-phase').getByText('Checked in').waitFor();
  });

  it('holds the dose on 150/95 until the prescriber proceeds with a reason', async () => {
    await moveTo(at(2));
    await recordCheck(nurse, 'Pre-dose vitals', {
      systolic: '150',
      diastolic: '95',
      heartRate: '80',
      spo2: '98',
      respiratoryRate: '14',
    });
    await main(nurse)
      .getByTestId('gate-status')
      .getByText(/Dosing is on hold/)
      .waitFor();
    expect(await main(nurse).getByRole('form', { name: 'Dose given' }).count()).toBe(0);
    await expectAccessible(nurse, 'the esketamine chart with the gate holding the dose');

    await prescriber.goto(chartUrl);
    const decision = main(prescriber).getByRole('form', { name: 'Prescriber’s decision' });
    await decision.getByRole('radio', { name: 'Proceed with the dose' }).check();
    await decision.getByLabel('Reason').fill('Anxious on arrival; repeat reading lower, no symptoms.');
    await decision.getByRole('button', { name: 'Record decision' }).click();
    await main(prescriber)
      .getByTestId('gate-status')
      .getByText(/decided to proceed/)
      .waitFor();
  });

  it('records two devices five minutes apart from a lot, with a witness', async () => {
    await moveTo(at(5));
    await nurse.reload();
    const form = main(nurse).getByRole('form', { name: 'Dose given' });
    await form.waitFor();
    const dose = form.getByLabel('Dose (mg)');
    if ((await dose.count()) > 0) await dose.fill('56');
    const lot = form.getByLabel('Lot and cabinet');
    const value = await lot.locator('option', { hasText: c.lotNumber }).getAttribute('value');
    await lot.selectOption(value ?? '');
    await form.getByRole('button', { name: 'Device 1 given now' }).click();
    await form.getByText(/Rest before device 2: 5 min/).waitFor();
    await moveTo(at(10));
    await form.getByText('Device 2 may be given now.').waitFor();
    await form.getByRole('button', { name: 'Device 2 given now' }).click();
    // No plan backs the dose: the prescriber signs in at the chair to order it, and the witness too.
    const order = form.getByRole('group', { name: /Prescriber’s order/ });
    await order.getByLabel('Prescriber email').fill(t.clinic.users.prescriber.email);
    await order.getByLabel('Prescriber password').fill(TEST_PASSWORD);
    await order
      .getByLabel('Prescriber authenticator code')
      .fill(currentTotp(t.clinic.users.prescriber.mfaSecret as string, t.clock.now));
    await order.getByLabel('Why this dose (the prescriber’s order)').fill('Day 1 of induction: 56 mg.');
    await fillWitness(form, { email: witness.email, password: TEST_PASSWORD });
    await expectAccessible(nurse, 'the dose form with the prescriber’s order');
    await form.getByRole('button', { name: 'Record the dose given' }).click();
    const refusal = await Promise.race([
      form.waitFor({ state: 'detached' }).then(() => null),
      form
        .getByRole('alert')
        .first()
        .waitFor()
        .then(() => form.getByRole('alert').first().textContent()),
    ]);
    expect(refusal).toBeNull();
    await main(nurse).getByTestId('chart-phase').getByText('Monitoring').waitFor();
  });

  it('raises an alert on SpO2 88 that the nurse acknowledges with a note', async () => {
    await moveTo(at(20));
    await nurse.reload();
    await recordCheck(nurse, 'Monitoring check', {
      systolic: '138',
      diastolic: '86',
      heartRate: '84',
      spo2: '88',
      respiratoryRate: '14',
      moaas: '4',
      dissociation: '2',
    });
    const alerts = main(nurse).getByRole('region', { name: /active alert/ });
    await alerts
      .getByText(/SpO2|oxygen/i)
      .first()
      .waitFor();
    await expectAccessible(nurse, 'the esketamine chart with an active alert');
    const ack = alerts.getByRole('form', { name: /^Acknowledge:/ }).first();
    await ack.getByLabel('What was done').fill('Prompted deep breaths; SpO2 back to 97% within a minute.');
    await ack.getByRole('button', { name: 'Acknowledge' }).click();
    await main(nurse).getByRole('region', { name: 'No active alerts' }).waitFor({ state: 'attached' });
    await main(nurse)
      .getByText(/Acknowledged alerts \(1\)/)
      .waitFor();

    await moveTo(at(50));
    await nurse.reload();
    await recordCheck(nurse, 'Monitoring check', {
      systolic: '132',
      diastolic: '84',
      heartRate: '76',
      spo2: '97',
      respiratoryRate: '14',
      moaas: '5',
      dissociation: '1',
    });
    await main(nurse)
      .getByRole('table', { name: 'Entries, newest first' })
      .getByText(/132\/84/)
      .waitFor();
    // The label's 2 hours after the dose hold the discharge, in words, with the button disabled.
    const discharge = chartSection(nurse, 'Discharge');
    await discharge
      .getByTestId('discharge-readiness')
      .getByText(/Minimum monitoring time of 120 min not reached/)
      .waitFor();
    expect(await discharge.getByRole('button', { name: 'Discharge patient' }).isEnabled()).toBe(false);
  });

  it('after 2 hours, a final check in range, the checklist and the discharge', async () => {
    await moveTo(at(135));
    await nurse.reload();
    await recordCheck(nurse, 'Monitoring check', {
      systolic: '126',
      diastolic: '80',
      heartRate: '72',
      spo2: '98',
      respiratoryRate: '13',
      moaas: '5',
      dissociation: '0',
    });
    await main(nurse)
      .getByRole('table', { name: 'Entries, newest first' })
      .getByText(/126\/80/)
      .waitFor();
    const discharge = chartSection(nurse, 'Discharge');
    const boxes = discharge.getByRole('group', { name: 'Discharge checklist' }).getByRole('checkbox');
    for (let i = 0; i < (await boxes.count()); i += 1) {
      await boxes.nth(i).check();
      await expect.poll(() => boxes.nth(i).isChecked()).toBe(true);
    }
    await discharge.getByRole('radio', { name: 'Printed', exact: true }).check();
    await discharge
      .getByTestId('discharge-readiness')
      .getByText(/Ready for discharge/)
      .waitFor();
    const button = discharge.getByRole('button', { name: 'Discharge patient' });
    await expect
      .poll(() => button.isEnabled(), { timeout: 10_000 })
      .toBe(true)
      .catch(async (error) => {
        throw new Error(`${error}\nreadiness: ${await discharge.textContent()}`);
      });
    await button.click();
    await main(nurse)
      .getByTestId('chart-phase')
      .getByText(/Discharged/)
      .waitFor();
  });

  it('signs the note with the password: name, time and meaning shown', async () => {
    await moveTo(at(140));
    await nurse.reload();
    const signing = chartSection(nurse, 'Sign and lock');
    const form = signing.getByRole('form', { name: 'Sign and lock the session note' });
    await form.getByLabel('Session note').fill('Tolerated; brief low SpO2 settled with deep breaths.');
    await form.getByLabel('Your password').fill(TEST_PASSWORD);
    await form.getByRole('button', { name: 'Sign and lock' }).click();
    await signing.getByText('Signed and locked.', { exact: false }).waitFor();
    const line = await signing.locator('dl.signature-line').first().textContent();
    expect(line).toMatch(/Signed by\s*nurse user/);
    expect(line).toMatch(/Signed at.*(Nov|11).*27.*11:20/);
    expect(line).toMatch(/Meaning\s*\S+/);
    await expectAccessible(nurse, 'the signed esketamine chart');
  });

  it('stored what the pages showed: the decision, the devices, the acknowledgement, discharge, signature', async () => {
    const session = await apiSignIn(t, 'nurse');
    const response = await t.app.inject({
      url: `/api/v1/sessions/${chartUrl.split('/').at(-1)}`,
      headers: session.headers,
    });
    expect(response.statusCode, response.body).toBe(200);
    const chart = response.json() as SessionChart;
    expect(chart.gate.status).toBe('proceed-decided');
    expect(chart.gate.decisions[0]).toMatchObject({ decision: 'proceed', byName: 'prescriber user' });
    expect(chart.gate.decisions[0]?.reason).toMatch(/Anxious on arrival/);
    expect(chart.administration).toMatchObject({
      doseMg: 56,
      doseSource: 'prescriber-order',
      witnessId: witness.id,
      witnessName: 'Wendy Witness',
      order: {
        doseMg: 56,
        maxDoseMg: 84,
        prescriberName: 'prescriber user',
        reason: 'Day 1 of induction: 56 mg.',
      },
    });
    expect(chart.administration?.deviceTimes?.map((d) => new Date(d).getTime())).toEqual([
      at(5).getTime(),
      at(10).getTime(),
    ]);
    expect(chart.alerts).toHaveLength(1);
    expect(chart.alerts[0]?.value).toBe(88);
    expect(chart.alerts[0]?.acknowledged?.note).toMatch(/deep breaths/);
    expect(new Date(chart.discharge.dischargedAt ?? '').getTime()).toBe(at(135).getTime());
    expect(chart.signature?.printedName).toBe('nurse user');
    expect(new Date(chart.signature?.signedAt ?? '').getTime()).toBe(at(140).getTime());
    expect(chart.note).toMatch(/brief low SpO2/);
  });

  it('opens the session’s REMS form filled from the note', async () => {
    await nurse.goto(`${t.baseUrl}/app/rems`);
    await nurse.getByRole('heading', { name: 'REMS forms and serious adverse events' }).waitFor();
    await nurse.getByRole('link', { name: /Open the form of Avery Whole/ }).click();
    await nurse.getByRole('heading', { name: /REMS monitoring form: Avery Whole/ }).waitFor();
    expect(nurse.url()).toBe(`${t.baseUrl}/app/rems/${chartUrl.split('/').at(-1)}`);
    const session = main(nurse).getByRole('table', { name: 'Session', exact: true });
    await expect.poll(() => session.textContent()).toMatch(/56 mg/);
    const sessionText = (await session.textContent()) ?? '';
    expect(sessionText).toContain(c.lotNumber);
    expect(sessionText).toMatch(/09:05/);
    expect(sessionText).toMatch(/09:10/);
    const vitals = (await main(nurse).getByRole('table', { name: 'Vital signs' }).textContent()) ?? '';
    expect(vitals).toMatch(/150\/95 mmHg/);
    expect(vitals).toMatch(/126\/80 mmHg/);
    await expectAccessible(nurse, 'the REMS form of the whole session');
    expect(pageProblems(nurse)).toEqual([]);
    expect(pageProblems(prescriber)).toEqual([]);
  });
});
