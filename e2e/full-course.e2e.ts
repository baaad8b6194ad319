import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolAuthenticator, expectAccessible, launchBrowser, newPage, pageProblems } from './browser.ts';
import { completeIntakeAndEligibility } from './flows/intake.ts';
import { createAndSignPlan } from './flows/plan.ts';
import { fillBookingDialog, weekdayAhead } from './flows/schedule.ts';
import { fillRegistration } from './patients.ts';
import { DEMO, DEMO_PASSWORD, startServer, type TestServer } from './server.ts';

// The whole course in the browser: a new patient is registered, sends their intake, is found eligible,
// gets a signed plan, and the plan's sessions are booked from the patient's record.
let server: TestServer;
let browser: Browser;
let prescriber: Page;
let patientUrl = '';
let startDate = '';

/** The Monday at least four days ahead, so the induction's sessions fall on staffed weekdays. */
function mondayAhead(): string {
  let date = weekdayAhead(4);
  while (new Date(`${date}T00:00:00Z`).getUTCDay() !== 1) {
    const d = new Date(`${date}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    date = d.toISOString().slice(0, 10);
  }
  return date;
}

const main = (page: Page) => page.getByRole('main');

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  prescriber = await newPage(browser);
  await prescriber.goto(`${server.baseUrl}/app/login`);
  await prescriber.getByLabel('Email').fill(DEMO.prescriber.email);
  await prescriber.getByLabel('Password').fill(DEMO_PASSWORD);
  await prescriber.getByRole('button', { name: 'Sign in' }).click();
  await enrolAuthenticator(prescriber);
  await prescriber.getByRole('button', { name: 'I have saved these codes' }).click();
  await prescriber.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a full course', () => {
  it('registers a new patient with a driver on record', async () => {
    await prescriber.goto(`${server.baseUrl}/app/patients/new`);
    await prescriber.getByRole('heading', { level: 1, name: 'Register patient' }).waitFor();
    await fillRegistration(prescriber, {
      given: 'Casey',
      family: 'Course',
      dateOfBirth: '1979-06-02',
      sex: 'Female',
      phone: '+1 212 555 0170',
    });
    const ride = main(prescriber).getByRole('group', { name: 'Ride home' });
    await ride.getByLabel('Driver’s name').fill('Robin Course');
    await ride.getByLabel('Driver’s phone').fill('+1 212 555 0171');
    await main(prescriber).getByRole('button', { name: 'Register patient' }).click();
    await prescriber.waitForURL(/\/app\/patients\/[0-9a-f-]{36}$/);
    patientUrl = prescriber.url();
  });

  it('goes through intake and a signed eligibility decision', { timeout: 180_000 }, async () => {
    await completeIntakeAndEligibility(browser, { clinician: prescriber, prescriber }, patientUrl, {
      password: DEMO_PASSWORD,
      route: 'IV ketamine',
      decision: 'Eligible with cautions',
    });
  });

  it('signs a treatment plan', { timeout: 120_000 }, async () => {
    startDate = mondayAhead();
    const dates = await createAndSignPlan(prescriber, patientUrl, {
      protocol: /IV racemic ketamine/,
      startDate,
      password: DEMO_PASSWORD,
    });
    expect(dates.length).toBeGreaterThan(1);
  });

  it('books the plan’s first two sessions from the patient’s record', { timeout: 120_000 }, async () => {
    await prescriber.goto(`${patientUrl}/bookings`);
    await prescriber.getByRole('heading', { level: 2, name: 'Bookings' }).waitFor();
    const planned = main(prescriber).getByRole('table', { name: 'Planned sessions of the plan in force' });
    await planned.waitFor();
    await expectAccessible(prescriber, 'the bookings section with planned sessions');
    for (const [number, chair] of [
      [1, 'Chair 1'],
      [2, 'Chair 2'],
    ] as const) {
      await planned.getByRole('button', { name: `Book planned session ${number}` }).click();
      const dialog = prescriber.getByRole('dialog');
      await dialog
        .getByRole('heading', { name: `Book planned session ${number} for Casey Course` })
        .waitFor();
      // The plan fixes the date, the session type, its protocol and phase; the driver comes from the record.
      expect(await dialog.getByLabel('Session type').isDisabled()).toBe(true);
      expect(await dialog.getByLabel('Protocol', { exact: true }).isDisabled()).toBe(true);
      expect(await dialog.getByLabel('Phase').isDisabled()).toBe(true);
      expect(await dialog.getByLabel('Driver’s name').inputValue()).toBe('Robin Course');
      await fillBookingDialog(prescriber, { location: 'Main clinic', chair, time: '10:00' });
      await main(prescriber)
        .getByRole('status')
        .getByText(new RegExp(`Booked .* in ${chair}\\.`))
        .waitFor();
    }
    const rows = planned.locator('tbody tr');
    await rows
      .nth(0)
      .getByRole('cell', { name: /10:00, Chair 1$/ })
      .waitFor();
    await rows
      .nth(1)
      .getByRole('cell', { name: /10:00, Chair 2$/ })
      .waitFor();
    // Booking the first session again is not offered.
    expect(await planned.getByRole('button', { name: 'Book planned session 1' }).count()).toBe(0);
    await main(prescriber)
      .getByRole('table')
      .last()
      .getByRole('row', { name: /Chair 1, Main clinic IV ketamine Booked/ })
      .waitFor();
    await expectAccessible(prescriber, 'the bookings section after booking the plan');
    // Each booking carries out its planned session.
    const id = patientUrl.split('/').at(-1);
    const list = await prescriber.request.get(`${server.baseUrl}/api/v1/patients/${id}/bookings`);
    const items = ((await list.json()) as { items: { plannedSessionId: string | null }[] }).items;
    expect(items).toHaveLength(2);
    expect(items.every((b) => b.plannedSessionId !== null)).toBe(true);
    expect(pageProblems(prescriber)).toEqual([]);
  });

  it('shows the first session on the clinic’s day calendar', async () => {
    await prescriber.goto(`${server.baseUrl}/app/schedule?view=day&date=${startDate}`);
    await main(prescriber)
      .getByRole('region', { name: 'Chair 1' })
      .getByRole('button', { name: /10:00–11:40 Casey Course/ })
      .waitFor();
    await expectAccessible(prescriber, 'the day calendar with the planned session booked');
  });
});
