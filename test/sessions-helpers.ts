import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { type Session, signIn, type TestContext } from './helpers/clinic.ts';
import { book, createPatient, type Scheduling, setUpScheduling } from './helpers/schedule.ts';

/** Friday 27 November 2026, 09:00 in New York. */
export const DAY_START = new Date('2026-11-27T14:00:00Z');

export const MINUTE = 60_000;

export type SessionSetup = Scheduling & { bookingId: string; patientId: string; desk: Session };

/** An IV ketamine booking starting 10 minutes after the clock, and the clock moved to its start. */
export async function bookTodayIv(t: TestContext, chair = 0, s?: Scheduling): Promise<SessionSetup> {
  const scheduling = s ?? (await setUpScheduling(t));
  const desk = await signIn(t, 'front_desk');
  const patientId = await createPatient(t, desk);
  const startsAt = new Date(t.clock.now.getTime() + 10 * MINUTE);
  const res = await book(t, desk, {
    chairId: scheduling.chairIds[chair],
    patientId,
    route: 'iv-ketamine',
    startsAt: startsAt.toISOString(),
  });
  expect(res.statusCode, res.body).toBe(201);
  t.clock.now = startsAt;
  return { ...scheduling, bookingId: res.json().id, patientId, desk };
}

export const CHECK_IN = {
  identityConfirmed: true,
  rideHome: { confirmed: true, driverName: 'Sam Driver' },
  medicationsToday: 'Sertraline 100 mg this morning',
  mood: { kind: 'rating', value: 4 },
};

export function checkInRequest(
  t: TestContext,
  session: Session,
  bookingId: string,
  payload: object = CHECK_IN,
) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/bookings/${bookingId}/session`,
    headers: session.headers,
    payload,
  });
}

export function vitalsEntry(vitals: Record<string, number>, at: Date, extra: Record<string, unknown> = {}) {
  return { id: randomUUID(), clientAt: at.toISOString(), kind: 'check', vitals, ...extra };
}

export function post(t: TestContext, session: Session, url: string, payload: object) {
  return t.app.inject({ method: 'POST', url, headers: session.headers, payload });
}
