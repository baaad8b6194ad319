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
  fillBookingDialog,
  minutesFromNow,
  nowIn,
  weekdayAhead,
  zoneWithRoomToday,
} from './flows/schedule.ts';
import { DEMO, DEMO_PASSWORD, startServer, type TestServer } from './server.ts';

let server: TestServer;
let browser: Browser;
let admin: Page;
let nurse: Page;
let desk: Page;
// A weekday far enough ahead for the interval rules, staffed 08:00–18:00 by the demo seed.
const DAY = weekdayAhead(3);
// A second location, in a zone where a slot starting in two minutes ends the same day: for the no-show.
const NOW_ZONE = zoneWithRoomToday(100);

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await newPage(browser);
  await admin.goto(`${server.baseUrl}/app/login`);
  await admin.getByLabel('Email').fill(DEMO.admin.email);
  await admin.getByLabel('Password').fill(DEMO_PASSWORD);
  await admin.getByRole('button', { name: 'Sign in' }).click();
  await enrolAuthenticator(admin);
  await admin.getByRole('button', { name: 'I have saved these codes' }).click();
  await admin.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
  nurse = await newPage(browser);
  await signIn(nurse, server.baseUrl, { email: DEMO.nurse.email, password: DEMO_PASSWORD });
  desk = await newPage(browser);
  await signIn(desk, server.baseUrl, { email: DEMO.frontDesk.email, password: DEMO_PASSWORD });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const main = (page: Page) => page.getByRole('main');

async function openSchedule(page: Page, date: string, location = 'Main clinic'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Schedule' }).click();
  await page.getByRole('heading', { level: 1, name: 'Schedule' }).waitFor();
  await main(page).getByLabel('Location').selectOption({ label: location });
  await main(page).getByLabel('Date').fill(date);
  await main(page).getByRole('heading', { level: 2, name: /·/ }).waitFor();
}

describe('chairs and staff hours (admin)', () => {
  it('adds and renames a chair and sets staff hours for a location', async () => {
    await admin
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Chairs and hours' })
      .click();
    await admin.getByRole('heading', { level: 1, name: 'Chairs and staff hours' }).waitFor();
    const chairs = admin.getByRole('region', { name: /Chairs and rooms at Main clinic/ });
    await chairs.getByRole('cell', { name: 'Quiet room', exact: true }).waitFor();
    await expectAccessible(admin, 'the chairs and staff hours page');

    // The server's message sits by the field: a name already in use.
    await chairs.getByLabel('Chair or room name').fill('chair 1');
    await chairs.getByRole('button', { name: 'Add chair or room' }).click();
    await chairs.getByText('Choose a name not in use at this location.').waitFor();
    await chairs.getByLabel('Chair or room name').fill('Chair 3');
    await chairs.getByRole('button', { name: 'Add chair or room' }).click();
    await admin.getByRole('status').getByText('Chair 3 added.').waitFor();
    await chairs.getByRole('button', { name: 'Edit Chair 3' }).click();
    const edit = chairs.getByRole('form', { name: 'Edit Chair 3' });
    await edit.getByLabel('Name').fill('Recliner 3');
    await edit.getByRole('button', { name: 'Save' }).click();
    await chairs.getByRole('cell', { name: 'Recliner 3', exact: true }).waitFor();

    const hours = admin.getByRole('region', { name: /Staff hours at Main clinic/ });
    await hours.getByLabel('Staff member').selectOption({ label: DEMO.therapist.name });
    await hours.getByRole('checkbox', { name: 'Saturday' }).check();
    await hours.getByLabel('From').fill('09:00');
    await hours.getByLabel('To').fill('13:00');
    await hours.getByRole('button', { name: 'Add hours' }).click();
    await admin.getByRole('status').getByText('Hours added for Saturday.').waitFor();
    const row = hours.getByRole('row', { name: /Saturday.*Theo Therapist.*09:00–13:00/ });
    await row.waitFor();
    await expectAccessible(admin, 'the chairs page after changes');
  });

  it('sets up a second location open all day for the no-show test', async () => {
    const csrf = (await admin.context().cookies()).find((c) => c.name === 'kf_csrf')?.value ?? '';
    const res = await admin.request.post(`${server.baseUrl}/api/v1/locations`, {
      headers: { 'x-csrf-token': csrf },
      data: {
        name: 'Annex',
        addressLine1: '2 Example Street',
        city: 'New York',
        state: 'NY',
        postalCode: '10001',
        timeZone: NOW_ZONE,
      },
    });
    expect(res.status(), await res.text()).toBe(201);
    await admin.reload();
    await main(admin).getByLabel('Location').selectOption({ label: 'Annex' });
    const chairs = admin.getByRole('region', { name: /Chairs and rooms at Annex/ });
    await chairs.getByLabel('Chair or room name').fill('Annex chair');
    await chairs.getByRole('button', { name: 'Add chair or room' }).click();
    await chairs.getByRole('cell', { name: 'Annex chair', exact: true }).waitFor();
    const hours = admin.getByRole('region', { name: /Staff hours at Annex/ });
    await hours.getByLabel('Staff member').selectOption({ label: DEMO.frontDesk.name });
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']) {
      await hours.getByRole('checkbox', { name: day }).check();
    }
    await hours.getByLabel('From').fill('00:00');
    await hours.getByLabel('To').fill('23:59');
    await hours.getByRole('button', { name: 'Add hours' }).click();
    await admin
      .getByRole('status')
      .getByText(/Hours added for Monday, .*Sunday\./)
      .waitFor();
  });
});

