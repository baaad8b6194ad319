import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAll } from '../src/server/features/audit/sealer.ts';
import { createTestApp, type Session, signIn, TEST_PASSWORD, type TestContext } from './helpers/clinic.ts';
import { signIvPlan } from './helpers/plans.ts';
import { book, createPatient, type Scheduling, setUpScheduling } from './helpers/schedule.ts';
import {
  bookTodayIv,
  CHECK_IN,
  checkInRequest,
  DAY_START,
  doseWitnesses,
  MINUTE,
  post,
  prescriberOrder,
  type Stock,
  stockTheCabinet,
  vitalsEntry,
} from './sessions-helpers.ts';

// A dose the plan does not back is given only on a prescriber's order signed on the chart, within
// the protocol phase's maximum unless the order says why not (andrade-2017: 0.75 mg/kg IV).
let t: TestContext;
let scheduling: Scheduling;
let stock: Stock;
let nurse: Session;
let chair = 0;

beforeAll(async () => {
  t = await createTestApp({ SESSION_IDLE_TIMEOUT_SECONDS: '43200' });
  t.clock.now = DAY_START;
  scheduling = await setUpScheduling(
    t,
    Array.from({ length: 10 }, (_, i) => `Chair ${i + 1}`),
  );
  stock = await stockTheCabinet(t, scheduling);
  await stock.receive(stock.ketamineProductId, 'K-3300', 6);
  nurse = await signIn(t, 'nurse');
});
afterAll(() => t.close());

/** An IV booking from the calendar (no planned session), checked in, with a pre-dose reading in range. */
async function unplannedSession(): Promise<string> {
  const booking = await bookTodayIv(t, chair++, scheduling);
  nurse = await signIn(t, 'nurse');
  const res = await checkInRequest(t, nurse, booking.bookingId);
  expect(res.statusCode, res.body).toBe(201);
  return withPreDoseReading(res.json().id);
}

async function withPreDoseReading(sessionId: string): Promise<string> {
  const bp = await post(
    t,
    nurse,
    `/api/v1/sessions/${sessionId}/entries`,
    vitalsEntry({ systolicMmHg: 124, diastolicMmHg: 78, heartRateBpm: 76, spo2Percent: 98 }, t.clock.now),
  );
  expect(bp.statusCode, bp.body).toBe(201);
  return sessionId;
}

async function administer(sessionId: string, fields: Record<string, unknown>) {
  return post(t, nurse, `/api/v1/sessions/${sessionId}/administration`, {
    doseMg: 35,
    lotId: stock.ketamineLotId,
    cabinetId: stock.cabinetId,
    startedAt: t.clock.now.toISOString(),
    pumpRateMlPerH: 150,
    witnesses: await doseWitnesses(t),
    ...fields,
  });
}

async function written() {
  const n = async (table: 'session_administrations' | 'session_dose_orders' | 'ledger_entries') =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    administrations: await n('session_administrations'),
    orders: await n('session_dose_orders'),
    ledger: await n('ledger_entries'),
  };
}

function fieldsOf(res: { json(): { errors?: { field: string }[] } }): string[] {
  return (res.json().errors ?? []).map((e) => e.field);
}

