import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDueReminders } from '../src/server/features/measures/schedule.ts';
import { createTestApp, type Session, signIn, type TestContext } from './helpers/clinic.ts';
import { type Scheduling, setUpScheduling } from './helpers/schedule.ts';
import {
  bookTodayIv,
  CHECK_IN,
  checkInRequest,
  DAY_START,
  doseSignatures,
  MINUTE,
  post,
  type SessionSetup,
  type Stock,
  sessionPolicyValues,
  stockTheCabinet,
  vitalsEntry,
} from './sessions-helpers.ts';

let t: TestContext;
let scheduling: Scheduling;
let stock: Stock;
let nurse: Session;
let prescriber: Session;
const CLINIC_PHONE = '+1 212 555 0199';

beforeAll(async () => {
  // A treatment day is long; the test moves the clock in big steps without the idle lock.
  t = await createTestApp({ SESSION_IDLE_TIMEOUT_SECONDS: '43200' });
  t.clock.now = DAY_START;
  scheduling = await setUpScheduling(t, ['Chair 1', 'Chair 2', 'Chair 3', 'Chair 4', 'Chair 5']);
  stock = await stockTheCabinet(t, scheduling);
  await stock.receive(stock.ketamineProductId, 'K-3300', 6);
  await t.database.db
    .insertInto('org_settings')
    .values({ org_id: t.clinic.orgId, clinic_phone: CLINIC_PHONE, updated_at: t.clock.now })
    .onConflict((oc) => oc.column('org_id').doUpdateSet({ clinic_phone: CLINIC_PHONE }))
    .execute();
  nurse = await signIn(t, 'nurse');
  prescriber = await signIn(t, 'prescriber');
});
afterAll(() => t.close());

function chart(sessionId: string, as: Session = nurse) {
  return t.app.inject({ url: `/api/v1/sessions/${sessionId}`, headers: as.headers });
}

function put(session: Session, url: string, payload: object) {
  return t.app.inject({ method: 'PUT', url, headers: session.headers, payload });
}

async function book(chair: number, patient: Record<string, unknown> = {}): Promise<SessionSetup> {
  const s = await bookTodayIv(t, chair, scheduling);
  if (Object.keys(patient).length > 0) {
    await t.database.db.updateTable('patients').set(patient).where('id', '=', s.patientId).execute();
  }
  return s;
}

