import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, TEST_PASSWORD, type TestContext } from '../test/helpers/clinic.ts';
import { book } from '../test/helpers/schedule.ts';
import { type EsketamineClinic, enrolledPatient, setUpEsketamineClinic } from '../test/rems-helpers.ts';
import { bookTodayIv, checkInRequest, doseSignatures, post, vitalsEntry } from '../test/sessions-helpers.ts';
import { expectAccessible, launchBrowser, newPage, pageProblems } from './browser.ts';
import { signInOnClock, startClockedApp } from './clocked-app.ts';
import { chartSection } from './flows/session.ts';

// A session that ends without a discharge: the prescriber decided not to dose at the blood-pressure
// gate (through the API), then the nurse ends the session as not dosed in the browser, confirms, sees
// how it ended, and signs the note. The booking is completed and the board shows the session ended.
// Then an esketamine patient dosed through the API is transferred to emergency care: the nurse ends the
// session as transferred, adds the reading taken before the transfer, and signs.
const START = new Date('2026-11-27T14:00:00Z'); // Friday 09:00 in New York
const MINUTE = 60_000;
/** "11:35" in the browser's zone (the location's), as the chart's time fields take it. */
const hhmm = (at: Date) =>
  new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);

let t: TestContext & { baseUrl: string };
let browser: Browser;
let nurse: Page;
let sessionId: string;
let bookingId: string;
let locationId: string;
let c: EsketamineClinic;

