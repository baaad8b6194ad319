import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, signIn, type TestContext } from './helpers/clinic.ts';
import type { Scheduling } from './helpers/schedule.ts';
import { setUpScheduling } from './helpers/schedule.ts';
import {
  bookTodayIv,
  checkInRequest,
  DAY_START,
  MINUTE,
  post,
  sessionPolicyValues,
  vitalsEntry,
} from './sessions-helpers.ts';

let t: TestContext;
let s: Scheduling;
let nurse: Session;

beforeAll(async () => {
  t = await createTestApp({ SESSION_IDLE_TIMEOUT_SECONDS: '43200' });
  t.clock.now = DAY_START;
  s = await setUpScheduling(t);
});
afterAll(() => t.close());

/** A session checked in on `chair`, hours after the previous one, with these pre-dose readings. */
async function sessionWithReadings(chair: number, hoursLater: number, readings: [number, number][]) {
  t.clock.now = new Date(DAY_START.getTime() + hoursLater * 60 * MINUTE);
  const booked = await bookTodayIv(t, chair, s);
  nurse = await signIn(t, 'nurse');
  const id = (await checkInRequest(t, nurse, booked.bookingId)).json().id as string;
  for (const [systolicMmHg, diastolicMmHg] of readings) {
    const res = await post(
      t,
      nurse,
      `/api/v1/sessions/${id}/entries`,
      vitalsEntry({ systolicMmHg, diastolicMmHg }, t.clock.now),
    );
    expect(res.statusCode, res.body).toBe(201);
    t.clock.now = new Date(t.clock.now.getTime() + 5 * MINUTE);
  }
  return id;
}

const gate = async (id: string) =>
  (await t.app.inject({ url: `/api/v1/sessions/${id}`, headers: nurse.headers })).json().gate;

describe('the pre-dose gate by default (bpGateRepeatClears off)', () => {
  it('is clinic policy, off', async () => {
    const admin = await signIn(t, 'admin');
    const res = await t.app.inject({ url: '/api/v1/settings/sessions', headers: admin.headers });
    expect(res.json().bpGateRepeatClears).toMatchObject({ value: false, clinicPolicy: true, evidence: [] });
  });

  it('keeps the hold after a lower repeat reading until a prescriber decides', async () => {
    const id = await sessionWithReadings(0, 0, [
      [152, 94],
      [128, 80],
    ]);
    expect(await gate(id)).toMatchObject({
      status: 'blocked',
      reason:
        'An earlier reading was above the gate (Blood pressure 152/94 mmHg is above 140/90 mmHg); a lower repeat reading does not lift the hold (clinic policy)',
    });
    const prescriber = await signIn(t, 'prescriber');
    const decided = await post(t, prescriber, `/api/v1/sessions/${id}/gate-decision`, {
      decision: 'proceed',
      reason: 'Repeat after rest 128/80 mmHg; proceed.',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().gate).toMatchObject({ status: 'proceed-decided' });
  });

  it('keeps a do-not-dose decision however low the next reading', async () => {
    const id = await sessionWithReadings(1, 1, [[150, 95]]);
    const prescriber = await signIn(t, 'prescriber');
    const decided = await post(t, prescriber, `/api/v1/sessions/${id}/gate-decision`, {
      decision: 'do-not-dose',
      reason: 'Not today.',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    await post(
      t,
      nurse,
      `/api/v1/sessions/${id}/entries`,
      vitalsEntry({ systolicMmHg: 118, diastolicMmHg: 76 }, t.clock.now),
    );
    expect(await gate(id)).toMatchObject({ status: 'do-not-dose-decided' });
  });
});

describe('a clinic that lets a lower repeat reading clear the gate', () => {
  it('turns the policy on, and keeps it when a client leaves it out', async () => {
    const admin = await signIn(t, 'admin');
    const url = '/api/v1/settings/sessions';
    const on = await t.app.inject({
      method: 'PUT',
      url,
      headers: admin.headers,
      payload: { ...sessionPolicyValues(), bpGateRepeatClears: true },
    });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json().bpGateRepeatClears).toMatchObject({
      value: true,
      clinicPolicy: true,
      note: 'Set by the clinic',
    });
    const kept = await t.app.inject({
      method: 'PUT',
      url,
      headers: admin.headers,
      payload: sessionPolicyValues(),
    });
    expect(kept.json().bpGateRepeatClears.value).toBe(true);
    const bad = await t.app.inject({
      method: 'PUT',
      url,
      headers: admin.headers,
      payload: { ...sessionPolicyValues(), bpGateRepeatClears: 'yes' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.bpGateRepeatClears');
  });

  it('judges the latest reading', async () => {
    const id = await sessionWithReadings(0, 3, [
      [152, 94],
      [128, 80],
    ]);
    expect(await gate(id)).toMatchObject({ status: 'clear', reason: null });
  });
});
