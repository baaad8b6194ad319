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
import { fillWitness } from './flows/inventory.ts';
import { callApi } from './flows/plan.ts';
import { chartSection, recordCheck, setUpTreatmentDay, type TreatmentDay } from './flows/session.ts';
import { DEMO, DEMO_PASSWORD, startServer, type TestServer } from './server.ts';
import { nextTotp } from './totp.ts';

// A treatment day in the browser: the nurse checks the patient in, a high blood pressure holds the
// dose until a prescriber (in another browser) decides, the dose is given from a picked lot, an alert
// stays until acknowledged, an entry made without a connection survives a reload and is sent once,
// the infusion ends, the discharge waits for the minimum monitoring time, the rest of the vial is
// wasted with a witness, and signing is refused until the discharge.
let server: TestServer;
let browser: Browser;
let admin: Page;
let prescriber: Page;
let nurse: Page;
let prescriberTotp: { secret: string; step: number | null };
let day: TreatmentDay;
let chartUrl = '';

type Chart = {
  id: string;
  phase: string;
  entries: { id: string; clientAt: string; receivedAt: string; late: boolean }[];
  administration: { wasteDue?: unknown } | null;
  signature: { printedName: string } | null;
};

async function signInEnrolling(page: Page, email: string): Promise<{ secret: string; step: number }> {
  await page.goto(`${server.baseUrl}/app/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const enrolled = await enrolAuthenticator(page);
  await page.getByRole('button', { name: 'I have saved these codes' }).click();
  await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
  return enrolled;
}

const main = (page: Page) => page.getByRole('main');
const sessionId = () => chartUrl.split('/').at(-1) ?? '';
const readChart = (page: Page) => callApi<Chart>(page, server.baseUrl, 'GET', `/sessions/${sessionId()}`);

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await newPage(browser);
  prescriber = await newPage(browser);
  nurse = await newPage(browser, { width: 390 });
  await signInEnrolling(admin, DEMO.admin.email);
  prescriberTotp = await signInEnrolling(prescriber, DEMO.prescriber.email);
  await signIn(nurse, server.baseUrl, { email: DEMO.nurse.email, password: DEMO_PASSWORD });
  day = await setUpTreatmentDay({ admin, prescriber }, server.baseUrl, {
    staffEmail: DEMO.frontDesk.email,
    password: DEMO_PASSWORD,
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a treatment day on the session chart', () => {
  it('checks the patient in with the checklist and opens the chart', async () => {
    await nurse.goto(`${server.baseUrl}/app/bookings/${day.bookingId}/check-in`);
    const form = main(nurse).getByRole('form', { name: 'Check-in checklist' });
    await form.waitFor();
    await expectAccessible(nurse, 'the check-in checklist at 390 px');
    // Nothing is sent until the checklist is complete: the form names what is missing.
    await form.getByRole('button', { name: 'Check in and open the chart' }).click();
    await form.getByText('Confirm the patient’s identity.').waitFor();
    await form.getByRole('checkbox', { name: 'Identity confirmed with two identifiers' }).check();
    await form.getByRole('checkbox', { name: /Ride home confirmed/ }).check();
    expect(await form.getByLabel('Driver’s name').inputValue()).toBe('Riley Chairside');
    await form.getByRole('radio', { name: 'Not applicable' }).check();
    await form.getByLabel('Medications taken today').fill('Sertraline 100 mg this morning');
    await form.getByLabel('Mood today (0 worst, 10 best)').selectOption('4');
    await form.getByRole('button', { name: 'Check in and open the chart' }).click();
    await nurse.waitForURL(/\/app\/sessions\/[0-9a-f-]{36}$/);
    chartUrl = nurse.url();
    await main(nurse).getByTestId('chart-phase').getByText('Checked in').waitFor();
    await main(nurse)
      .getByText(/Next vitals|Vitals overdue/)
      .first()
      .waitFor();
    await expectAccessible(nurse, 'the session chart after check-in');
  });

  it('holds the dose on a high pre-dose blood pressure until a prescriber decides', async () => {
    await recordCheck(nurse, 'Pre-dose vitals', {
      systolic: '162',
      diastolic: '96',
      heartRate: '82',
      spo2: '98',
      respiratoryRate: '14',
    });
    const gate = main(nurse).getByTestId('gate-status');
    await gate.getByText(/Dosing is on hold/).waitFor();
    await main(nurse)
      .getByText(/Waiting for a prescriber/)
      .waitFor();
    expect(await main(nurse).getByRole('form', { name: 'Dose given' }).count()).toBe(0);
    await expectAccessible(nurse, 'the chart with the gate holding the dose');

    await prescriber.goto(chartUrl);
    const decision = main(prescriber).getByRole('form', { name: 'Prescriber’s decision' });
    await decision.getByRole('radio', { name: 'Proceed with the dose' }).check();
    await decision
      .getByLabel('Reason')
      .fill('Anxious on arrival; repeat reading trending down, no symptoms.');
    await decision.getByRole('button', { name: 'Record decision' }).click();
    await main(prescriber)
      .getByTestId('gate-status')
      .getByText(/decided to proceed/)
      .waitFor();
    await expectAccessible(prescriber, 'the chart after the prescriber’s decision');
  });

  it('gives the planned dose from a picked lot with a witness', async () => {
    await nurse.reload();
    const form = main(nurse).getByRole('form', { name: 'Dose given' });
    await form.waitFor();
    await form.getByText(`Dose from the treatment plan: ${day.plannedDoseMg} mg`, { exact: false }).waitFor();
    await form.getByRole('list', { name: 'How the dose was calculated' }).waitFor();
    const lot = form.getByLabel('Lot and cabinet');
    const options = await lot.locator('option').allTextContents();
    expect(options.some((o) => o.includes(day.lotNumber))).toBe(true);
    const value = await lot.locator('option', { hasText: day.lotNumber }).getAttribute('value');
    await lot.selectOption(value ?? '');
    if ((await form.getByLabel('Pump rate (mL/h)').inputValue()) === '') {
      await form.getByLabel('Pump rate (mL/h)').fill('150');
    }
    // The witness signs in on the spot; with the plan's dose no prescriber's order is asked for.
    expect(await form.getByRole('group', { name: /Prescriber’s order/ }).count()).toBe(0);
    const witnessCode = nextTotp(prescriberTotp.secret, prescriberTotp.step);
    prescriberTotp.step = witnessCode.step;
    await fillWitness(form, {
      email: DEMO.prescriber.email,
      password: DEMO_PASSWORD,
      totp: witnessCode.code,
    });
    await expectAccessible(nurse, 'the dose form');
    await form.getByRole('button', { name: 'Record the dose given' }).click();
    // A refusal would show in the form: fail with its words rather than a time-out.
    const refusal = await Promise.race([
      main(nurse)
        .getByTestId('infusion-state')
        .waitFor()
        .then(() => null),
      form
        .getByRole('alert')
        .first()
        .waitFor()
        .then(() => form.getByRole('alert').first().textContent()),
    ]);
    expect(refusal).toBeNull();
    await main(nurse).getByTestId('infusion-state').getByText('Running').waitFor();
    await main(nurse)
      .getByTestId('chart-phase')
      .getByText(/^(Dosing|Monitoring)$/)
      .waitFor();
  });

  it('raises an alert on a threshold-crossing reading that stays until acknowledged', async () => {
    await recordCheck(nurse, 'Monitoring check', {
      systolic: '186',
      diastolic: '98',
      heartRate: '88',
      spo2: '97',
      respiratoryRate: '14',
      moaas: '4',
      dissociation: '2',
    });
    const alerts = main(nurse).getByRole('region', { name: /active alert/ });
    await alerts
      .getByText(/systolic/i)
      .first()
      .waitFor();
    await nurse.reload();
    await alerts
      .getByText(/systolic/i)
      .first()
      .waitFor();
    await expectAccessible(nurse, 'the chart with an active alert');
    const ack = alerts.getByRole('form', { name: /^Acknowledge:/ }).first();
    await ack
      .getByLabel('What was done')
      .fill('Prescriber informed; infusion rate unchanged, recheck in 5 min.');
    await ack.getByRole('button', { name: 'Acknowledge' }).click();
    await main(nurse).getByRole('region', { name: 'No active alerts' }).waitFor({ state: 'attached' });
    await main(nurse)
      .getByText(/Acknowledged alerts \(1\)/)
      .waitFor();
  });

  it('keeps an entry made offline through a reload and sends it once when the connection returns', async () => {
    const context = nurse.context();
    await context.setOffline(true);
    await recordCheck(nurse, 'Monitoring check', {
      systolic: '134',
      diastolic: '84',
      heartRate: '76',
      spo2: '98',
      respiratoryRate: '13',
      moaas: '5',
      dissociation: '1',
    });
    const table = main(nurse).getByRole('table', { name: 'Entries, newest first' });
    const waiting = table.getByRole('row').filter({ hasText: 'Waiting to send' });
    await waiting.waitFor();
    const entryId = (await waiting.getAttribute('data-entry-id')) ?? '';
    expect(entryId).toMatch(/^[0-9a-f-]{36}$/);
    const clientAt = (await waiting.locator('time').getAttribute('datetime')) ?? '';
    await main(nurse)
      .getByText(/No connection/)
      .waitFor();

    // The page itself needs the network to reload; the entries route stays cut off meanwhile.
    await context.route('**/api/v1/sessions/*/entries', (route) => route.abort('internetdisconnected'));
    await context.setOffline(false);
    await nurse.reload();
    await table.getByRole('row').filter({ hasText: 'Waiting to send' }).waitFor();
    expect(await table.locator(`tr[data-entry-id="${entryId}"]`).textContent()).toContain('134/84');

    await context.unroute('**/api/v1/sessions/*/entries');
    await context.setOffline(true);
    await context.setOffline(false);
    await table.locator(`tr[data-entry-id="${entryId}"]`).getByText('Saved').waitFor({ timeout: 30_000 });
    expect(await table.getByRole('row').filter({ hasText: 'Waiting to send' }).count()).toBe(0);

    const chart = await readChart(nurse);
    const stored = chart.entries.filter((e) => e.id === entryId);
    expect(stored).toHaveLength(1);
    expect(new Date(stored[0]?.clientAt ?? '').getTime()).toBe(new Date(clientAt).getTime());
    expect(new Date(stored[0]?.receivedAt ?? '').getTime()).toBeGreaterThan(new Date(clientAt).getTime());

    // The same id with other content (a second device, a tampered queue) is refused once and shown,
    // not retried: the nurse reads the server's words and lets it go. The queue is the nurse's own.
    const nurseId = await nurse.evaluate(async () => (await (await fetch('/api/v1/me')).json()).id as string);
    const queueKey = `ketaflow.chart-queue.${nurseId}.${sessionId()}`;
    await nurse.evaluate(
      ({ key, id, at }) => {
        const body = { id, clientAt: at, kind: 'check', vitals: { systolicMmHg: 150, diastolicMmHg: 90 } };
        localStorage.setItem(
          key,
          JSON.stringify([{ id, target: 'entries', body, savedAt: Date.now(), refused: null }]),
        );
      },
      { key: queueKey, id: entryId, at: clientAt },
    );
    await nurse.reload();
    const refused = table.getByRole('row').filter({ hasText: 'Not saved' });
    await refused.waitFor();
    await expectAccessible(nurse, 'the chart with a refused entry');
    await refused.getByRole('button', { name: 'Discard this entry' }).click();
    await refused.waitFor({ state: 'detached' });
    expect(await nurse.evaluate((key) => localStorage.getItem(key), queueKey)).toBeNull();
    expect((await readChart(nurse)).entries.filter((e) => e.id === entryId)).toHaveLength(1);
  });

  it('ends the infusion and holds the discharge until the patient is ready', async () => {
    const changes = main(nurse).getByRole('form', { name: 'Infusion changes' });
    await changes.getByRole('button', { name: 'End infusion' }).click();
    await main(nurse)
      .getByTestId('infusion-state')
      .getByText(/^Ended at/)
      .waitFor({ timeout: 30_000 });

    await recordCheck(nurse, 'Monitoring check', {
      systolic: '128',
      diastolic: '80',
      heartRate: '72',
      spo2: '99',
      respiratoryRate: '12',
      moaas: '5',
      dissociation: '0',
    });
    const discharge = chartSection(nurse, 'Discharge');
    const boxes = discharge.getByRole('group', { name: 'Discharge checklist' }).getByRole('checkbox');
    for (let i = 0; i < (await boxes.count()); i += 1) {
      await boxes.nth(i).check();
      await expect.poll(() => boxes.nth(i).isChecked()).toBe(true);
    }
    await nurse.reload();
    for (let i = 0; i < (await boxes.count()); i += 1) expect(await boxes.nth(i).isChecked()).toBe(true);
    // Bookings take the built-in protocol (a clinic copy with a shorter monitoring time cannot be
    // booked yet), so the 60 minutes after the infusion hold the discharge, and the chart says so.
    await discharge.getByRole('radio', { name: 'Printed', exact: true }).check();
    await discharge
      .getByTestId('discharge-readiness')
      .getByText(/Minimum monitoring time of 60 min not reached \(\d+ min left\)/)
      .waitFor();
    expect(await discharge.getByRole('button', { name: 'Discharge patient' }).isEnabled()).toBe(false);
    await expectAccessible(nurse, 'the chart waiting for the minimum monitoring time');
  });

  it('wastes the rest of the vial with a witness; signing waits for the discharge', async () => {
    const before = await readChart(nurse);
    expect(before.administration?.wasteDue).toBeTruthy();
    // The note cannot be signed while the open vial's remainder is not wasted.
    await chartSection(nurse, 'Sign and lock')
      .getByTestId('signing-missing')
      .getByText(/witnessed waste/)
      .waitFor();
    const waste = chartSection(nurse, 'Partly used vial').getByRole('form', { name: 'Witnessed waste' });
    await waste.getByLabel('Witness email').fill(DEMO.prescriber.email);
    await waste.getByLabel('Witness password').fill(DEMO_PASSWORD);
    const { code, step } = nextTotp(prescriberTotp.secret, prescriberTotp.step);
    prescriberTotp.step = step;
    await waste.getByLabel('Witness authenticator code').fill(code);
    await expectAccessible(nurse, 'the witnessed waste form');
    await waste.getByRole('button', { name: 'Record witnessed waste' }).click();
    await chartSection(nurse, 'Partly used vial')
      .getByText(/wasted with a witness/)
      .waitFor();
    const signing = chartSection(nurse, 'Sign and lock');
    await signing.getByTestId('signing-missing').getByText('The discharge').waitFor();
    expect(
      await signing
        .getByTestId('signing-missing')
        .getByText(/witnessed waste/)
        .count(),
    ).toBe(0);
    await expectAccessible(nurse, 'the chart before signing');
    // Signing before the discharge is refused by the server, which lists what is missing.
    const form = signing.getByRole('form', { name: 'Sign and lock the session note' });
    await form.getByLabel('Your password').fill(DEMO_PASSWORD);
    await form.getByRole('button', { name: 'Sign and lock' }).click();
    await form
      .getByRole('alert')
      .getByText(/not been discharged/)
      .first()
      .waitFor();
    const after = await readChart(nurse);
    expect(after.signature).toBeNull();
    expect(after.administration?.wasteDue ?? null).toBeNull();
    expect(pageProblems(nurse)).toEqual([]);
    expect(pageProblems(prescriber)).toEqual([]);
  });
});
