import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, signIn, TEST_PASSWORD, type TestContext } from './helpers/clinic.ts';
import type { Scheduling } from './helpers/schedule.ts';
import { setUpScheduling } from './helpers/schedule.ts';
import {
  addWitnessNurse,
  bookTodayIv,
  checkInRequest,
  DAY_START,
  doseSignatures,
  post,
  type Stock,
  sessionPolicyValues,
  stockTheCabinet,
  vitalsEntry,
} from './sessions-helpers.ts';

// Whether an opened vial's remainder is wasted is clinic policy (wasteOpenVial, on by default): a
// clinic that keeps opened multi-dose vials in stock turns it off. Sessions keep the policy they were
// checked in under.
let t: TestContext;
let scheduling: Scheduling;
let stock: Stock;
let nurse: Session;

beforeAll(async () => {
  t = await createTestApp({ SESSION_IDLE_TIMEOUT_SECONDS: '43200' });
  t.clock.now = DAY_START;
  scheduling = await setUpScheduling(t, ['Chair 1', 'Chair 2']);
  stock = await stockTheCabinet(t, scheduling);
  await addWitnessNurse(t);
});
afterAll(() => t.close());

async function sessionWithDose(chair: number) {
  const booking = await bookTodayIv(t, chair, scheduling);
  nurse = await signIn(t, 'nurse');
  const checkIn = await checkInRequest(t, nurse, booking.bookingId);
  expect(checkIn.statusCode, checkIn.body).toBe(201);
  const id = checkIn.json().id as string;
  const bp = await post(
    t,
    nurse,
    `/api/v1/sessions/${id}/entries`,
    vitalsEntry({ systolicMmHg: 122, diastolicMmHg: 78, heartRateBpm: 72, spo2Percent: 98 }, t.clock.now),
  );
  expect(bp.statusCode, bp.body).toBe(201);
  const given = await post(t, nurse, `/api/v1/sessions/${id}/administration`, {
    doseMg: 35,
    lotId: stock.ketamineLotId,
    cabinetId: stock.cabinetId,
    startedAt: t.clock.now.toISOString(),
    pumpRateMlPerH: 150,
    ...(await doseSignatures(t)),
  });
  expect(given.statusCode, given.body).toBe(201);
  return { id, administration: given.json().administration };
}

describe('the open-vial waste policy', () => {
  it('is on by default and shown as clinic policy', async () => {
    const admin = await signIn(t, 'admin');
    const res = await t.app.inject({ url: '/api/v1/settings/sessions', headers: admin.headers });
    expect(res.json().wasteOpenVial).toMatchObject({ value: true, clinicPolicy: true });
  });

  it('asks for the waste of the remainder while on; a clinic that turns it off is asked for none', async () => {
    const before = await sessionWithDose(0);
    expect(before.administration.wasteDue).toMatchObject({ quantity: 15, unit: 'mg' });

    const admin = await signIn(t, 'admin');
    const off = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/settings/sessions',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: { ...sessionPolicyValues(), wasteOpenVial: false },
    });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().wasteOpenVial).toMatchObject({ value: false, clinicPolicy: true });

    const after = await sessionWithDose(1);
    expect(after.administration.wasteDue).toBeNull();
    const waste = await post(t, nurse, `/api/v1/sessions/${after.id}/waste`, {
      quantity: 15,
      reason: 'Remainder',
      witnesses: [{ email: 'wendy-witness@test-clinic.test', password: TEST_PASSWORD }],
    });
    expect(waste.statusCode, waste.body).toBe(409);
    expect(waste.json().detail).toMatch(/keeps opened vials in stock/);

    // The session checked in under the earlier policy still owes its waste.
    const earlier = await t.app.inject({ url: `/api/v1/sessions/${before.id}`, headers: nurse.headers });
    expect(earlier.json().administration.wasteDue).toMatchObject({ quantity: 15 });
  });
});
