import { expect } from 'vitest';
import { type Session, signIn, type TestContext } from './clinic.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export type Scheduling = { locationId: string; chairIds: string[]; admin: Session };

/** A location in New York with chairs, and the nurse working 07:00–19:00 local every day. */
export async function setUpScheduling(t: TestContext, chairs = ['Chair 1', 'Chair 2']): Promise<Scheduling> {
  const admin = await signIn(t, 'admin');
  const location = await t.app.inject({
    method: 'POST',
    url: '/api/v1/locations',
    headers: admin.headers,
    payload: {
      name: 'Midtown',
      addressLine1: '1 Example Avenue',
      city: 'New York',
      state: 'NY',
      postalCode: '10001',
      timeZone: 'America/New_York',
    },
  });
  expect(location.statusCode, location.body).toBe(201);
  const locationId = location.json().id as string;
  const chairIds: string[] = [];
  for (const name of chairs) {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/locations/${locationId}/chairs`,
      headers: admin.headers,
      payload: { name },
    });
    expect(res.statusCode, res.body).toBe(201);
    chairIds.push(res.json().id);
  }
  for (const weekday of WEEKDAYS) {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/locations/${locationId}/staff-hours`,
      headers: admin.headers,
      payload: { userId: t.clinic.users.nurse.id, weekday, start: '07:00', end: '19:00' },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  return { locationId, chairIds, admin };
}

let counter = 0;

/** A patient with a driver on record unless told otherwise. */
export async function createPatient(
  t: TestContext,
  session: Session,
  fields: Record<string, unknown> = {},
): Promise<string> {
  counter += 1;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/patients',
    headers: session.headers,
    payload: {
      legalGivenName: `Pat${String.fromCharCode(65 + (counter % 26))}`,
      legalFamilyName: `Booking${counter}`,
      dateOfBirth: '1980-01-01',
      sexAtBirth: 'female',
      status: 'active',
      driverName: 'Sam Driver',
      driverPhone: '+1 212 555 0101',
      ...fields,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

export function book(t: TestContext, session: Session, payload: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers: session.headers, payload });
}
