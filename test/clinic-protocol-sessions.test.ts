import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, signIn, type TestContext } from './helpers/clinic.ts';
import { signIvPlan } from './helpers/plans.ts';
import { book, createPatient, type Scheduling, setUpScheduling } from './helpers/schedule.ts';
import {
  CHECK_IN,
  checkInRequest,
  DAY_START,
  doseSignatures,
  MINUTE,
  post,
  type Stock,
  stockTheCabinet,
  vitalsEntry,
} from './sessions-helpers.ts';

/** A clinic's own copy of the IV protocol, with 90 minutes of monitoring in induction. */
const COPY_ID = 'iv-ketamine-long-watch';

let t: TestContext;
let scheduling: Scheduling;
let stock: Stock;
let admin: Session;
let desk: Session;
let nurse: Session;

beforeAll(async () => {
  t = await createTestApp({ SESSION_IDLE_TIMEOUT_SECONDS: '43200' });
  t.clock.now = DAY_START;
  scheduling = await setUpScheduling(t);
  stock = await stockTheCabinet(t, scheduling);
  await stock.receive(stock.ketamineProductId, 'K-9000', 2);
  admin = await signIn(t, 'admin');
  desk = await signIn(t, 'front_desk');
  nurse = await signIn(t, 'nurse');
  const copy = await post(t, admin, '/api/v1/protocols', {
    sourceId: 'iv-ketamine-standard',
    id: COPY_ID,
    name: 'IV ketamine, longer watch',
  });
  expect(copy.statusCode, copy.body).toBe(201);
  const edited = await post(t, admin, `/api/v1/protocols/${COPY_ID}/versions`, {
    baseVersion: 1,
    phases: { induction: { monitoringMinutes: 90 } },
  });
  expect(edited.statusCode, edited.body).toBe(201);
  expect(edited.json().version).toBe(2);
});
afterAll(() => t.close());

const bookingCount = async () => (await t.database.db.selectFrom('bookings').select('id').execute()).length;

function bookAt(patientId: string, extra: Record<string, unknown>) {
  return book(t, desk, {
    chairId: scheduling.chairIds[0],
    patientId,
    route: 'iv-ketamine',
    startsAt: new Date(t.clock.now.getTime() + 10 * MINUTE).toISOString(),
    ...extra,
  });
}

function discharge(sessionId: string) {
  return post(t, nurse, `/api/v1/sessions/${sessionId}/discharge`, { instructionsGiven: 'printed' });
}