describe('a dose no plan backs', () => {
  it('is refused without a prescriber’s order, naming body.doseMg, and nothing is written', async () => {
    const sessionId = await unplannedSession();
    const before = await written();
    const res = await administer(sessionId, {});
    expect(res.statusCode, res.body).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().detail).toMatch(/prescriber’s order/);
    expect(fieldsOf(res)).toEqual(['body.doseMg']);
    expect(await written()).toEqual(before);
  });

  it('refuses bad orders with problem+json naming the field, writing nothing (ledger unchanged)', async () => {
    const sessionId = await unplannedSession();
    const before = await written();
    const cases: [Record<string, unknown>, string, number][] = [
      [{ reason: '  ' }, 'body.prescriberOrder.reason', 400],
      [{ reason: '…!' }, 'body.prescriberOrder.reason', 400],
      [{ weightKg: -3 }, 'body.prescriberOrder.weightKg', 400],
      [{ password: 'not-the-password' }, 'body.prescriberOrder.password', 400],
      [{ totp: '000000' }, 'body.prescriberOrder.totp', 400],
      [{ weightKg: undefined }, 'body.prescriberOrder.weightKg', 400],
      [{ email: t.clinic.users.nurse.email }, 'body.prescriberOrder.email', 400],
      [{ doseMg: 35 }, 'body.prescriberOrder.doseMg', 400],
    ];
    for (const [change, field, status] of cases) {
      const order = { ...(await prescriberOrder(t)), ...change };
      const res = await administer(sessionId, { prescriberOrder: order });
      expect(res.statusCode, `${field}: ${res.body}`).toBe(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(fieldsOf(res)).toEqual([field]);
    }
    expect(await written()).toEqual(before);
  });

  it('counts a wrong prescriber password towards the sign-in throttle, and never stores it', async () => {
    const sessionId = await unplannedSession();
    const wrong = 'wrong-password-for-the-order';
    const res = await administer(sessionId, {
      prescriberOrder: await prescriberOrder(t, { password: wrong }),
    });
    expect(res.statusCode).toBe(400);
    await sealAll(t.database.db);
    const failures = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('user_id', '=', t.clinic.users.prescriber.id)
      .where('action', '=', 'failed-sign-in')
      .execute();
    expect(failures.length).toBeGreaterThan(0);
    const limits = await t.database.db
      .selectFrom('rate_limits')
      .selectAll()
      .where('key', '=', `login:account:${t.clinic.users.prescriber.email}`)
      .execute();
    expect(limits).toHaveLength(1);
    const audit = await t.database.db.selectFrom('audit_log').select('details').execute();
    expect(JSON.stringify(audit)).not.toContain(wrong);
  });

  it('refuses a witness who does not sign in rightly, writing nothing', async () => {
    const sessionId = await unplannedSession();
    const before = await written();
    const [witness] = await doseWitnesses(t);
    const wrong = await administer(sessionId, {
      prescriberOrder: await prescriberOrder(t),
      witnesses: [{ email: witness?.email, password: 'not-the-witness-password' }],
    });
    expect(wrong.statusCode).toBe(400);
    expect(fieldsOf(wrong)).toEqual(['body.witnesses.0.password']);
    const none = await administer(sessionId, { prescriberOrder: await prescriberOrder(t), witnesses: [] });
    expect(none.statusCode).toBe(400);
    expect(fieldsOf(none)).toEqual(['body.witnesses']);
    expect(await written()).toEqual(before);
  });

  it('refuses a dose above the phase’s maximum without a written reason (0.75 mg/kg × 70 kg = 52.5 mg)', async () => {
    const sessionId = await unplannedSession();
    const before = await written();
    const res = await administer(sessionId, { doseMg: 60, prescriberOrder: await prescriberOrder(t) });
    expect(res.statusCode, res.body).toBe(400);
    expect(fieldsOf(res)).toEqual(['body.prescriberOrder.aboveMaxReason']);
    expect(res.json().detail).toMatch(
      /60 mg is above the protocol’s maximum of 52\.5 mg \(0\.75 mg\/kg × 70 kg\)/,
    );
    expect(await written()).toEqual(before);

    const reasoned = await administer(sessionId, {
      doseMg: 60,
      prescriberOrder: await prescriberOrder(t, {
        aboveMaxReason: 'Partial response at 0.75 mg/kg; higher dose discussed and consented.',
      }),
    });
    expect(reasoned.statusCode, reasoned.body).toBe(201);
    expect(reasoned.json().administration.order).toMatchObject({
      doseMg: 60,
      maxDoseMg: 52.5,
      aboveMaxReason: 'Partial response at 0.75 mg/kg; higher dose discussed and consented.',
    });
  });

  it('is given on a prescriber’s order: on the chart, audited, one ledger entry', async () => {
    const sessionId = await unplannedSession();
    const before = await written();
    const res = await administer(sessionId, { prescriberOrder: await prescriberOrder(t) });
    expect(res.statusCode, res.body).toBe(201);
    const chart = await t.app.inject({ url: `/api/v1/sessions/${sessionId}`, headers: nurse.headers });
    expect(chart.json().administration).toMatchObject({
      doseMg: 35,
      doseSource: 'prescriber-order',
      witnessName: 'Wendy Witness',
      order: {
        doseMg: 35,
        plannedDoseMg: null,
        reason: 'Booked outside the plan; dose ordered at the chair after review.',
        weightKg: 70,
        maxDoseMg: 52.5,
        aboveMaxReason: null,
        prescriberId: t.clinic.users.prescriber.id,
        prescriberName: 'prescriber user',
        signatureMeaning: 'Dose order: I order 35 mg for this session',
      },
    });
    expect(await written()).toEqual({
      administrations: before.administrations + 1,
      orders: before.orders + 1,
      ledger: before.ledger + 1,
    });
    await sealAll(t.database.db);
    const audited = await t.database.db
      .selectFrom('audit_log')
      .select(['details', 'patient_id'])
      .where('entity_type', '=', 'session_administration')
      .where('entity_id', '=', sessionId)
      .executeTakeFirstOrThrow();
    expect(audited.details).toMatchObject({
      doseSource: 'prescriber-order',
      doseOrder: { prescriberId: t.clinic.users.prescriber.id, doseMg: 35, maxDoseMg: 52.5 },
    });
    expect(JSON.stringify(audited.details)).not.toContain(TEST_PASSWORD);
  });
});

