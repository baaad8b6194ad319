import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, signIn, TEST_PASSWORD, type TestContext } from './helpers/clinic.ts';
import {
  addWitnessNurse,
  bookTodayIv,
  CHECK_IN,
  checkInRequest,
  DAY_START,
  doseSignatures,
  MINUTE,
  post,
  prescriberOrder,
  type SessionSetup,
  type Stock,
  stockTheCabinet,
  vitalsEntry,
} from './sessions-helpers.ts';

let t: TestContext;
let s: SessionSetup;
let stock: Stock;

beforeAll(async () => {
  // A treatment day is long; the test moves the clock in big steps without the idle lock.
  t = await createTestApp({ SESSION_IDLE_TIMEOUT_SECONDS: '43200' });
  t.clock.now = DAY_START;
  s = await bookTodayIv(t);
  stock = await stockTheCabinet(t, s);
});
afterAll(() => t.close());

async function countRows(table: 'session_entries' | 'session_administrations' | 'treatment_sessions') {
  const row = await t.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('a whole IV ketamine session through the API', () => {
  let nurse: Session;
  let prescriber: Session;
  let sessionId: string;
  let doseAt: Date;

  it('checks the patient in once per booking', async () => {
    nurse = await signIn(t, 'nurse');
    const first = await checkInRequest(t, nurse, s.bookingId);
    expect(first.statusCode, first.body).toBe(201);
    sessionId = first.json().id;
    expect(first.json()).toMatchObject({
      phase: 'checked-in',
      route: 'iv-ketamine',
      checkIn: { checklist: { identityConfirmed: true, rideHome: { driverName: 'Sam Driver' } } },
      nextVitalsDue: { reason: 'Before dosing' },
    });
    const again = await checkInRequest(t, nurse, s.bookingId);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(sessionId);
    expect(await countRows('treatment_sessions')).toBe(1);
  });

  it('blocks the administration while the pre-dose blood pressure is above the gate', async () => {
    const vitals = await post(
      t,
      nurse,
      `/api/v1/sessions/${sessionId}/entries`,
      vitalsEntry({ systolicMmHg: 152, diastolicMmHg: 94, heartRateBpm: 80, spo2Percent: 98 }, t.clock.now),
    );
    expect(vitals.statusCode, vitals.body).toBe(201);
    expect(vitals.json().entry.preDose).toBe(true);
    const chart = await t.app.inject({ url: `/api/v1/sessions/${sessionId}`, headers: nurse.headers });
    expect(chart.json().gate).toMatchObject({
      status: 'blocked',
      reason: 'Blood pressure 152/94 mmHg is above 140/90 mmHg',
    });
    const given = await post(t, nurse, `/api/v1/sessions/${sessionId}/administration`, {
      doseMg: 35,
      lotId: stock.ketamineLotId,
      cabinetId: stock.cabinetId,
      startedAt: t.clock.now.toISOString(),
      pumpRateMlPerH: 150,
      ...(await doseSignatures(t)),
    });
    expect(given.statusCode, given.body).toBe(409);
    expect(given.json().detail).toMatch(/152\/94.*prescriber/);
    expect(await countRows('session_administrations')).toBe(0);
  });

  it('lets only a prescriber decide, with a reason', async () => {
    const byNurse = await post(t, nurse, `/api/v1/sessions/${sessionId}/gate-decision`, {
      decision: 'proceed',
      reason: 'Nurse should not be able to',
    });
    expect(byNurse.statusCode).toBe(403);
    prescriber = await signIn(t, 'prescriber');
    const noReason = await post(t, prescriber, `/api/v1/sessions/${sessionId}/gate-decision`, {
      decision: 'proceed',
      reason: ' ',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toMatch(/reason/);
    const decided = await post(t, prescriber, `/api/v1/sessions/${sessionId}/gate-decision`, {
      decision: 'proceed',
      reason: 'Anxious on arrival; repeat reading after rest was lower. Proceed with 10-min checks.',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().gate).toMatchObject({
      status: 'proceed-decided',
      decisions: [{ decision: 'proceed', byName: 'prescriber user' }],
    });
  });

  it('refuses a witness who is the nurse, writing nothing, then records the administration', async () => {
    const body = {
      doseMg: 35,
      lotId: stock.ketamineLotId,
      cabinetId: stock.cabinetId,
      startedAt: t.clock.now.toISOString(),
      pumpRateMlPerH: 150,
      ...(await doseSignatures(t)),
    };
    const self = await post(t, nurse, `/api/v1/sessions/${sessionId}/administration`, {
      ...body,
      witnesses: [{ email: t.clinic.users.nurse.email, password: TEST_PASSWORD }],
    });
    expect(self.statusCode).toBe(400);
    expect(self.json().errors).toEqual([{ field: 'body.witnesses.0.email', message: expect.any(String) }]);
    expect(await countRows('session_administrations')).toBe(0);

    doseAt = t.clock.now;
    const given = await post(t, nurse, `/api/v1/sessions/${sessionId}/administration`, {
      ...body,
      prescriberOrder: await prescriberOrder(t),
    });
    expect(given.statusCode, given.body).toBe(201);
    expect(given.json()).toMatchObject({
      phase: 'dosing',
      administration: {
        doseMg: 35,
        doseSource: 'prescriber-order',
        lotNumber: 'K-2211',
        pumpRateMlPerH: 150,
        witnessName: 'Wendy Witness',
        order: { doseMg: 35, prescriberName: 'prescriber user', maxDoseMg: 52.5, weightKg: 70 },
      },
      minutesSinceDose: 0,
      nextVitalsDue: { reason: 'Every 10 min during the infusion', overdue: false },
    });
  });

  it('raises an alert on a threshold crossing that stays until acknowledged', async () => {
    t.clock.now = new Date(doseAt.getTime() + 10 * MINUTE);
    const high = await post(
      t,
      nurse,
      `/api/v1/sessions/${sessionId}/entries`,
      vitalsEntry({ systolicMmHg: 184, diastolicMmHg: 104, heartRateBpm: 96, spo2Percent: 97 }, t.clock.now, {
        moaas: 4,
        dissociation: 2,
      }),
    );
    expect(high.statusCode, high.body).toBe(201);
    expect(high.json().alerts).toEqual([
      expect.objectContaining({ thresholdId: 'systolic-high', value: 184, acknowledged: null }),
    ]);
    const alertId = high.json().alerts[0].id;

    const board = await t.app.inject({
      url: `/api/v1/locations/${s.locationId}/board`,
      headers: nurse.headers,
    });
    expect(board.statusCode, board.body).toBe(200);
    const chair = board.json().chairs.find((c: { chairId: string }) => c.chairId === s.chairIds[0]);
    expect(chair.session).toMatchObject({
      id: sessionId,
      phase: 'dosing',
      minutesSinceDose: 10,
      activeAlerts: [{ id: alertId }],
    });

    const ack = await post(t, nurse, `/api/v1/sessions/${sessionId}/alerts/${alertId}/acknowledge`, {
      note: 'Prescriber informed; infusion rate kept; recheck in 5 min.',
    });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().acknowledged).toMatchObject({
      byUserId: t.clinic.users.nurse.id,
      byName: 'nurse user',
    });
    const twice = await post(t, nurse, `/api/v1/sessions/${sessionId}/alerts/${alertId}/acknowledge`, {});
    expect(twice.statusCode).toBe(409);
  });

  it('ends the infusion, refuses discharge before the minimum monitoring, then discharges', async () => {
    t.clock.now = new Date(doseAt.getTime() + 40 * MINUTE);
    nurse = await signIn(t, 'nurse');
    const ended = await post(t, nurse, `/api/v1/sessions/${sessionId}/administration/changes`, {
      id: randomUUID(),
      change: 'ended',
      at: t.clock.now.toISOString(),
    });
    expect(ended.statusCode, ended.body).toBe(201);
    expect(ended.json().phase).toBe('monitoring');

    t.clock.now = new Date(doseAt.getTime() + 60 * MINUTE);
    await post(
      t,
      nurse,
      `/api/v1/sessions/${sessionId}/entries`,
      vitalsEntry({ systolicMmHg: 132, diastolicMmHg: 84, heartRateBpm: 78, spo2Percent: 98 }, t.clock.now, {
        moaas: 5,
        dissociation: 0,
      }),
    );
    const early = await post(t, nurse, `/api/v1/sessions/${sessionId}/discharge`, {
      instructionsGiven: 'printed',
    });
    expect(early.statusCode, early.body).toBe(409);
    const fields = early.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toContain('discharge.minimum-monitoring');
    expect(fields).toContain('discharge.alert-and-oriented');

    const unsigned = await post(t, nurse, `/api/v1/sessions/${sessionId}/sign`, { password: TEST_PASSWORD });
    expect(unsigned.statusCode).toBe(400);
    expect(unsigned.json().errors).toEqual([
      {
        field: 'administration.waste',
        message: 'Record the witnessed waste of 15 mg left in the vial of lot K-2211.',
      },
      { field: 'discharge', message: expect.any(String) },
    ]);

    t.clock.now = new Date(doseAt.getTime() + 101 * MINUTE);
    nurse = await signIn(t, 'nurse');
    await post(
      t,
      nurse,
      `/api/v1/sessions/${sessionId}/entries`,
      vitalsEntry({ systolicMmHg: 126, diastolicMmHg: 80, heartRateBpm: 74, spo2Percent: 98 }, t.clock.now, {
        moaas: 5,
        dissociation: 0,
      }),
    );
    const chart = await t.app.inject({ url: `/api/v1/sessions/${sessionId}`, headers: nurse.headers });
    const criteria = chart.json().discharge.criteria.map((c: { id: string }) => c.id);
    const saved = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/sessions/${sessionId}/discharge-checklist`,
      headers: nurse.headers,
      payload: { confirmed: criteria },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().phase).toBe('ready-for-discharge');

    const out = await post(t, nurse, `/api/v1/sessions/${sessionId}/discharge`, {
      instructionsGiven: 'printed',
    });
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json()).toMatchObject({ phase: 'discharged', discharge: { readiness: { ready: true } } });
    expect(JSON.stringify(out.json().discharge.instructions)).toMatch(/988/);
  });

  it('wastes what was left in the vial, with a witness who signs in', async () => {
    const witness = await addWitnessNurse(t);
    const wasted = await post(t, nurse, `/api/v1/sessions/${sessionId}/waste`, {
      quantity: 15,
      reason: 'Remainder of the vial after the dose',
      witnesses: [{ email: witness.email, password: TEST_PASSWORD }],
    });
    expect(wasted.statusCode, wasted.body).toBe(201);
    expect(wasted.json().administration).toMatchObject({
      wasteDue: null,
      waste: { quantity: 15, unit: 'mg', witnesses: ['Wendy Witness'] },
    });
  });

  it('signs and locks the note; afterwards only addenda', async () => {
    const wrong = await post(t, nurse, `/api/v1/sessions/${sessionId}/sign`, { password: 'not-my-password' });
    expect(wrong.statusCode).toBe(400);
    const signed = await post(t, nurse, `/api/v1/sessions/${sessionId}/sign`, {
      password: TEST_PASSWORD,
      note: 'Tolerated well; transient hypertension settled without treatment.',
    });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().signature).toMatchObject({
      printedName: 'nurse user',
      signedAt: t.clock.now.toISOString(),
      meaning: expect.stringMatching(/^Author: /),
    });
    const late = await post(
      t,
      nurse,
      `/api/v1/sessions/${sessionId}/entries`,
      vitalsEntry({ systolicMmHg: 120, diastolicMmHg: 80 }, t.clock.now),
    );
    expect(late.statusCode).toBe(409);
    const again = await post(t, nurse, `/api/v1/sessions/${sessionId}/sign`, { password: TEST_PASSWORD });
    expect(again.statusCode).toBe(409);
    await expect(
      t.database.db
        .updateTable('treatment_sessions')
        .set({ note: 'rewritten' })
        .where('id', '=', sessionId)
        .execute(),
    ).rejects.toThrow(/locked/);

    const addendum = await post(t, nurse, `/api/v1/sessions/${sessionId}/addenda`, {
      password: TEST_PASSWORD,
      text: 'Patient phoned at 17:00: home safely, no symptoms.',
    });
    expect(addendum.statusCode, addendum.body).toBe(201);
    expect(addendum.json().note).toBe('Tolerated well; transient hypertension settled without treatment.');
    expect(addendum.json().addenda).toEqual([
      expect.objectContaining({ signature: expect.objectContaining({ printedName: 'nurse user' }) }),
    ]);
  });

  it('takes a prescriber’s co-signature, not the author’s', async () => {
    const byAuthor = await post(t, nurse, `/api/v1/sessions/${sessionId}/cosign`, {
      password: TEST_PASSWORD,
    });
    expect(byAuthor.statusCode).toBe(403);
    prescriber = await signIn(t, 'prescriber');
    const cosigned = await post(t, prescriber, `/api/v1/sessions/${sessionId}/cosign`, {
      password: TEST_PASSWORD,
    });
    expect(cosigned.statusCode, cosigned.body).toBe(200);
    expect(cosigned.json().cosignature).toMatchObject({ printedName: 'prescriber user' });
  });

  it('audited every write and read of the chart', async () => {
    const rows = await t.database.db
      .selectFrom('audit_pending')
      .select(['action', 'entity_type', 'patient_id'])
      .where('entity_type', 'in', [
        'treatment_session',
        'session_entry',
        'session_gate_decision',
        'session_administration',
        'session_alert',
        'session_addendum',
      ])
      .execute();
    const kinds = new Set(rows.map((r) => `${r.action} ${r.entity_type}`));
    for (const kind of [
      'create treatment_session',
      'read treatment_session',
      'create session_entry',
      'create session_gate_decision',
      'create session_administration',
      'update session_administration',
      'update session_alert',
      'update treatment_session',
      'create session_addendum',
    ]) {
      expect(kinds, kind).toContain(kind);
    }
    expect(rows.every((r) => r.patient_id === s.patientId)).toBe(true);
  });
});

describe('check-in input', () => {
  it('names the missing field and writes nothing', async () => {
    const nurse = await signIn(t, 'nurse');
    t.clock.now = new Date(t.clock.now.getTime() + 5 * MINUTE);
    const other = await bookTodayIv(t, 1, s);
    const before = await countRows('treatment_sessions');
    const { rideHome: _ride, ...noRide } = CHECK_IN;
    const res = await checkInRequest(t, nurse, other.bookingId, noRide);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(JSON.stringify(res.json().errors)).toMatch(/rideHome/);
    expect(await countRows('treatment_sessions')).toBe(before);
  });

  it('is not open to the front desk', async () => {
    const res = await checkInRequest(t, s.desk, s.bookingId);
    expect(res.statusCode).toBe(403);
  });
});