/** A fresh vital-signs check at the clock's time, then every discharge criterion confirmed. */
async function checkAndConfirm(sessionId: string): Promise<void> {
  nurse = await signIn(t, 'nurse');
  const check = await post(
    t,
    nurse,
    `/api/v1/sessions/${sessionId}/entries`,
    vitalsEntry({ systolicMmHg: 124, diastolicMmHg: 80, heartRateBpm: 72, spo2Percent: 98 }, t.clock.now, {
      moaas: 5,
      dissociation: 0,
    }),
  );
  expect(check.statusCode, check.body).toBe(201);
  const chart = await t.app.inject({ url: `/api/v1/sessions/${sessionId}`, headers: nurse.headers });
  const criteria = chart.json().discharge.criteria.map((c: { id: string }) => c.id);
  const saved = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/sessions/${sessionId}/discharge-checklist`,
    headers: nurse.headers,
    payload: { confirmed: criteria },
  });
  expect(saved.statusCode, saved.body).toBe(200);
}

describe('a session on a clinic’s own protocol version', () => {
  let bookingId: string;
  let sessionId: string;
  let infusionEnd: Date;

  it('is booked on the stored version, with a slot long enough for its 90 minutes', async () => {
    const patientId = await createPatient(t, desk);
    const res = await bookAt(patientId, { protocolId: COPY_ID });
    expect(res.statusCode, res.body).toBe(201);
    const booking = res.json();
    expect(booking).toMatchObject({ protocolId: COPY_ID, protocolVersion: 2, phaseId: 'induction' });
    // 40 minutes of infusion plus the clinic's 90 minutes after it, not the built-in 60.
    expect((Date.parse(booking.endsAt) - Date.parse(booking.startsAt)) / MINUTE).toBe(130);
    bookingId = booking.id;
  });

  it('keeps the patient until 90 minutes after the infusion ended', async () => {
    t.clock.now = new Date(t.clock.now.getTime() + 10 * MINUTE);
    nurse = await signIn(t, 'nurse');
    const checkedIn = await checkInRequest(t, nurse, bookingId, CHECK_IN);
    expect(checkedIn.statusCode, checkedIn.body).toBe(201);
    sessionId = checkedIn.json().id;
    const bp = await post(
      t,
      nurse,
      `/api/v1/sessions/${sessionId}/entries`,
      vitalsEntry({ systolicMmHg: 128, diastolicMmHg: 82, heartRateBpm: 76, spo2Percent: 98 }, t.clock.now),
    );
    expect(bp.statusCode, bp.body).toBe(201);
    const given = await post(t, nurse, `/api/v1/sessions/${sessionId}/administration`, {
      doseMg: 35,
      lotId: stock.ketamineLotId,
      cabinetId: stock.cabinetId,
      startedAt: t.clock.now.toISOString(),
      pumpRateMlPerH: 150,
      ...(await doseSignatures(t)),
    });
    expect(given.statusCode, given.body).toBe(201);
    t.clock.now = new Date(t.clock.now.getTime() + 40 * MINUTE);
    infusionEnd = t.clock.now;
    nurse = await signIn(t, 'nurse');
    const ended = await post(t, nurse, `/api/v1/sessions/${sessionId}/administration/changes`, {
      id: randomUUID(),
      change: 'ended',
      at: t.clock.now.toISOString(),
    });
    expect(ended.statusCode, ended.body).toBe(201);

    t.clock.now = new Date(infusionEnd.getTime() + 61 * MINUTE);
    await checkAndConfirm(sessionId);
    const early = await discharge(sessionId);
    expect(early.statusCode, early.body).toBe(409);
    // Every other rule is met: only the clinic's 90 minutes hold the patient.
    expect(early.json().errors).toEqual([
      {
        field: 'discharge.minimum-monitoring',
        message: 'Minimum monitoring time of 90 min not reached (29 min left)',
      },
    ]);
  });

  it('lets the patient go at 91 minutes, with a fresh check and every criterion', async () => {
    t.clock.now = new Date(infusionEnd.getTime() + 91 * MINUTE);
    await checkAndConfirm(sessionId);
    const out = await discharge(sessionId);
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json().discharge.readiness.ready).toBe(true);
  });
});

describe('a booking naming a protocol the clinic does not have', () => {
  it.each([
    ['an unknown id', { protocolId: 'iv-ketamine-nowhere' }, 'body.protocolId'],
    ['an unknown version', { protocolId: COPY_ID, protocolVersion: 7 }, 'body.protocolVersion'],
    ['another route’s protocol', { protocolId: 'esketamine-trd' }, 'body.protocolId'],
    ['a phase the version lacks', { protocolId: COPY_ID, phaseId: 'no-such-phase' }, 'body.phaseId'],
  ])('refuses %s, naming the field, and writes nothing', async (_label, extra, field) => {
    const patientId = await createPatient(t, desk);
    const before = await bookingCount();
    const res = await bookAt(patientId, extra);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await bookingCount()).toBe(before);
  });

  it('still books an older version named on purpose', async () => {
    const patientId = await createPatient(t, desk);
    const res = await bookAt(patientId, { protocolId: COPY_ID, protocolVersion: 1 });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ protocolId: COPY_ID, protocolVersion: 1 });
    expect((Date.parse(res.json().endsAt) - Date.parse(res.json().startsAt)) / MINUTE).toBe(100);
  });
});

describe('a booking of a plan’s session', () => {
  it('follows the plan’s protocol version when it names none', async () => {
    const prescriber = await signIn(t, 'prescriber');
    nurse = await signIn(t, 'nurse');
    const patientId = await createPatient(t, nurse);
    const plan = await signIvPlan(t, nurse, prescriber, patientId, '2026-12-07', { id: COPY_ID, version: 2 });
    const res = await bookAt(patientId, {
      chairId: scheduling.chairIds[1],
      plannedSessionId: plan.sessions[0]?.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ protocolId: COPY_ID, protocolVersion: 2, phaseId: 'induction' });
    expect((Date.parse(res.json().endsAt) - Date.parse(res.json().startsAt)) / MINUTE).toBe(130);
  });
});

describe('the protocols the booking dialog offers', () => {
  it('lists the clinic’s latest version of each protocol, with each phase’s shortest slot', async () => {
    const res = await t.app.inject({ url: '/api/v1/bookable-protocols', headers: desk.headers });
    expect(res.statusCode, res.body).toBe(200);
    const items: {
      id: string;
      version: number;
      route: string;
      phases: { id: string; minimumMinutes: number }[];
    }[] = res.json().items;
    const own = items.find((p) => p.id === COPY_ID);
    expect(own).toMatchObject({ version: 2, route: 'iv-ketamine', name: 'IV ketamine, longer watch' });
    expect(own?.phases.find((p) => p.id === 'induction')?.minimumMinutes).toBe(130);
    // The defaults the clinic has not changed are offered too, once each.
    const standard = items.filter((p) => p.id === 'iv-ketamine-standard');
    expect(standard).toHaveLength(1);
    expect(standard[0]?.phases.find((p) => p.id === 'induction')?.minimumMinutes).toBe(100);
    expect(items.some((p) => p.route === 'esketamine')).toBe(true);
  });

  it('needs a signed-in user', async () => {
    const res = await t.app.inject({
      url: '/api/v1/bookable-protocols',
      headers: { cookie: 'kf_session=nobody' },
    });
    expect(res.statusCode).toBe(401);
  });
});