describe('booking (nurse and front desk)', () => {
  it('books a session for a demo patient and shows it on the day and week views', async () => {
    await openSchedule(nurse, DAY);
    await main(nurse)
      .getByTestId('staff-hours')
      .getByText(/Noah Nurse 08:00–18:00/)
      .waitFor();
    await expectAccessible(nurse, 'the day calendar');

    await main(nurse).getByRole('button', { name: 'Book a session' }).click();
    // Without the ride home confirmed, nothing is sent.
    const dialog = await fillBookingDialog(nurse, {
      patientSearch: 'Rivera',
      patientChoice: /Choose Jordan .*Rivera/,
      chair: 'Chair 1',
      time: '09:00',
      confirmRide: false,
    });
    await dialog.getByText('Confirm that someone drives the patient home.').waitFor();
    // The driver on the record is filled in; the minimum slot is explained.
    expect(await dialog.getByLabel('Driver’s name').inputValue()).toBe('Sam Rivera');
    await dialog.getByText(/At least 100 minutes/).waitFor();
    await expectAccessible(nurse, 'the booking dialog');
    await dialog.getByRole('checkbox', { name: 'Ride home confirmed with the patient' }).check();
    await dialog.getByRole('button', { name: 'Book session' }).click();
    await main(nurse)
      .getByRole('status')
      .getByText(/Booked .*Rivera in Chair 1/)
      .waitFor();

    const chair1 = main(nurse).getByRole('region', { name: 'Chair 1' });
    await chair1.getByRole('button', { name: /09:00–10:40 .*Rivera/ }).waitFor();
    await nurse.screenshot({ path: '/tmp/ketaflow-schedule-day.png', fullPage: true });
    await expectAccessible(nurse, 'the day calendar with a booking');

    // The same day as a table.
    await main(nurse).getByRole('checkbox', { name: 'Show the day as a table' }).check();
    await main(nurse)
      .getByRole('row', { name: /09:00–10:40 Chair 1 .*Rivera.*IV ketamine Booked/ })
      .waitFor();
    await expectAccessible(nurse, 'the day as a table');

    await main(nurse).getByLabel('View').selectOption('week');
    const week = main(nurse).getByRole('table', { name: /Bookings of the week/ });
    await week
      .getByRole('row', { name: /Chair 1/ })
      .getByRole('button', { name: /09:00 .*Rivera/ })
      .waitFor();
    await nurse.screenshot({ path: '/tmp/ketaflow-schedule-week.png', fullPage: true });
    await expectAccessible(nurse, 'the week calendar');
    expect(pageProblems(nurse)).toEqual([]);
  });

  it('refuses a double booking of the same chair and time with a clear message', async () => {
    await openSchedule(desk, DAY);
    await main(desk).getByRole('button', { name: 'Book a session' }).click();
    const dialog = await fillBookingDialog(desk, {
      patientSearch: 'Chen',
      patientChoice: /Choose Alex Chen/,
      chair: 'Chair 1',
      time: '10:00',
      driver: { name: 'Lee Chen', phone: '+1 212 555 0150' },
    });
    const refusal = dialog.getByRole('alert');
    await refusal.getByText('Not booked: That chair or room is already booked at this time.').waitFor();
    expect(await refusal.textContent()).toMatch(/Chair 1 is already booked .*09:00–10:40/);
    await expectAccessible(desk, 'the booking dialog with a refusal');
    // Another chair at the same time is fine.
    await dialog.getByLabel('Chair or room').selectOption({ label: 'Chair 2 (chair)' });
    await dialog.getByRole('button', { name: 'Book session' }).click();
    await main(desk)
      .getByRole('status')
      .getByText(/Booked Alex Chen in Chair 2/)
      .waitFor();
  });

  it('cancels a booking with its reason', async () => {
    const chair2 = main(desk).getByRole('region', { name: 'Chair 2' });
    await chair2.getByRole('button', { name: /10:00–11:40 Alex Chen/ }).click();
    const dialog = desk.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Cancel this booking…' }).click();
    await dialog.getByRole('button', { name: 'Cancel booking' }).click();
    await dialog.getByText('Give the reason.').first().waitFor();
    await dialog.getByLabel('Reason for cancelling').fill('Patient has a cold.');
    await dialog.getByRole('button', { name: 'Cancel booking' }).click();
    await main(desk).getByRole('status').getByText('Booking for Alex Chen is now cancelled.').waitFor();
    await chair2.getByRole('button', { name: /Alex Chen/ }).waitFor({ state: 'detached' });
    await main(desk).getByRole('checkbox', { name: 'Show cancelled and no-shows' }).check();
    await chair2.getByRole('button', { name: /10:00–11:40 Alex Chen.*Cancelled/ }).waitFor();
  });

  it('records a no-show once the session has started', { timeout: 240_000 }, async () => {
    const start = minutesFromNow(NOW_ZONE, 2);
    const today = nowIn(NOW_ZONE).date;
    await openSchedule(nurse, today, 'Annex');
    await main(nurse).getByLabel('View').selectOption('day');
    await main(nurse).getByRole('button', { name: 'Book a session' }).click();
    await fillBookingDialog(nurse, {
      patientSearch: 'Ellis',
      patientChoice: /Choose Morgan Ellis/,
      chair: 'Annex chair',
      time: start,
      driver: { name: 'Dana Ellis', phone: '+1 212 555 0160' },
    });
    await main(nurse)
      .getByRole('status')
      .getByText(/Booked Morgan Ellis in Annex chair/)
      .waitFor();
    // Wait for the start to pass, then record the no-show.
    const [h, m] = start.split(':').map(Number) as [number, number];
    while (nowIn(NOW_ZONE).minutes < h * 60 + m || nowIn(NOW_ZONE).date !== today) {
      await nurse.waitForTimeout(5_000);
    }
    await nurse.waitForTimeout(2_000);
    // A fresh look at the day, as a table this time (the page keeps its address).
    await nurse.reload();
    await main(nurse).getByRole('checkbox', { name: 'Show the day as a table' }).check();
    try {
      await main(nurse)
        .getByRole('button', { name: `Details of Morgan Ellis at ${start}` })
        .click();
    } catch (error) {
      await nurse.screenshot({ path: '/tmp/ketaflow-schedule-noshow.png', fullPage: true });
      throw error;
    }
    const dialog = nurse.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Record no-show…' }).click();
    await dialog.getByLabel('Reason for the no-show').fill('Did not arrive; no answer by phone.');
    await dialog.getByRole('button', { name: 'Record no-show' }).click();
    await main(nurse).getByRole('status').getByText('Booking for Morgan Ellis is now no-show.').waitFor();
  });
});

