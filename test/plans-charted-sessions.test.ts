import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, signIn, type TestContext } from './helpers/clinic.ts';
import { type SignedPlan, signIvPlan } from './helpers/plans.ts';
import { book, createPatient, setUpScheduling } from './helpers/schedule.ts';
import {
  CHECK_IN,
  checkInRequest,
  doseSignatures,
  MINUTE,
  post,
  stockTheCabinet,
  vitalsEntry,
} from './sessions-helpers.ts';

// The next-dose panel reads what the charts of the sessions given so far say (issue 4, item 6).
let t: TestContext;
let nurse: Session;
let prescriber: Session;
let plan: SignedPlan;

beforeAll(async () => {
  t = await createTestApp({ SESSION_IDLE_TIMEOUT_SECONDS: '43200' });
  t.clock.now = new Date('2030-03-01T12:00:00Z');
  const scheduling = await setUpScheduling(t);
  nurse = await signIn(t, 'nurse');
  prescriber = await signIn(t, 'prescriber');
  const patientId = await createPatient(t, nurse);
  plan = await signIvPlan(t, nurse, prescriber, patientId, '2030-03-04');
  const first = plan.sessions[0];
  if (!first) throw new Error('the plan has sessions');
  // Monday 4 March 2030, 09:00 in New York.
  t.clock.now = new Date('2030-03-04T13:50:00Z');
  // Three days on, yesterday's sign-ins have run out.
  nurse = await signIn(t, 'nurse');
  prescriber = await signIn(t, 'prescriber');
  const booked = await book(t, nurse, {
    chairId: scheduling.chairIds[0],
    patientId,
    route: 'iv-ketamine',
    startsAt: '2030-03-04T14:00:00Z',
    plannedSessionId: first.id,
  });
  expect(booked.statusCode, booked.body).toBe(201);
  t.clock.now = new Date('2030-03-04T14:00:00Z');
  const checkIn = await checkInRequest(t, nurse, booked.json().id, CHECK_IN);
  expect(checkIn.statusCode, checkIn.body).toBe(201);
  const sessionId = checkIn.json().id;
  const entry = (payload: object) => post(t, nurse, `/api/v1/sessions/${sessionId}/entries`, payload);
  expect((await entry(vitalsEntry({ systolicMmHg: 124, diastolicMmHg: 78 }, t.clock.now))).statusCode).toBe(
    201,
  );
  const stock = await stockTheCabinet(t, scheduling);
  const given = await post(t, nurse, `/api/v1/sessions/${sessionId}/administration`, {
    doseMg: first.doseMg,
    lotId: stock.ketamineLotId,
    cabinetId: stock.cabinetId,
    startedAt: t.clock.now.toISOString(),
    pumpRateMlPerH: 150,
    ...(await doseSignatures(t, { order: false })),
  });
  expect(given.statusCode, given.body).toBe(201);
  t.clock.now = new Date(t.clock.now.getTime() + 20 * MINUTE);
  const check = vitalsEntry({ systolicMmHg: 166, diastolicMmHg: 97, heartRateBpm: 88 }, t.clock.now, {
    moaas: 3,
    dissociation: 2,
  });
  expect((await entry(check)).statusCode).toBe(201);
  const vomiting = await entry({
    id: randomUUID(),
    clientAt: t.clock.now.toISOString(),
    kind: 'adverse-event',
    event: 'vomiting',
    severity: 'moderate',
    interventions: [{ kind: 'medication', medication: 'Ondansetron', dose: '4 mg IV' }],
  });
  expect(vomiting.statusCode, vomiting.body).toBe(201);
});
afterAll(() => t.close());

describe('next-dose suggestion after a charted session', () => {
  it('shows what the chart recorded and does not step up after a session that was not tolerated', async () => {
    const res = await t.app.inject({
      url: `/api/v1/plans/${plan.planId}/next-session-suggestion`,
      headers: prescriber.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.session.number).toBe(2);
    expect(body.previousSessions).toHaveLength(1);
    expect(body.previousSessions[0]).toMatchObject({
      number: 1,
      status: 'given',
      charted: {
        peakSystolicMmHg: 166,
        peakDiastolicMmHg: 97,
        lowestMoaas: 3,
        highestDissociation: 2,
        adverseEvents: [{ event: 'vomiting', severity: 'moderate' }],
        stoppedEarly: false,
        alertsAfterDose: [],
        tolerated: false,
        severeReaction: false,
        reasons: ['moderate vomiting'],
      },
    });
    expect(body.sessionData.available).toBe(true);
    expect(body.notSuggested).toBeNull();
    expect(body.suggestion.action).not.toBe('step-up');
    expect(body.suggestion.reason).toMatch(/not tolerated/);
    expect(body.suggestion.applied).toBe(false);
  });
});