beforeAll(async () => {
  t = await startClockedApp(START);
  c = await setUpEsketamineClinic(t);
  locationId = c.locationId;
  const booked = await bookTodayIv(t, 0, c);
  bookingId = booked.bookingId;
  const api = await signIn(t, 'nurse');
  sessionId = (await checkInRequest(t, api, bookingId)).json().id;
  const high = await post(
    t,
    api,
    `/api/v1/sessions/${sessionId}/entries`,
    vitalsEntry({ systolicMmHg: 168, diastolicMmHg: 102, heartRateBpm: 88 }, t.clock.now),
  );
  expect(high.statusCode, high.body).toBe(201);
  const prescriber = await signIn(t, 'prescriber');
  const decided = await post(t, prescriber, `/api/v1/sessions/${sessionId}/gate-decision`, {
    decision: 'do-not-dose',
    reason: 'Blood pressure 168/102 mmHg; GP to review before the next session.',
  });
  expect(decided.statusCode, decided.body).toBe(200);
  t.clock.now = new Date(t.clock.now.getTime() + 5 * 60_000);

  browser = await launchBrowser();
  nurse = await newPage(browser);
  await nurse.clock.setFixedTime(t.clock.now);
  await signInOnClock(nurse, t, 'nurse');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('ending a session without a discharge', () => {
  it('ends a session as not dosed after the prescriber’s decision, and signs the note', async () => {
    await nurse.goto(`${t.baseUrl}/app/sessions/${sessionId}`);
    const signing = chartSection(nurse, 'Sign and lock');
    await signing
      .getByTestId('signing-missing')
      .getByText(/end of the session as not dosed/)
      .waitFor();

    const ending = chartSection(nurse, 'End without discharge');
    const form = ending.getByRole('form', { name: 'End without discharge' });
    await form.getByRole('radio', { name: 'Not dosed' }).check();
    // The prescriber's decision on the chart is the reason offered first.
    expect(await form.getByRole('radio', { name: 'A prescriber decided not to dose' }).isChecked()).toBe(
      true,
    );
    await form.getByLabel('Details').fill('Patient told; to rebook after the GP review.');
    await expectAccessible(nurse, 'the end-without-discharge form');
    await form.getByRole('button', { name: 'End the session…' }).click();

    const confirmation = ending.getByTestId('end-confirmation');
    await confirmation.getByRole('heading', { name: 'End this session: not dosed?' }).waitFor();
    await expectAccessible(nurse, 'the confirmation to end the session');
    await confirmation.getByRole('button', { name: 'Yes, end the session' }).click();

    const summary = ending.getByTestId('session-ending');
    await summary.getByText('Ended without a discharge: not dosed.').waitFor();
    const facts = (await summary.textContent()) ?? '';
    expect(facts).toMatch(/Why\s*A prescriber decided not to dose/);
    expect(facts).toMatch(/Details\s*Patient told; to rebook after the GP review\./);
    expect(facts).toMatch(/Recorded by\s*nurse user/);
    await nurse.getByText('Ended without discharge', { exact: true }).first().waitFor();
    // Nothing is left to chart: no vitals form, no discharge.
    expect(await nurse.getByRole('form', { name: 'Pre-dose vitals' }).count()).toBe(0);
    expect(await chartSection(nurse, 'Discharge').count()).toBe(0);

    await signing.getByText('Everything the note needs is recorded.').waitFor();
    const sign = signing.getByRole('form', { name: 'Sign and lock the session note' });
    await sign.getByLabel('Session note').fill('Not dosed today: pre-dose blood pressure above the gate.');
    await sign.getByLabel('Your password').fill(TEST_PASSWORD);
    await sign.getByRole('button', { name: 'Sign and lock' }).click();
    await signing.getByText('Signed and locked.', { exact: false }).waitFor();
    expect(await ending.getByTestId('session-ending').count()).toBe(1);
    await expectAccessible(nurse, 'the signed chart of a session ended without a discharge');

    const api = await signIn(t, 'nurse');
    const stored = await t.app.inject({ url: `/api/v1/sessions/${sessionId}`, headers: api.headers });
    expect(stored.json()).toMatchObject({
      phase: 'ended',
      ending: { kind: 'not-dosed', reason: 'gate-decision', byName: 'nurse user' },
      signature: { printedName: 'nurse user' },
    });
    const booking = await t.database.db
      .selectFrom('bookings')
      .select('status')
      .where('id', '=', bookingId)
      .executeTakeFirstOrThrow();
    expect(booking.status).toBe('completed');
  });

  it('shows the session as ended on the board', async () => {
    await nurse.goto(`${t.baseUrl}/app/board?location=${locationId}`);
    await nurse.getByText('Ended without discharge', { exact: true }).first().waitFor();
    await nurse.getByText('Not dosed', { exact: true }).first().waitFor();
    await expectAccessible(nurse, 'the board with an ended session');
  });

  it('ends an esketamine session as transferred after the dose, takes the earlier reading, and signs', async () => {
    const patientId = await enrolledPatient(t, { legalGivenName: 'Ari', legalFamilyName: 'Transfer' });
    const startsAt = new Date(START.getTime() + 2 * 60 * MINUTE);
    const desk = await signIn(t, 'front_desk');
    const booked = await book(t, desk, {
      chairId: c.chairIds[1],
      patientId,
      route: 'esketamine',
      startsAt: startsAt.toISOString(),
    });
    expect(booked.statusCode, booked.body).toBe(201);
    t.clock.now = startsAt;
    const api = await signIn(t, 'nurse');
    const checkedIn = await checkInRequest(t, api, booked.json().id, {
      identityConfirmed: true,
      fasting: {
        lastFoodAt: new Date(startsAt.getTime() - 180 * MINUTE).toISOString(),
        lastLiquidsAt: new Date(startsAt.getTime() - 60 * MINUTE).toISOString(),
      },
      rideHome: { confirmed: true, driverName: 'Sam Driver' },
      medicationsToday: 'Sertraline 100 mg',
      mood: { kind: 'rating', value: 3 },
    });
    expect(checkedIn.statusCode, checkedIn.body).toBe(201);
    const id = checkedIn.json().id as string;
    await post(
      t,
      api,
      `/api/v1/sessions/${id}/entries`,
      vitalsEntry({ systolicMmHg: 126, diastolicMmHg: 80, spo2Percent: 98 }, t.clock.now),
    );
    const first = new Date(startsAt.getTime() + 5 * MINUTE);
    t.clock.now = new Date(first.getTime() + 5 * MINUTE);
    const given = await post(t, api, `/api/v1/sessions/${id}/administration`, {
      doseMg: 56,
      lotId: c.lotId,
      cabinetId: c.cabinetId,
      deviceTimes: [first.toISOString(), new Date(first.getTime() + 5 * MINUTE).toISOString()],
      ...(await doseSignatures(t)),
    });
    expect(given.statusCode, given.body).toBe(201);

    // 30 minutes after the first device the patient is taken to hospital; the nurse charts it at 40.
    t.clock.now = new Date(first.getTime() + 40 * MINUTE);
    await nurse.clock.setFixedTime(t.clock.now);
    await nurse.goto(`${t.baseUrl}/app/sessions/${id}`);
    const ending = chartSection(nurse, 'End without discharge');
    const form = ending.getByRole('form', { name: 'End without discharge' });
    // After a dose the patient was dosed: "Not dosed" is not offered.
    expect(await form.getByRole('radio', { name: 'Not dosed' }).count()).toBe(0);
    await form.getByRole('radio', { name: 'Transferred to emergency care' }).check();
    await form.getByText(/No vital signs after the dose are charted/).waitFor();
    const transferAt = new Date(first.getTime() + 30 * MINUTE);
    await form.getByLabel('Time of the transfer').fill(hhmm(transferAt));
    await form.getByLabel('Where to').fill('Mount Sinai ED');
    await form.getByLabel('By whom').fill('FDNY EMS, handed over by the prescriber');
    await form.getByLabel('What happened').fill('Chest pain and confusion; 911 called.');
    await expectAccessible(nurse, 'the transfer form');
    await form.getByRole('button', { name: 'End the session…' }).click();
    await ending.getByRole('button', { name: 'Yes, end the session' }).click();
    await ending
      .getByTestId('session-ending')
      .getByText(`Ended without a discharge: transferred to emergency care at ${hhmm(transferAt)}.`)
      .waitFor();

    const signing = chartSection(nurse, 'Sign and lock');
    await signing
      .getByTestId('signing-missing')
      .getByText('Vital signs after the dose, taken before the session ended')
      .waitFor();
    const reading = chartSection(nurse, 'Monitoring').getByRole('form', {
      name: 'Reading taken before the end',
    });
    await reading.getByLabel('Time taken').fill(hhmm(new Date(first.getTime() + 25 * MINUTE)));
    await reading.getByLabel('Systolic (mmHg)').fill('188');
    await reading.getByLabel('Diastolic (mmHg)').fill('112');
    await reading.getByLabel('SpO2 (%)').fill('93');
    await expectAccessible(nurse, 'the reading taken before the end');
    await reading.getByLabel('SpO2 (%)').press('Enter');
    await signing.getByText('Everything the note needs is recorded.').waitFor();
    const sign = signing.getByRole('form', { name: 'Sign and lock the session note' });
    await sign.getByLabel('Your password').fill(TEST_PASSWORD);
    await sign.getByRole('button', { name: 'Sign and lock' }).click();
    await signing.getByText('Signed and locked.', { exact: false }).waitFor();

    const stored = (await t.app.inject({ url: `/api/v1/sessions/${id}`, headers: api.headers })).json();
    expect(stored.ending).toMatchObject({
      kind: 'transferred',
      destination: 'Mount Sinai ED',
      at: transferAt.toISOString(),
      afterDose: true,
    });
    expect(stored.entries.at(-1)).toMatchObject({
      preDose: false,
      clientAt: new Date(first.getTime() + 25 * MINUTE).toISOString(),
      data: { vitals: { systolicMmHg: 188, diastolicMmHg: 112, spo2Percent: 93 } },
    });
    expect(pageProblems(nurse)).toEqual([]);
  });
});