describe('esketamine and the REMS', () => {
  it('refuses esketamine without REMS enrolment, then books it once the enrolment is recorded', async () => {
    const found = await nurse.request.get(`${server.baseUrl}/api/v1/patients?q=Chen&limit=5&offset=0`);
    const chen = ((await found.json()) as { items: { id: string; legalFamilyName: string }[] }).items.find(
      (p) => p.legalFamilyName === 'Chen',
    );
    expect(chen).toBeDefined();
    await nurse.goto(`${server.baseUrl}/app/patients/${chen?.id}`);
    await nurse
      .getByRole('navigation', { name: 'Patient record' })
      .getByRole('link', { name: 'Bookings' })
      .click();
    await nurse.getByRole('heading', { level: 2, name: 'Bookings' }).waitFor();
    await main(nurse)
      .getByTestId('rems-status')
      .getByText(/Not enrolled/)
      .waitFor();
    // The cancelled booking is in the patient's list with its reason.
    await main(nurse).getByRole('cell', { name: 'Cancelled: Patient has a cold.' }).waitFor();
    await expectAccessible(nurse, 'the patient’s bookings');

    await main(nurse).getByRole('button', { name: 'Book a session' }).click();
    let dialog = await fillBookingDialog(nurse, {
      location: 'Main clinic',
      route: 'Esketamine nasal spray',
      chair: 'Quiet room',
      date: DAY,
      time: '12:00',
      driver: { name: 'Lee Chen', phone: '+1 212 555 0150' },
    });
    await dialog
      .getByRole('alert')
      .getByText('Not booked: Esketamine needs the patient’s SPRAVATO REMS enrolment first.')
      .waitFor();
    await dialog.getByText(/At least 120 minutes/).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();

    await main(nurse).getByLabel('REMS reference').fill('REMS-E2E-0001');
    await main(nurse).getByRole('button', { name: 'Record REMS enrolment' }).click();
    await main(nurse)
      .getByTestId('rems-status')
      .getByText(/Enrolled .*recorded by Noah Nurse.*REMS-E2E-0001/)
      .waitFor();

    await main(nurse).getByRole('button', { name: 'Book a session' }).click();
    dialog = await fillBookingDialog(nurse, {
      location: 'Main clinic',
      route: 'Esketamine nasal spray',
      chair: 'Quiet room',
      date: DAY,
      time: '12:00',
      driver: { name: 'Lee Chen', phone: '+1 212 555 0150' },
    });
    await main(nurse)
      .getByRole('status')
      .getByText(/Booked .* in Quiet room\./)
      .waitFor();
    await main(nurse)
      .getByRole('row', { name: /12:00–14:00.*Quiet room.*Esketamine nasal spray.*Booked/ })
      .waitFor();
    await expectAccessible(nurse, 'the patient’s bookings after booking esketamine');
    expect(pageProblems(nurse)).toEqual([]);
  });
});
