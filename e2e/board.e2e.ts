import { randomUUID } from 'node:crypto';
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
import { nowIn, zoneWithRoomToday } from './flows/schedule.ts';
import { DEMO, DEMO_PASSWORD, startServer, type TestServer } from './server.ts';

// The live clinic board and the way from the schedule into a session: a nurse watches the board while
// check-in, the dose and a vitals reading that crosses a threshold are recorded elsewhere.

let server: TestServer;
let browser: Browser;
let admin: Page;
let nurse: Page;
/** A second sign-in of a nurse at another workstation, recording the chart through the API. */
let chairside: Page;

const ZONE = zoneWithRoomToday(120);
const LOCATION = 'Board annex';
let locationId: string;
let chairIds: string[];
/** Ketamine stock in a cabinet at the board's location, for the administration. */
let stock: { cabinetId: string; lotId: string };
let watched: { bookingId: string; patientName: string; sessionId?: string };
let waiting: { bookingId: string; patientName: string; start: string };

const main = (page: Page) => page.getByRole('main');

async function csrf(page: Page): Promise<string> {
  return (await page.context().cookies()).find((c) => c.name === 'kf_csrf')?.value ?? '';
}

async function post<T>(page: Page, path: string, data: object, status = 201): Promise<T> {
  const res = await page.request.post(`${server.baseUrl}/api/v1${path}`, {
    headers: { 'x-csrf-token': await csrf(page) },
    data,
  });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(status);
  return (await res.json()) as T;
}

async function get<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(`${server.baseUrl}/api/v1${path}`);
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

async function createPatient(page: Page, given: string, family: string): Promise<string> {
  const patient = await post<{ id: string }>(page, '/patients', {
    legalGivenName: given,
    legalFamilyName: family,
    dateOfBirth: '1982-04-11',
    sexAtBirth: 'male',
    status: 'active',
    driverName: 'Sam Driver',
    driverPhone: '+1 212 555 0101',
  });
  return patient.id;
}

