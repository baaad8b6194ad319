import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, signIn, type TestContext } from './helpers/clinic.ts';
import { createPatient } from './helpers/schedule.ts';
import {
  bookTodayIv,
  CHECK_IN,
  checkInRequest,
  DAY_START,
  MINUTE,
  post,
  type SessionSetup,
} from './sessions-helpers.ts';

// Check-in takes today's mood as a 0-10 rating or as a PHQ-9 the patient completed before the visit;
// a PHQ-9 named there must be this patient's, a PHQ-9, and from the day before check-in.

let t: TestContext;
let s: SessionSetup;
let nurse: Session;

beforeAll(async () => {
  t = await createTestApp({ SESSION_IDLE_TIMEOUT_SECONDS: '43200' });
  t.clock.now = DAY_START;
  s = await bookTodayIv(t);
  nurse = await signIn(t, 'nurse');
});
afterAll(() => t.close());

async function answer(patientId: string, instrument: 'phq9' | 'gad7'): Promise<string> {
  const items = instrument === 'phq9' ? [1, 1, 1, 1, 1, 1, 1, 1, 0] : [1, 1, 1, 1, 1, 1, 1];
  const answers = Object.fromEntries(items.map((v, i) => [`q${i + 1}`, v]));
  const res = await post(t, nurse, `/api/v1/patients/${patientId}/responses`, {
    instrument,
    answers,
    source: 'staff-for-patient',
    idempotencyKey: randomUUID(),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().response.id;
}

const sessionCount = async () =>
  (await t.database.db.selectFrom('treatment_sessions').select('id').execute()).length;

async function expectRefused(responseId: string, message: RegExp) {
  const before = await sessionCount();
  const res = await checkInRequest(t, nurse, s.bookingId, {
    ...CHECK_IN,
    mood: { kind: 'phq9', responseId },
  });
  expect(res.statusCode, res.body).toBe(400);
  expect(res.headers['content-type']).toMatch(/problem\+json/);
  const errors: { field: string; message: string }[] = res.json().errors;
  expect(errors.find((e) => e.field === 'body.mood.responseId')?.message).toMatch(message);
  expect(await sessionCount()).toBe(before);
}

describe('a PHQ-9 as the mood at check-in', () => {
  it('refuses one that does not exist, another patient’s, or another questionnaire', async () => {
    await expectRefused(randomUUID(), /No such questionnaire answer for this patient/);
    const desk = await signIn(t, 'front_desk');
    const someoneElse = await createPatient(t, desk);
    await expectRefused(await answer(someoneElse, 'phq9'), /No such questionnaire answer for this patient/);
    await expectRefused(await answer(s.patientId, 'gad7'), /Name a PHQ-9 answer/);
  });

  it('refuses one completed more than a day before check-in', async () => {
    const now = t.clock.now;
    t.clock.now = new Date(now.getTime() - 25 * 60 * MINUTE);
    nurse = await signIn(t, 'nurse');
    const old = await answer(s.patientId, 'phq9');
    t.clock.now = now;
    nurse = await signIn(t, 'nurse');
    await expectRefused(old, /not completed in the 24 hours before check-in/);
  });

  it('takes this patient’s PHQ-9 from this morning', async () => {
    const responseId = await answer(s.patientId, 'phq9');
    const res = await checkInRequest(t, nurse, s.bookingId, {
      ...CHECK_IN,
      mood: { kind: 'phq9', responseId },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().checkIn.checklist.mood).toEqual({ kind: 'phq9', responseId });
  });
});
