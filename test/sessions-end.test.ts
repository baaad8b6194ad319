import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, signIn, TEST_PASSWORD, type TestContext } from './helpers/clinic.ts';
import { SUPPLIER } from './helpers/ledger.ts';
import { book } from './helpers/schedule.ts';
import { type EsketamineClinic, enrolledPatient, setUpEsketamineClinic } from './rems-helpers.ts';
import {
  addWitnessNurse,
  bookTodayIv,
  checkInRequest,
  DAY_START,
  doseSignatures,
  KETAMINE_VIAL,
  MINUTE,
  post,
  type SessionSetup,
  vitalsEntry,
} from './sessions-helpers.ts';

let t: TestContext;
let c: EsketamineClinic;

beforeAll(async () => {
  // A treatment day is long; the test moves the clock in big steps without the idle lock.
  t = await createTestApp({ SESSION_IDLE_TIMEOUT_SECONDS: '43200' });
  t.clock.now = DAY_START;
  c = await setUpEsketamineClinic(t);
});
afterAll(() => t.close());

async function sessionRow(id: string) {
  return t.database.db
    .selectFrom('treatment_sessions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** Lot K-2211 of 50 mg ketamine vials in the clinic's cabinet (the esketamine devices are there already). */
async function ketamineLot(): Promise<string> {
  const admin = await signIn(t, 'admin');
  const product = await post(t, admin, '/api/v1/inventory/products', KETAMINE_VIAL);
  expect(product.statusCode, product.body).toBe(201);
  const receipt = await post(t, await signIn(t, 'nurse'), '/api/v1/inventory/receipts', {
    productId: product.json().id,
    cabinetId: c.cabinetId,
    lotNumber: 'K-2211',
    expiresOn: '2031-12-31',
    containers: 4,
    ...SUPPLIER,
  });
  expect(receipt.statusCode, receipt.body).toBe(201);
  return receipt.json().entry.lotId;
}

async function bookingStatus(id: string) {
  const row = await t.database.db
    .selectFrom('bookings')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.status;
}

describe('a prescriber’s do-not-dose decision, then the session ends as not dosed', () => {
  let s: SessionSetup;
  let nurse: Session;
  let sessionId: string;

  it('refuses to sign until the session has ended (the database refused it with a 500 before)', async () => {
    s = await bookTodayIv(t, 0, c);
    nurse = await signIn(t, 'nurse');
    sessionId = (await checkInRequest(t, nurse, s.bookingId)).json().id;
    const high = await post(
      t,
      nurse,
      `/api/v1/sessions/${sessionId}/entries`,
      vitalsEntry({ systolicMmHg: 168, diastolicMmHg: 102 }, t.clock.now),
    );
    expect(high.statusCode, high.body).toBe(201);
    const prescriber = await signIn(t, 'prescriber');
    const decided = await post(t, prescriber, `/api/v1/sessions/${sessionId}/gate-decision`, {
      decision: 'do-not-dose',
      reason: 'Blood pressure too high today; GP to review before the next session.',
    });
    expect(decided.statusCode, decided.body).toBe(200);

    const signed = await post(t, nurse, `/api/v1/sessions/${sessionId}/sign`, { password: TEST_PASSWORD });
    expect(signed.statusCode, signed.body).toBe(400);
    expect(signed.json().errors).toEqual([
      { field: 'ending', message: 'A prescriber decided not to dose: end the session as not dosed.' },
    ]);
  });

  it('refuses bad input with problem+json naming the field, changing nothing', async () => {
    const url = `/api/v1/sessions/${sessionId}/end`;
    const cases: [object, string][] = [
      [{ kind: 'not-dosed', reason: 'other' }, 'body.note'],
      [{ kind: 'not-dosed', reason: 'other', note: '   ' }, 'body.note'],
      [{ kind: 'not-dosed', reason: 'pregnancy-hold' }, 'body.reason'],
      [{ kind: 'not-dosed', reason: 'tired' }, 'body.reason'],
      [{ kind: 'sideways' }, 'body.kind'],
      [
        { kind: 'transferred', at: t.clock.now.toISOString(), destination: '', transferredBy: 'EMS' },
        'body.destination',
      ],
      [
        {
          kind: 'transferred',
          at: new Date(t.clock.now.getTime() + 30 * MINUTE).toISOString(),
          destination: 'Mount Sinai ED',
          transferredBy: 'FDNY EMS',
        },
        'body.at',
      ],
      [
        {
          kind: 'left-against-advice',
          at: new Date(t.clock.now.getTime() - 120 * MINUTE).toISOString(),
          adviceGiven: 'Told to stay',
        },
        'body.at',
      ],
      [{ kind: 'left-against-advice', at: 'this morning', adviceGiven: 'Told to stay' }, 'body.at'],
      [{ kind: 'left-against-advice', at: t.clock.now.toISOString() }, 'body.adviceGiven'],
    ];
    const before = await sessionRow(sessionId);
    for (const [payload, field] of cases) {
      const res = await post(t, nurse, url, payload);
      const where = `${JSON.stringify(payload)} -> ${res.body}`;
      expect(res.statusCode, where).toBe(400);
      expect(res.headers['content-type'], where).toMatch(/problem\+json/);
      expect(
        res.json().errors.map((e: { field: string }) => e.field),
        where,
      ).toContain(field);
    }
    expect(await sessionRow(sessionId)).toEqual(before);
    expect(await bookingStatus(s.bookingId)).toBe('booked');
  });

  it('is not for the front desk or a therapist', async () => {
    const url = `/api/v1/sessions/${sessionId}/end`;
    const body = { kind: 'not-dosed', reason: 'gate-decision' };
    expect((await post(t, s.desk, url, body)).statusCode).toBe(403);
    expect((await post(t, await signIn(t, 'therapist'), url, body)).statusCode).toBe(403);
    expect((await sessionRow(sessionId)).status).toBe('checked-in');
  });

  it('ends the session as not dosed: the booking is completed, the board shows it ended', async () => {
    t.clock.now = new Date(t.clock.now.getTime() + 5 * MINUTE);
    const ended = await post(t, nurse, `/api/v1/sessions/${sessionId}/end`, {
      kind: 'not-dosed',
      reason: 'gate-decision',
      note: 'Patient informed; to rebook after GP review.',
    });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({
      phase: 'ended',
      nextVitalsDue: null,
      discharge: { readiness: null, dischargedAt: null },
      ending: {
        kind: 'not-dosed',
        reason: 'gate-decision',
        note: 'Patient informed; to rebook after GP review.',
        destination: null,
        at: t.clock.now.toISOString(),
        recordedAt: t.clock.now.toISOString(),
        byUserId: t.clinic.users.nurse.id,
        byName: 'nurse user',
        afterDose: false,
      },
    });
    expect(await bookingStatus(s.bookingId)).toBe('completed');

    const board = await t.app.inject({
      url: `/api/v1/locations/${c.locationId}/board`,
      headers: nurse.headers,
    });
    const chair = board.json().chairs.find((x: { chairId: string }) => x.chairId === c.chairIds[0]);
    expect(chair.session).toMatchObject({ id: sessionId, phase: 'ended', nextVitalsDue: null });

    const audited = await t.database.db
      .selectFrom('audit_pending')
      .select(['details', 'patient_id'])
      .where('entity_id', '=', sessionId)
      .where('action', '=', 'update')
      .execute();
    expect(audited.map((a) => a.details)).toContainEqual(
      expect.objectContaining({ ended: 'not-dosed', reason: 'gate-decision', booking: 'completed' }),
    );
  });

  it('cannot be ended twice, nor charted on after it ended', async () => {
    t.clock.now = new Date(t.clock.now.getTime() + MINUTE);
    const again = await post(t, nurse, `/api/v1/sessions/${sessionId}/end`, {
      kind: 'not-dosed',
      reason: 'declined',
    });
    expect(again.statusCode, again.body).toBe(409);
    const entry = await post(
      t,
      nurse,
      `/api/v1/sessions/${sessionId}/entries`,
      vitalsEntry({ systolicMmHg: 130, diastolicMmHg: 80 }, t.clock.now),
    );
    expect(entry.statusCode).toBe(409);
    const discharge = await post(t, nurse, `/api/v1/sessions/${sessionId}/discharge`, {
      instructionsGiven: 'printed',
    });
    expect(discharge.statusCode).toBe(409);
    expect((await sessionRow(sessionId)).end_reason).toBe('gate-decision');
  });

  it('signs the note without any dose or discharge, and a signed note cannot be ended', async () => {
    const signed = await post(t, nurse, `/api/v1/sessions/${sessionId}/sign`, {
      password: TEST_PASSWORD,
      note: 'Not dosed: pre-dose blood pressure 168/102 mmHg.',
    });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({
      phase: 'ended',
      signature: { printedName: 'nurse user' },
      ending: { kind: 'not-dosed' },
    });
    const after = await post(t, nurse, `/api/v1/sessions/${sessionId}/end`, {
      kind: 'left-against-advice',
      at: t.clock.now.toISOString(),
      adviceGiven: 'x',
    });
    expect(after.statusCode).toBe(409);
    expect(after.json().detail).toMatch(/signed/);
  });
});

describe('the database', () => {
  it('still refuses to sign an open session, or to mark one ended without how', async () => {
    const nurse = await signIn(t, 'nurse');
    t.clock.now = new Date(t.clock.now.getTime() + 5 * MINUTE);
    const s = await bookTodayIv(t, 1, c);
    const id = (await checkInRequest(t, nurse, s.bookingId)).json().id as string;
    await expect(
      t.database.db
        .updateTable('treatment_sessions')
        .set({ signed_at: new Date(), signed_by: t.clinic.users.nurse.id })
        .where('id', '=', id)
        .execute(),
    ).rejects.toThrow(/treatment_sessions_signed_when_finished/);
    await expect(
      t.database.db.updateTable('treatment_sessions').set({ status: 'ended' }).where('id', '=', id).execute(),
    ).rejects.toThrow(/treatment_sessions_end_recorded/);
    const declined = await post(t, nurse, `/api/v1/sessions/${id}/end`, {
      kind: 'not-dosed',
      reason: 'declined',
    });
    expect(declined.statusCode, declined.body).toBe(200);
    // A patient who declined before any reading: the note needs no pre-dose blood pressure.
    const signed = await post(t, nurse, `/api/v1/sessions/${id}/sign`, { password: TEST_PASSWORD });
    expect(signed.statusCode, signed.body).toBe(200);
  });
});

describe('an esketamine patient transferred to emergency care after the dose', () => {
  let nurse: Session;
  let sessionId: string;
  let firstDevice: Date;

  it('ends as transferred once the dose is given', async () => {
    const patientId = await enrolledPatient(t);
    const startsAt = new Date(DAY_START.getTime() + 3 * 60 * MINUTE);
    t.clock.now = new Date(startsAt.getTime() - 60 * MINUTE);
    const desk = await signIn(t, 'front_desk');
    const booked = await book(t, desk, {
      chairId: c.chairIds[0],
      patientId,
      route: 'esketamine',
      startsAt: startsAt.toISOString(),
    });
    expect(booked.statusCode, booked.body).toBe(201);
    t.clock.now = startsAt;
    nurse = await signIn(t, 'nurse');
    const checkedIn = await checkInRequest(t, nurse, booked.json().id, {
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
    sessionId = checkedIn.json().id;
    const entry = (payload: object) => post(t, nurse, `/api/v1/sessions/${sessionId}/entries`, payload);
    expect(
      (await entry(vitalsEntry({ systolicMmHg: 128, diastolicMmHg: 82, spo2Percent: 98 }, t.clock.now)))
        .statusCode,
    ).toBe(201);
    firstDevice = new Date(startsAt.getTime() + 5 * MINUTE);
    t.clock.now = new Date(firstDevice.getTime() + 5 * MINUTE);
    const given = await post(t, nurse, `/api/v1/sessions/${sessionId}/administration`, {
      doseMg: 56,
      lotId: c.lotId,
      cabinetId: c.cabinetId,
      deviceTimes: [firstDevice.toISOString(), new Date(firstDevice.getTime() + 5 * MINUTE).toISOString()],
      ...(await doseSignatures(t)),
    });
    expect(given.statusCode, given.body).toBe(201);

    const notDosed = await post(t, nurse, `/api/v1/sessions/${sessionId}/end`, {
      kind: 'not-dosed',
      reason: 'declined',
    });
    expect(notDosed.statusCode, notDosed.body).toBe(409);
    expect(notDosed.json().errors[0].field).toBe('body.kind');
    const beforeDose = await post(t, nurse, `/api/v1/sessions/${sessionId}/end`, {
      kind: 'transferred',
      at: new Date(firstDevice.getTime() - MINUTE).toISOString(),
      destination: 'Mount Sinai ED',
      transferredBy: 'FDNY EMS',
    });
    expect(beforeDose.statusCode).toBe(400);
    expect(beforeDose.json().errors[0].field).toBe('body.at');

    t.clock.now = new Date(firstDevice.getTime() + 25 * MINUTE);
    expect(
      (
        await entry(
          vitalsEntry({ systolicMmHg: 196, diastolicMmHg: 118, spo2Percent: 90 }, t.clock.now, {
            moaas: 2,
          }),
        )
      ).statusCode,
    ).toBe(201);
    const unsigned = await post(t, nurse, `/api/v1/sessions/${sessionId}/sign`, {
      password: TEST_PASSWORD,
    });
    expect(unsigned.statusCode).toBe(400);
    expect(unsigned.json().errors.map((e: { field: string }) => e.field)).toEqual(['discharge']);

    const transferAt = new Date(firstDevice.getTime() + 32 * MINUTE);
    t.clock.now = new Date(firstDevice.getTime() + 40 * MINUTE);
    const ended = await post(t, nurse, `/api/v1/sessions/${sessionId}/end`, {
      kind: 'transferred',
      at: transferAt.toISOString(),
      destination: 'Mount Sinai ED',
      transferredBy: 'FDNY EMS ambulance, handed over by the prescriber',
      note: 'Hypertensive crisis with confusion; 911 called at 12:55.',
    });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({
      phase: 'ended',
      minutesSinceDose: null,
      ending: {
        kind: 'transferred',
        reason: null,
        destination: 'Mount Sinai ED',
        at: transferAt.toISOString(),
        recordedAt: t.clock.now.toISOString(),
        afterDose: true,
      },
    });
  });

  it('signs with the dose and the vitals before the transfer, and the REMS form says transferred', async () => {
    const signed = await post(t, nurse, `/api/v1/sessions/${sessionId}/sign`, {
      password: TEST_PASSWORD,
    });
    expect(signed.statusCode, signed.body).toBe(200);
    const form = await t.app.inject({
      url: `/api/v1/sessions/${sessionId}/rems-form`,
      headers: nurse.headers,
    });
    expect(form.statusCode, form.body).toBe(200);
    const fields = new Map<string, { value: string | null; detail?: string }>(
      form
        .json()
        .sections.flatMap((section: { fields: { key: string }[] }) => section.fields)
        .map((f: { key: string; value: string | null; detail?: string }) => [f.key, f]),
    );
    expect(fields.get('duration.totalMinutes')).toMatchObject({
      value: '32',
      detail: expect.stringMatching(
        /^Monitoring ended without a discharge: transferred to emergency care \(Mount Sinai ED\) at \d\d:\d\d$/,
      ),
    });
    expect(fields.get('minutesUntilReadyToLeave')?.value).toMatch(/^Not ready to leave: transferred/);
    expect(fields.get('bp.beforeCompletion')?.value).toBe('196/118 mmHg');
    expect(form.json().missing).not.toContain('duration.totalMinutes');
  });
});

describe('an IV patient who leaves against medical advice during the infusion', () => {
  let s: SessionSetup;
  let ketamineLotId: string;
  let nurse: Session;
  let sessionId: string;
  let doseAt: Date;

  it('waits for the end of the infusion to be charted', async () => {
    t.clock.now = new Date(DAY_START.getTime() + 5 * 60 * MINUTE);
    s = await bookTodayIv(t, 1, c);
    ketamineLotId = await ketamineLot();
    nurse = await signIn(t, 'nurse');
    sessionId = (await checkInRequest(t, nurse, s.bookingId)).json().id;
    await post(
      t,
      nurse,
      `/api/v1/sessions/${sessionId}/entries`,
      vitalsEntry({ systolicMmHg: 124, diastolicMmHg: 80 }, t.clock.now),
    );
    doseAt = t.clock.now;
    const given = await post(t, nurse, `/api/v1/sessions/${sessionId}/administration`, {
      doseMg: 35,
      lotId: ketamineLotId,
      cabinetId: c.cabinetId,
      startedAt: doseAt.toISOString(),
      pumpRateMlPerH: 150,
      ...(await doseSignatures(t)),
    });
    expect(given.statusCode, given.body).toBe(201);
    t.clock.now = new Date(doseAt.getTime() + 12 * MINUTE);
    const left = {
      kind: 'left-against-advice',
      at: t.clock.now.toISOString(),
      adviceGiven:
        'Told the infusion can cause confusion for hours, not to drive, and to call 911 if unwell.',
    };
    const running = await post(t, nurse, `/api/v1/sessions/${sessionId}/end`, left);
    expect(running.statusCode, running.body).toBe(409);
    expect(running.json().errors[0].field).toBe('administration.endedAt');

    const stopped = await post(t, nurse, `/api/v1/sessions/${sessionId}/administration/changes`, {
      id: randomUUID(),
      change: 'stopped-early',
      at: new Date(doseAt.getTime() + 10 * MINUTE).toISOString(),
      reason: 'Patient insisted on leaving',
    });
    expect(stopped.statusCode, stopped.body).toBe(201);
    const ended = await post(t, nurse, `/api/v1/sessions/${sessionId}/end`, left);
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json().ending).toMatchObject({
      kind: 'left-against-advice',
      adviceGiven: left.adviceGiven,
      afterDose: true,
    });
  });

  it('needs the waste and vitals after the dose to sign', async () => {
    const unsigned = await post(t, nurse, `/api/v1/sessions/${sessionId}/sign`, {
      password: TEST_PASSWORD,
    });
    expect(unsigned.statusCode).toBe(400);
    expect(unsigned.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'administration.waste',
      'monitoring',
    ]);
    // The remainder of the vial is still wasted after the patient left.
    const witness = await addWitnessNurse(t);
    const wasted = await post(t, nurse, `/api/v1/sessions/${sessionId}/waste`, {
      quantity: 15,
      reason: 'Remainder of the vial after the dose',
      witnesses: [{ email: witness.email, password: TEST_PASSWORD }],
    });
    expect(wasted.statusCode, wasted.body).toBe(201);
    const still = await post(t, nurse, `/api/v1/sessions/${sessionId}/sign`, { password: TEST_PASSWORD });
    expect(still.statusCode).toBe(400);
    expect(still.json().errors).toEqual([
      {
        field: 'monitoring',
        message: 'No vital signs recorded after the dose and before the session ended.',
      },
    ]);
  });

  it('takes the readings taken before the patient left, not after, and then signs', async () => {
    const after = await post(
      t,
      nurse,
      `/api/v1/sessions/${sessionId}/entries`,
      vitalsEntry({ systolicMmHg: 150, diastolicMmHg: 92 }, new Date(doseAt.getTime() + 14 * MINUTE)),
    );
    expect(after.statusCode, after.body).toBe(409);
    const before = await post(
      t,
      nurse,
      `/api/v1/sessions/${sessionId}/entries`,
      vitalsEntry(
        { systolicMmHg: 146, diastolicMmHg: 90, heartRateBpm: 96, spo2Percent: 96 },
        new Date(doseAt.getTime() + 9 * MINUTE),
        { moaas: 5 },
      ),
    );
    expect(before.statusCode, before.body).toBe(201);
    expect(before.json().entry).toMatchObject({ preDose: false, late: false });
    const signed = await post(t, nurse, `/api/v1/sessions/${sessionId}/sign`, {
      password: TEST_PASSWORD,
      note: 'Left during the infusion against advice; advice given as charted.',
    });
    expect(signed.statusCode, signed.body).toBe(200);
    const late = await post(
      t,
      nurse,
      `/api/v1/sessions/${sessionId}/entries`,
      vitalsEntry({ systolicMmHg: 140, diastolicMmHg: 88 }, new Date(doseAt.getTime() + 11 * MINUTE)),
    );
    expect(late.statusCode).toBe(409);
  });
});