describe('esketamine', () => {
  it('refuses more than 84 mg (spravato-pi) without a written reason, keeping the device rules', async () => {
    const patientId = await createPatient(t, nurse);
    const enrol = await post(t, nurse, `/api/v1/patients/${patientId}/rems-enrolment`, {
      reference: 'REMS-0077',
    });
    expect(enrol.statusCode, enrol.body).toBe(201);
    const startsAt = new Date(t.clock.now.getTime() + 10 * MINUTE);
    const booked = await book(t, nurse, {
      chairId: scheduling.chairIds[chair++],
      patientId,
      route: 'esketamine',
      startsAt: startsAt.toISOString(),
    });
    expect(booked.statusCode, booked.body).toBe(201);
    t.clock.now = startsAt;
    nurse = await signIn(t, 'nurse');
    const checkIn = await post(t, nurse, `/api/v1/bookings/${booked.json().id}/session`, {
      ...CHECK_IN,
      fasting: {
        lastFoodAt: new Date(startsAt.getTime() - 180 * MINUTE).toISOString(),
        lastLiquidsAt: new Date(startsAt.getTime() - 60 * MINUTE).toISOString(),
      },
    });
    expect(checkIn.statusCode, checkIn.body).toBe(201);
    const sessionId = await withPreDoseReading(checkIn.json().id);
    const lotId = await stock.receive(stock.esketamineProductId, 'ESK-77', 6);
    const at = (min: number) => new Date(startsAt.getTime() + min * MINUTE).toISOString();
    t.clock.now = new Date(startsAt.getTime() + 20 * MINUTE);
    const body = {
      doseMg: 112,
      lotId,
      cabinetId: stock.cabinetId,
      startedAt: undefined,
      pumpRateMlPerH: undefined,
      deviceTimes: [at(1), at(6), at(11), at(16)],
    };
    const before = await written();
    const above = await administer(sessionId, { ...body, prescriberOrder: await prescriberOrder(t) });
    expect(above.statusCode, above.body).toBe(400);
    expect(fieldsOf(above)).toEqual(['body.prescriberOrder.aboveMaxReason']);
    expect(above.json().detail).toMatch(/112 mg is above the protocol’s maximum of 84 mg/);
    const devices = await administer(sessionId, {
      ...body,
      doseMg: 84,
      prescriberOrder: await prescriberOrder(t),
    });
    expect(devices.statusCode, devices.body).toBe(400);
    expect(fieldsOf(devices)).toEqual(['body.doseMg']);
    expect(await written()).toEqual(before);
    const given = await administer(sessionId, {
      ...body,
      doseMg: 84,
      deviceTimes: body.deviceTimes.slice(0, 3),
      prescriberOrder: await prescriberOrder(t),
    });
    expect(given.statusCode, given.body).toBe(201);
    expect(given.json().administration.order).toMatchObject({ doseMg: 84, maxDoseMg: 84, weightKg: null });
  });
});

describe('a dose against the plan', () => {
  let sessionId: string;
  let plannedMg: number;

  beforeAll(async () => {
    const prescriber = await signIn(t, 'prescriber');
    const patientId = await createPatient(t, nurse);
    const plan = await signIvPlan(t, nurse, prescriber, patientId, '2026-11-27');
    const first = plan.sessions[0];
    if (!first) throw new Error('the plan has sessions');
    plannedMg = first.doseMg;
    const startsAt = new Date(t.clock.now.getTime() + 10 * MINUTE);
    const booked = await book(t, nurse, {
      chairId: scheduling.chairIds[chair++],
      patientId,
      route: 'iv-ketamine',
      startsAt: startsAt.toISOString(),
      plannedSessionId: first.id,
    });
    expect(booked.statusCode, booked.body).toBe(201);
    t.clock.now = startsAt;
    nurse = await signIn(t, 'nurse');
    const checkIn = await checkInRequest(t, nurse, booked.json().id, CHECK_IN);
    expect(checkIn.statusCode, checkIn.body).toBe(201);
    sessionId = await withPreDoseReading(checkIn.json().id);
  });

  it('refuses another dose without an order (409 naming body.doseMg) and an order for the plan’s own dose', async () => {
    const other = await administer(sessionId, { doseMg: plannedMg + 5 });
    expect(other.statusCode, other.body).toBe(409);
    expect(fieldsOf(other)).toEqual(['body.doseMg']);
    const needless = await administer(sessionId, {
      doseMg: plannedMg,
      prescriberOrder: await prescriberOrder(t),
    });
    expect(needless.statusCode, needless.body).toBe(400);
    expect(fieldsOf(needless)).toEqual(['body.prescriberOrder']);
  });

  it('gives another dose on an order, checked against the verified intake’s weight', async () => {
    const res = await administer(sessionId, {
      doseMg: plannedMg + 5,
      prescriberOrder: await prescriberOrder(t, { weightKg: undefined }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const { order, doseSource, calculation } = res.json().administration;
    expect(doseSource).toBe('prescriber-order');
    expect(calculation).toBeNull();
    expect(order).toMatchObject({
      doseMg: plannedMg + 5,
      plannedDoseMg: plannedMg,
      signatureMeaning: `Dose order: I order ${plannedMg + 5} mg for this session instead of the planned ${plannedMg} mg`,
    });
    expect(order.weightKg).toBeGreaterThan(70);
    expect(order.maxDoseMg).toBeCloseTo(0.75 * order.weightKg, 1);
  });
});

describe('the password of whoever signs here', () => {
  it('is in no stored row', async () => {
    const rows = await t.database.db.selectFrom('session_dose_orders').selectAll().execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(TEST_PASSWORD);
  });
});