/** An IV ketamine booking at the board's location, starting a few minutes from now; its local start time. */
async function bookSoon(page: Page, chairId: string, patientId: string, aheadMin: number) {
  const startsAt = new Date(Date.now() + aheadMin * 60_000);
  startsAt.setSeconds(0, 0);
  const booking = await post<{ id: string; localStart: string }>(page, '/bookings', {
    chairId,
    patientId,
    route: 'iv-ketamine',
    startsAt: startsAt.toISOString(),
    driverName: 'Sam Driver',
    driverPhone: '+1 212 555 0101',
  });
  expect(booking.localStart.slice(0, 10)).toBe(nowIn(ZONE).date);
  return { id: booking.id, start: booking.localStart.slice(11, 16) };
}

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

  const location = await post<{ id: string }>(admin, '/locations', {
    name: LOCATION,
    addressLine1: '3 Example Street',
    city: 'New York',
    state: 'NY',
    postalCode: '10001',
    timeZone: ZONE,
  });
  locationId = location.id;
  chairIds = [];
  for (const name of ['Recliner A', 'Recliner B']) {
    chairIds.push((await post<{ id: string }>(admin, `/locations/${locationId}/chairs`, { name })).id);
  }
  const users = await get<{ items: { id: string; email: string }[] }>(admin, '/users');
  const idOf = (email: string) => users.items.find((u) => u.email === email)?.id ?? '';
  for (const weekday of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']) {
    await post(admin, `/locations/${locationId}/staff-hours`, {
      userId: idOf(DEMO.frontDesk.email),
      weekday,
      start: '00:00',
      end: '23:59',
    });
  }

  const products = await get<{ products: { id: string; form: string }[] }>(admin, '/inventory/products');
  const vial = products.products.find((p) => p.form === 'vial');
  if (!vial) throw new Error('the demo clinic has no ketamine vial product');
  const cabinet = await post<{ id: string }>(admin, '/inventory/cabinets', {
    locationId,
    name: 'Annex safe',
  });

  nurse = await newPage(browser);
  await signIn(nurse, server.baseUrl, { email: DEMO.nurse.email, password: DEMO_PASSWORD });
  chairside = await newPage(browser);
  await signIn(chairside, server.baseUrl, { email: DEMO.nurse.email, password: DEMO_PASSWORD });

  const receipt = await post<{ entry: { lotId: string } }>(chairside, '/inventory/receipts', {
    productId: vial.id,
    cabinetId: cabinet.id,
    lotNumber: 'BOARD-1',
    expiresOn: '2031-12-31',
    containers: 2,
    supplierName: 'Henry Schein Medical',
    supplierAddress: '135 Duryea Road, Melville, NY 11747',
    supplierDea: 'RH0123454',
    invoiceNumber: 'INV-BOARD-1',
    invoiceDate: new Date().toISOString().slice(0, 10),
  });
  stock = { cabinetId: cabinet.id, lotId: receipt.entry.lotId };

  const first = await createPatient(chairside, 'Robin', 'Boardman');
  const second = await createPatient(chairside, 'Casey', 'Waitley');
  const one = await bookSoon(chairside, chairIds[0] ?? '', first, 2);
  const two = await bookSoon(chairside, chairIds[1] ?? '', second, 3);
  watched = { bookingId: one.id, patientName: 'Robin Boardman' };
  waiting = { bookingId: two.id, patientName: 'Casey Waitley', start: two.start };
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the schedule leads into the session', () => {
  it('offers Check in on today’s booked sessions of the day view, reaching the check-in page', async () => {
    await nurse.goto(
      `${server.baseUrl}/app/schedule?location=${locationId}&view=day&date=${nowIn(ZONE).date}`,
    );
    await main(nurse)
      .getByRole('heading', { level: 2, name: new RegExp(LOCATION) })
      .waitFor();
    const checkIn = main(nurse).getByRole('link', {
      name: `Check in ${waiting.patientName} at ${waiting.start}`,
    });
    expect(await checkIn.getAttribute('href')).toBe(`/app/bookings/${waiting.bookingId}/check-in`);
    await nurse.screenshot({ path: '/tmp/ketaflow-board-schedule-check-in.png', fullPage: true });
    await expectAccessible(nurse, 'the day view with Check in links');

    // The table view carries the same action.
    await main(nurse).getByRole('checkbox', { name: 'Show the day as a table' }).check();
    const row = main(nurse).getByRole('row', { name: new RegExp(waiting.patientName) });
    expect(await row.getByRole('link', { name: /^Check in/ }).getAttribute('href')).toBe(
      `/app/bookings/${waiting.bookingId}/check-in`,
    );
    await expectAccessible(nurse, 'the day table with Check in links');

    await row.getByRole('link', { name: /^Check in/ }).click();
    // The check-in form itself has its own browser test; here only the way there.
    await nurse.waitForURL(`**/app/bookings/${waiting.bookingId}/check-in`);
    await nurse.getByRole('heading', { level: 1, name: `Check in: ${waiting.patientName}` }).waitFor();
  });
});