async function checkIn(s: SessionSetup, extra: object = {}): Promise<string> {
  const res = await checkInRequest(t, nurse, s.bookingId, { ...CHECK_IN, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function administration(sessionId: string) {
  return post(t, nurse, `/api/v1/sessions/${sessionId}/administration`, {
    doseMg: 35,
    lotId: stock.ketamineLotId,
    cabinetId: stock.cabinetId,
    startedAt: t.clock.now.toISOString(),
    pumpRateMlPerH: 150,
    ...(await doseSignatures(t)),
  });
}

/** From check-in to every rule met except the checklist (or score): 101 min on the clock. */
async function monitorUntilReady(sessionId: string): Promise<void> {
  const bp = await post(
    t,
    nurse,
    `/api/v1/sessions/${sessionId}/entries`,
    vitalsEntry({ systolicMmHg: 128, diastolicMmHg: 82, heartRateBpm: 76, spo2Percent: 98 }, t.clock.now),
  );
  expect(bp.statusCode, bp.body).toBe(201);
  const given = await administration(sessionId);
  expect(given.statusCode, given.body).toBe(201);
  const doseAt = t.clock.now;
  t.clock.now = new Date(doseAt.getTime() + 40 * MINUTE);
  nurse = await signIn(t, 'nurse');
  const ended = await post(t, nurse, `/api/v1/sessions/${sessionId}/administration/changes`, {
    id: randomUUID(),
    change: 'ended',
    at: t.clock.now.toISOString(),
  });
  expect(ended.statusCode, ended.body).toBe(201);
  t.clock.now = new Date(doseAt.getTime() + 101 * MINUTE);
  nurse = await signIn(t, 'nurse');
  prescriber = await signIn(t, 'prescriber');
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
}

async function confirmAllCriteria(sessionId: string) {
  const criteria = (await chart(sessionId)).json().discharge.criteria.map((c: { id: string }) => c.id);
  const saved = await put(nurse, `/api/v1/sessions/${sessionId}/discharge-checklist`, {
    confirmed: criteria,
  });
  expect(saved.statusCode, saved.body).toBe(200);
  return saved;
}

async function outboxFor(relatedId: string, kind: string) {
  return t.database.db
    .selectFrom('outbox')
    .selectAll()
    .where('related_id', '=', relatedId)
    .where('kind', '=', kind as 'measure-reminder')
    .execute();
}

function tokenIn(body: string, prefix: '/d/' | '/m/'): string {
  const match = body.match(new RegExp(`${prefix}([A-Za-z0-9_-]+)`));
  if (!match?.[1]) throw new Error(`no ${prefix} link in the message`);
  return match[1];
}

describe('the session policies for discharge', () => {
  it('show the after-session measure and the discharge method as clinic policy', async () => {
    const admin = await signIn(t, 'admin');
    const res = await t.app.inject({ url: '/api/v1/settings/sessions', headers: admin.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().afterSessionMeasures).toMatchObject({
      value: { instruments: ['phq9'], hoursAfter: 24 },
      clinicPolicy: true,
    });
    expect(res.json().dischargeMethod).toMatchObject({ value: 'checklist', clinicPolicy: true });
  });

  it('refuse a clinician-rated or unknown instrument, naming it, and write nothing', async () => {
    const admin = await signIn(t, 'admin');
    const body = (instruments: string[]) => ({
      ...sessionPolicyValues(),
      afterSessionMeasures: { instruments, hoursAfter: 24 },
    });
    for (const instruments of [['madrs'], ['phq9', 'nonsense']]) {
      const res = await put(admin, '/api/v1/settings/sessions', body(instruments));
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors[0].field).toBe(
        `body.afterSessionMeasures.instruments.${instruments.length - 1}`,
      );
    }
    const bad = await put(admin, '/api/v1/settings/sessions', {
      ...sessionPolicyValues(),
      dischargeMethod: 'vibes',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.dischargeMethod');
    const stored = await t.database.db
      .selectFrom('org_settings')
      .select('session_policies')
      .where('org_id', '=', t.clinic.orgId)
      .executeTakeFirstOrThrow();
    expect(stored.session_policies).toBeNull();
  });

  it('are kept when a client that does not know them saves the other policies', async () => {
    const admin = await signIn(t, 'admin');
    const { afterSessionMeasures: _a, dischargeMethod: _d, ...older } = sessionPolicyValues();
    const chosen = await put(admin, '/api/v1/settings/sessions', {
      ...older,
      afterSessionMeasures: { instruments: ['phq9', 'gad7'], hoursAfter: 48 },
    });
    expect(chosen.statusCode, chosen.body).toBe(200);
    const again = await put(admin, '/api/v1/settings/sessions', { ...older, lateAfterMinutes: 6 });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().afterSessionMeasures).toMatchObject({
      value: { instruments: ['phq9', 'gad7'], hoursAfter: 48 },
      clinicPolicy: true,
      note: 'Set by the clinic',
    });
    // Back to the defaults for the sessions below.
    const reset = await put(admin, '/api/v1/settings/sessions', sessionPolicyValues());
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json().afterSessionMeasures.value).toEqual({ instruments: ['phq9'], hoursAfter: 24 });
  });
});

describe('discharging a patient with an email address', () => {
  let s: SessionSetup;
  let sessionId: string;
  let dischargedAt: Date;

  it('will not send the instructions before the discharge', async () => {
    s = await book(0, { email: 'pat@example.test' });
    sessionId = await checkIn(s);
    const early = await post(t, nurse, `/api/v1/sessions/${sessionId}/discharge-instructions/send`, {});
    expect(early.statusCode, early.body).toBe(409);
    expect(await outboxFor(sessionId, 'discharge-instructions')).toHaveLength(0);
  });

  it('completes the booking and schedules the next-day PHQ-9 with the discharge', async () => {
    await monitorUntilReady(sessionId);
    await confirmAllCriteria(sessionId);
    dischargedAt = t.clock.now;
    const out = await post(t, nurse, `/api/v1/sessions/${sessionId}/discharge`, {
      instructionsGiven: 'printed-and-link',
    });
    expect(out.statusCode, out.body).toBe(200);
    const dueAt = new Date(dischargedAt.getTime() + 24 * 60 * MINUTE).toISOString();
    expect(out.json().discharge.afterSessionMeasures).toMatchObject({
      status: 'scheduled',
      instruments: ['phq9'],
      dueAt,
      sendTo: 'email',
    });

    const booking = await t.app.inject({ url: `/api/v1/bookings/${s.bookingId}`, headers: s.desk.headers });
    expect(booking.json().status).toBe('completed');
    const schedules = await t.database.db
      .selectFrom('measure_schedules')
      .selectAll()
      .where('patient_id', '=', s.patientId)
      .execute();
    expect(schedules).toEqual([
      expect.objectContaining({
        instrument: 'phq9',
        cadence: 'once',
        active: true,
        next_due_at: new Date(dueAt),
      }),
    ]);
    const audited = await t.database.db
      .selectFrom('audit_pending')
      .select(['action', 'entity_type', 'details'])
      .where('patient_id', '=', s.patientId)
      .where('entity_type', 'in', ['booking', 'measure_schedule'])
      .where('action', 'in', ['create', 'update'])
      .execute();
    expect(audited).toEqual(
      expect.arrayContaining([
        {
          action: 'update',
          entity_type: 'booking',
          details: { status: 'completed', via: 'session-discharge' },
        },
        {
          action: 'create',
          entity_type: 'measure_schedule',
          details: { instrument: 'phq9', cadence: 'once', reason: `after-session:${sessionId}` },
        },
      ]),
    );
  });

  it('sends the PHQ-9 link through the outbox when it falls due, once', async () => {
    const due = new Date(dischargedAt.getTime() + 24 * 60 * MINUTE);
    expect(
      await sendDueReminders(t.database.db, new Date(due.getTime() - MINUTE), 'https://clinic.test'),
    ).toBe(0);
    expect(await sendDueReminders(t.database.db, due, 'https://clinic.test')).toBe(1);
    expect(
      await sendDueReminders(t.database.db, new Date(due.getTime() + MINUTE), 'https://clinic.test'),
    ).toBe(0);
    const [schedule] = await t.database.db
      .selectFrom('measure_schedules')
      .select('id')
      .where('patient_id', '=', s.patientId)
      .execute();
    const [message] = await outboxFor(schedule?.id ?? '', 'measure-reminder');
    expect(message?.recipient).toBe('pat@example.test');
    expect(message?.body).toMatch(/https:\/\/clinic\.test\/m\//);
  });

  it('gives the instructions as structured text, with whom to call', async () => {
    const instructions = (await chart(sessionId)).json().discharge.instructions;
    expect(instructions).toMatchObject({
      given: 'printed-and-link',
      clinicPhone: CLINIC_PHONE,
      crisisLine: '988',
    });
    expect(instructions.items.map((i: { id: string }) => i.id)).toEqual([
      'no-driving',
      'rest-of-day',
      'whom-to-call',
    ]);
  });

  it('lets only charting staff send the instructions link', async () => {
    const desk = await signIn(t, 'front_desk');
    const refused = await post(t, desk, `/api/v1/sessions/${sessionId}/discharge-instructions/send`, {});
    expect(refused.statusCode).toBe(403);
    expect(await outboxFor(sessionId, 'discharge-instructions')).toHaveLength(0);
  });

  let token: string;
  it('emails a single-use link through the outbox, audited', async () => {
    const sent = await post(t, nurse, `/api/v1/sessions/${sessionId}/discharge-instructions/send`, {});
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json()).toMatchObject({ sentTo: 'email' });
    expect(sent.body).not.toMatch(/\/d\//);
    const [message] = await outboxFor(sessionId, 'discharge-instructions');
    expect(message).toMatchObject({ channel: 'email', recipient: 'pat@example.test' });
    expect(message?.body).toMatch(/988/);
    token = tokenIn(message?.body ?? '', '/d/');
    const audited = await t.database.db
      .selectFrom('audit_pending')
      .select('entity_id')
      .where('entity_type', '=', 'discharge_instruction_link')
      .where('patient_id', '=', s.patientId)
      .execute();
    expect(audited).toEqual([{ entity_id: sent.json().linkId }]);
    const links = (await chart(sessionId)).json().discharge.instructionLinks;
    expect(links).toEqual([expect.objectContaining({ id: sent.json().linkId, openedAt: null })]);
  });

  it('shows the instructions and whom to call on a page without JavaScript, then stops working', async () => {
    const page = await t.app.inject({ url: `/d/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('Do not drive or operate machinery for the rest of today');
    expect(page.body).toContain('href="tel:988"');
    expect(page.body).toContain(CLINIC_PHONE);
    expect(page.body).not.toMatch(/<script/);
    const read = await t.database.db
      .selectFrom('audit_pending')
      .select('details')
      .where('entity_id', '=', sessionId)
      .where('action', '=', 'read')
      .where('user_id', 'is', null)
      .execute();
    expect(read).toEqual([{ details: expect.objectContaining({ via: 'discharge-instructions-link' }) }]);

    t.clock.now = new Date(t.clock.now.getTime() + 10 * MINUTE);
    expect((await t.app.inject({ url: `/d/${token}` })).statusCode).toBe(200);
    t.clock.now = new Date(t.clock.now.getTime() + 25 * MINUTE);
    const used = await t.app.inject({ url: `/d/${token}` });
    expect(used.statusCode).toBe(404);
    expect(used.body).toContain("This link can't be used");
    expect((await t.app.inject({ url: '/d/not-a-real-token-at-all-xxxxxxxx' })).statusCode).toBe(404);
  });

  it('refuses a link past its expiry even if never opened', async () => {
    nurse = await signIn(t, 'nurse');
    const sent = await post(t, nurse, `/api/v1/sessions/${sessionId}/discharge-instructions/send`, {});
    expect(sent.statusCode, sent.body).toBe(201);
    const messages = await outboxFor(sessionId, 'discharge-instructions');
    const fresh = tokenIn(messages.at(-1)?.body ?? '', '/d/');
    const before = t.clock.now;
    t.clock.now = new Date(sent.json().expiresAt);
    expect((await t.app.inject({ url: `/d/${fresh}` })).statusCode).toBe(404);
    t.clock.now = before;
  });
});

describe('discharging a patient with no email address', () => {
  let sessionId: string;

  it('discharges anyway and says on the chart that the questionnaire cannot be sent', async () => {
    nurse = await signIn(t, 'nurse');
    const s = await book(1);
    sessionId = await checkIn(s);
    await monitorUntilReady(sessionId);
    await confirmAllCriteria(sessionId);
    const out = await post(t, nurse, `/api/v1/sessions/${sessionId}/discharge`, {
      instructionsGiven: 'printed',
    });
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json().discharge.afterSessionMeasures).toMatchObject({
      status: 'not-sent',
      instruments: ['phq9'],
      sendTo: null,
      reason: expect.stringMatching(/no email address/),
    });
    const booking = await t.app.inject({ url: `/api/v1/bookings/${s.bookingId}`, headers: s.desk.headers });
    expect(booking.json().status).toBe('completed');
  });

  it('refuses to send the instructions link, naming the missing address, and queues nothing', async () => {
    const res = await post(t, nurse, `/api/v1/sessions/${sessionId}/discharge-instructions/send`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json().errors).toEqual([{ field: 'patient.email', message: expect.any(String) }]);
    expect(await outboxFor(sessionId, 'discharge-instructions')).toHaveLength(0);
  });
});

describe('a positive pregnancy test at check-in', () => {
  let sessionId: string;

  it('holds the dose until a prescriber decides, with a reason', async () => {
    const admin = await signIn(t, 'admin');
    const on = await put(admin, '/api/v1/settings/sessions', {
      ...sessionPolicyValues(),
      pregnancyTestRequired: true,
    });
    expect(on.statusCode, on.body).toBe(200);
    nurse = await signIn(t, 'nurse');
    const s = await book(2);
    sessionId = await checkIn(s, { pregnancyTest: 'positive' });
    const held = (await chart(sessionId)).json();
    expect(held.gate).toMatchObject({
      kind: 'pregnancy-test',
      status: 'blocked',
      reason: 'Positive pregnancy test at check-in',
    });
    expect(held.entries).toEqual([
      expect.objectContaining({
        preDose: true,
        data: expect.objectContaining({ pregnancyTest: 'positive' }),
      }),
    ]);

    // A normal blood pressure does not lift the hold.
    await post(
      t,
      nurse,
      `/api/v1/sessions/${sessionId}/entries`,
      vitalsEntry({ systolicMmHg: 120, diastolicMmHg: 78, heartRateBpm: 70, spo2Percent: 99 }, t.clock.now),
    );
    const refused = await administration(sessionId);
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().detail).toMatch(/pregnancy test/i);
    const byNurse = await post(t, nurse, `/api/v1/sessions/${sessionId}/gate-decision`, {
      decision: 'proceed',
      reason: 'Nurse cannot decide',
    });
    expect(byNurse.statusCode).toBe(403);
    prescriber = await signIn(t, 'prescriber');
    const noReason = await post(t, prescriber, `/api/v1/sessions/${sessionId}/gate-decision`, {
      decision: 'proceed',
      reason: '',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('body.reason');
    expect((await chart(sessionId)).json().gate.status).toBe('blocked');
  });

  it('goes on to the blood-pressure gate once the prescriber decides to proceed', async () => {
    const decided = await post(t, prescriber, `/api/v1/sessions/${sessionId}/gate-decision`, {
      decision: 'proceed',
      reason: 'Repeat serum test negative; home test was a false positive.',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().gate).toMatchObject({
      kind: 'blood-pressure',
      status: 'clear',
      pregnancyTest: { status: 'proceed-decided' },
      decisions: [
        { decision: 'proceed', reason: 'Repeat serum test negative; home test was a false positive.' },
      ],
    });
    const given = await administration(sessionId);
    expect(given.statusCode, given.body).toBe(201);
  });

  it('keeps the dose from being given when the prescriber decides not to dose', async () => {
    nurse = await signIn(t, 'nurse');
    const s = await book(3);
    const other = await checkIn(s, { pregnancyTest: 'positive' });
    prescriber = await signIn(t, 'prescriber');
    const decided = await post(t, prescriber, `/api/v1/sessions/${other}/gate-decision`, {
      decision: 'do-not-dose',
      reason: 'Confirmed pregnancy: treatment paused, discussed alternatives.',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().gate).toMatchObject({ kind: 'pregnancy-test', status: 'do-not-dose-decided' });
    const refused = await administration(other);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/decided not to dose/);
  });

  it('does not hold the dose for a negative test', async () => {
    nurse = await signIn(t, 'nurse');
    const s = await book(4);
    const negative = await checkIn(s, { pregnancyTest: 'negative' });
    const view = (await chart(negative)).json();
    expect(view.gate).toMatchObject({ kind: 'blood-pressure', pregnancyTest: null });
    expect(view.entries).toEqual([]);
    const admin = await signIn(t, 'admin');
    const off = await put(admin, '/api/v1/settings/sessions', sessionPolicyValues());
    expect(off.statusCode, off.body).toBe(200);
  });
});

describe('discharging by a PADSS score', () => {
  let sessionId: string;

  it('replaces the clinic checklist with the score and its escort criterion', async () => {
    const admin = await signIn(t, 'admin');
    const padss = await put(admin, '/api/v1/settings/sessions', {
      ...sessionPolicyValues(),
      dischargeMethod: 'padss',
    });
    expect(padss.statusCode, padss.body).toBe(200);
    expect(padss.json().dischargeMethod).toMatchObject({ value: 'padss', clinicPolicy: true });
    nurse = await signIn(t, 'nurse');
    const s = await book(0);
    sessionId = await checkIn(s);
    const view = (await chart(sessionId)).json();
    expect(view.discharge.method).toBe('padss');
    const ids = view.discharge.criteria.map((c: { id: string }) => c.id);
    expect(ids).toContain('padss-accompanied');
  });

  it('refuses item scores of the wrong number or range, writing nothing', async () => {
    const url = `/api/v1/sessions/${sessionId}/discharge-score`;
    const short = await put(nurse, url, { itemScores: [2, 2, 2] });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0].field).toBe('body.itemScores');
    const high = await put(nurse, url, { itemScores: [2, 2, 3, 2, 2] });
    expect(high.statusCode).toBe(400);
    expect(high.json().errors[0].field).toBe('body.itemScores.2');
    expect((await chart(sessionId)).json().discharge.score).toBeNull();
  });

  it('keeps the patient until the score reaches 9 of 10', async () => {
    await monitorUntilReady(sessionId);
    await confirmAllCriteria(sessionId);
    const low = await put(nurse, `/api/v1/sessions/${sessionId}/discharge-score`, {
      itemScores: [2, 2, 2, 1, 1],
    });
    expect(low.statusCode, low.body).toBe(200);
    expect(low.json().discharge.score).toMatchObject({ method: 'padss', total: 8, passed: false });
    const refused = await post(t, nurse, `/api/v1/sessions/${sessionId}/discharge`, {
      instructionsGiven: 'printed',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'discharge.discharge-score',
    ]);
    expect(refused.json().detail).toMatch(/PADSS score 8 of 10/);

    const pass = await put(nurse, `/api/v1/sessions/${sessionId}/discharge-score`, {
      itemScores: [2, 2, 2, 2, 1],
    });
    expect(pass.json().phase).toBe('ready-for-discharge');
    const out = await post(t, nurse, `/api/v1/sessions/${sessionId}/discharge`, {
      instructionsGiven: 'printed',
    });
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json().discharge.readiness.ready).toBe(true);
  });

  it('has no score to record where the clinic discharges by its checklist', async () => {
    const admin = await signIn(t, 'admin');
    await put(admin, '/api/v1/settings/sessions', sessionPolicyValues());
    nurse = await signIn(t, 'nurse');
    const s = await book(1);
    const other = await checkIn(s);
    const res = await put(nurse, `/api/v1/sessions/${other}/discharge-score`, {
      itemScores: [2, 2, 2, 2, 2],
    });
    expect(res.statusCode).toBe(409);
  });
});

/** The default policies as an admin sends them (values only). */
