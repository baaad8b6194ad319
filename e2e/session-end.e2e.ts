import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, TEST_PASSWORD, type TestContext } from '../test/helpers/clinic.ts';
import { setUpScheduling } from '../test/helpers/schedule.ts';
import { bookTodayIv, checkInRequest, post, vitalsEntry } from '../test/sessions-helpers.ts';
import { expectAccessible, launchBrowser, newPage, pageProblems } from './browser.ts';
import { signInOnClock, startClockedApp } from './clocked-app.ts';
import { chartSection } from './flows/session.ts';

// A session that ends without a discharge: the prescriber decided not to dose at the blood-pressure
// gate (through the API), then the nurse ends the session as not dosed in the browser, confirms, sees
// how it ended, and signs the note. The booking is completed and the board shows the session ended.
const START = new Date('2026-11-27T14:00:00Z'); // Friday 09:00 in New York

let t: TestContext & { baseUrl: string };
let browser: Browser;
let nurse: Page;
let sessionId: string;
let bookingId: string;
let locationId: string;

beforeAll(async () => {
  t = await startClockedApp(START);
  const s = await setUpScheduling(t);
  locationId = s.locationId;
  const booked = await bookTodayIv(t, 0, s);
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
    expect(pageProblems(nurse)).toEqual([]);
  });
});