describe('the live clinic board', () => {
  it('shows every chair of the chosen location and says it is live', async () => {
    await nurse.goto(`${server.baseUrl}/app/`);
    await nurse.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clinic board' }).click();
    await nurse.getByRole('heading', { level: 1, name: 'Clinic board' }).waitFor();
    await main(nurse).getByLabel('Location').selectOption({ label: LOCATION });
    await main(nurse).getByRole('heading', { level: 2, name: LOCATION }).waitFor();
    const board = main(nurse).getByRole('region', { name: LOCATION });
    await board.getByRole('article', { name: 'Recliner A' }).getByText('Free').waitFor();
    await board.getByRole('article', { name: 'Recliner B' }).getByText('Free').waitFor();
    await board.getByRole('status').getByText('Live').waitFor();
    await expectAccessible(nurse, 'the empty clinic board');

    // The choice of location is remembered: the board opens on it next time.
    await nurse.goto(`${server.baseUrl}/app/board`);
    await main(nurse).getByRole('heading', { level: 2, name: LOCATION }).waitFor();
    expect(await main(nurse).getByLabel('Location').inputValue()).toBe(locationId);
  });

  it('follows check-in, the dose and an alert without a reload, and drops the alert once acknowledged', async () => {
    const board = main(nurse).getByRole('region', { name: LOCATION });
    const card = board.getByRole('article', { name: 'Recliner A' });
    await board.getByRole('status').getByText('Live').waitFor();
    // A page reload would lose this mark.
    await nurse.evaluate(() => {
      (window as unknown as { boardMark: string }).boardMark = 'still here';
    });

    const session = await post<{ id: string; phase: string }>(
      chairside,
      `/bookings/${watched.bookingId}/session`,
      {
        identityConfirmed: true,
        rideHome: { confirmed: true, driverName: 'Sam Driver' },
        medicationsToday: 'None',
        mood: { kind: 'rating', value: 5 },
      },
    );
    watched.sessionId = session.id;
    await card.getByText(watched.patientName, { exact: true }).waitFor();
    await card.getByText('Checked in', { exact: true }).waitFor();
    await card.getByText(/Vitals (due now|overdue by \d+ min)/).waitFor();
    await main(nurse)
      .getByTestId('board-announcements')
      .getByText(`Recliner A: ${watched.patientName}, checked in.`)
      .waitFor();
    expect(
      await card.getByRole('link', { name: `Open chart of ${watched.patientName}` }).getAttribute('href'),
    ).toBe(`/app/sessions/${session.id}`);

    // The booking now names its session: the schedule offers the chart instead of check-in.
    const booking = await get<{ sessionId: string | null }>(chairside, `/bookings/${watched.bookingId}`);
    expect(booking.sessionId).toBe(session.id);

    const entry = (vitals: Record<string, number>) => ({
      id: randomUUID(),
      clientAt: new Date().toISOString(),
      kind: 'check',
      vitals,
      moaas: 5,
      dissociation: 0,
    });
    await post(
      chairside,
      `/sessions/${session.id}/entries`,
      entry({
        systolicMmHg: 124,
        diastolicMmHg: 78,
        heartRateBpm: 72,
        spo2Percent: 98,
        respiratoryRatePerMin: 14,
      }),
    );
    await post(chairside, `/sessions/${session.id}/administration`, {
      doseMg: 35,
      lotId: stock.lotId,
      cabinetId: stock.cabinetId,
      startedAt: new Date().toISOString(),
      pumpRateMlPerH: 150,
      // Booked from the calendar, so the dose is the prescriber's order; both sign in on the spot.
      witnesses: [{ email: DEMO.prescriber.email, password: DEMO_PASSWORD }],
      prescriberOrder: {
        email: DEMO.prescriber.email,
        password: DEMO_PASSWORD,
        reason: 'Booked from the calendar; ordered at the chair.',
        weightKg: 70,
      },
    });
    await card.getByText('Dosing', { exact: true }).waitFor();
    await card.getByText(/^\d+ min$/).waitFor();
    await card.getByText(/Vitals due in \d+ min/).waitFor();
    await main(nurse)
      .getByTestId('board-announcements')
      .getByText(`Recliner A: ${watched.patientName} is now dosing.`)
      .waitFor();

    // A reading below the SpO2 threshold raises an alert, which the board shows at once.
    await post(
      chairside,
      `/sessions/${session.id}/entries`,
      entry({
        systolicMmHg: 128,
        diastolicMmHg: 80,
        heartRateBpm: 84,
        spo2Percent: 88,
        respiratoryRatePerMin: 12,
      }),
    );
    const alerts = card.getByRole('region', { name: 'Alert' });
    await alerts.waitFor();
    const alertText = (await alerts.locator('li strong').first().textContent()) ?? '';
    expect(alertText).toBe('Oxygen saturation below 92 %');
    await alerts.getByText('(reading 88 %)').waitFor();
    await board.getByText('Alerts at Recliner A').waitFor();
    expect(await main(nurse).getByTestId('board-alert-announcements').textContent()).toContain(
      `Alert, Recliner A, ${watched.patientName}: ${alertText}.`,
    );
    await nurse.screenshot({ path: '/tmp/ketaflow-board-alert.png', fullPage: true });
    await expectAccessible(nurse, 'the board with an alert');

    // Acknowledged from the board, with the keyboard: the alert goes.
    await alerts.getByRole('button', { name: `Acknowledge ${alertText} for ${watched.patientName}` }).focus();
    await nurse.keyboard.press('Enter');
    await alerts.waitFor({ state: 'detached' });
    await main(nurse)
      .getByTestId('board-announcements')
      .getByText(`Recliner A: alert acknowledged: ${alertText}.`)
      .waitFor();
    expect(await board.getByText('Alerts at Recliner A').count()).toBe(0);
    const chart = await get<{ alerts: { acknowledged: { byName: string } | null }[] }>(
      chairside,
      `/sessions/${session.id}`,
    );
    expect(chart.alerts.map((a) => a.acknowledged?.byName)).toEqual([DEMO.nurse.name]);

    expect(await nurse.evaluate(() => (window as unknown as { boardMark?: string }).boardMark)).toBe(
      'still here',
    );
    expect(pageProblems(nurse)).toEqual([]);
  });

  it('offers Open chart for the checked-in booking on the schedule', async () => {
    await nurse.goto(
      `${server.baseUrl}/app/schedule?location=${locationId}&view=day&date=${nowIn(ZONE).date}`,
    );
    const link = main(nurse).getByRole('link', { name: new RegExp(`^Open chart ${watched.patientName}`) });
    expect(await link.getAttribute('href')).toBe(`/app/sessions/${watched.sessionId}`);
  });

  it('says when it is reconnecting and catches up when the stream is back', async () => {
    // The event stream refused (as a server without its database listener answers): the board keeps
    // trying and says so.
    await nurse.route('**/board/events', (route) =>
      route.fulfill({ status: 503, contentType: 'application/problem+json', body: '{"status":503}' }),
    );
    await nurse.goto(`${server.baseUrl}/app/board?location=${locationId}`);
    const board = main(nurse).getByRole('region', { name: LOCATION });
    await board
      .getByRole('status')
      .getByText(/Reconnecting… — the board may be out of date/)
      .waitFor();
    const card = board.getByRole('article', { name: 'Recliner A' });
    expect(await card.getByRole('region', { name: 'Alert' }).count()).toBe(0);
    await expectAccessible(nurse, 'the board while reconnecting');

    await post(chairside, `/sessions/${watched.sessionId}/entries`, {
      id: randomUUID(),
      clientAt: new Date().toISOString(),
      kind: 'check',
      vitals: { systolicMmHg: 186, diastolicMmHg: 96, heartRateBpm: 80, spo2Percent: 97 },
    });
    await nurse.unroute('**/board/events');
    await board.getByRole('status').getByText('Live').waitFor({ timeout: 45_000 });
    await card
      .getByRole('region', { name: 'Alert' })
      .getByText('Systolic blood pressure 180 mmHg or more', { exact: true })
      .waitFor();
  }, 90_000);

  it('fits a phone: one column, nothing wider than the screen', async () => {
    const phone = await newPage(browser, { width: 390 });
    await signIn(phone, server.baseUrl, { email: DEMO.nurse.email, password: DEMO_PASSWORD });
    await phone.goto(`${server.baseUrl}/app/board?location=${locationId}`);
    await main(phone)
      .getByRole('article', { name: 'Recliner A' })
      .getByText(watched.patientName, { exact: true })
      .waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: '/tmp/ketaflow-board-phone.png', fullPage: true });
    await expectAccessible(phone, 'the board at 390 px');

    // Initials only, for a screen others can see.
    await main(phone)
      .getByRole('checkbox', { name: /Show initials only/ })
      .check();
    await main(phone)
      .getByRole('article', { name: 'Recliner A' })
      .getByText('R. B.', { exact: true })
      .waitFor();
    expect(await main(phone).getByText(watched.patientName).count()).toBe(0);
    await phone.context().close();
  });

  it('uses the width of a wall screen: chairs side by side, bigger type', async () => {
    const wall = await newPage(browser, { width: 2560 });
    await signIn(wall, server.baseUrl, { email: DEMO.nurse.email, password: DEMO_PASSWORD });
    await wall.goto(`${server.baseUrl}/app/board?location=${locationId}`);
    const a = main(wall).getByRole('article', { name: 'Recliner A' });
    const b = main(wall).getByRole('article', { name: 'Recliner B' });
    await a.getByText(watched.patientName, { exact: true }).waitFor();
    const [boxA, boxB] = [await a.boundingBox(), await b.boundingBox()];
    expect(boxA && boxB && Math.abs(boxA.y - boxB.y)).toBeLessThan(10);
    // Past the 72rem page width of other screens.
    expect((await main(wall).boundingBox())?.width ?? 0).toBeGreaterThan(2000);
    await wall.screenshot({ path: '/tmp/ketaflow-board-wall.png' });
    await expectAccessible(wall, 'the board on a wall screen');
    await wall.context().close();
  });
});
