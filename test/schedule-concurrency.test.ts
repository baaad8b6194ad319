import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, signIn, type TestContext } from './helpers/clinic.ts';
import { book, createPatient, type Scheduling, setUpScheduling } from './helpers/schedule.ts';

let t: TestContext;
let s: Scheduling;
let desk: Session;
let nurse: Session;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date('2026-03-01T12:00:00Z');
  s = await setUpScheduling(
    t,
    Array.from({ length: 10 }, (_, i) => `Chair ${i + 1}`),
  );
  desk = await signIn(t, 'front_desk');
  nurse = await signIn(t, 'nurse');
});
afterAll(() => t.close());

async function snapshot() {
  const db = t.database.db;
  const [bookings, audits, outbox] = await Promise.all([
    db.selectFrom('bookings').select(['id', 'patient_id', 'chair_id', 'status']).execute(),
    db
      .selectFrom('audit_pending')
      .select(['action', 'entity_type', 'entity_id', 'patient_id'])
      .where('entity_type', '=', 'booking')
      .execute(),
    db.selectFrom('outbox').select('id').execute(),
  ]);
  return { bookings, audits, outbox };
}

describe('concurrent booking', () => {
  it('lets exactly one of 50 simultaneous bookings of one chair and slot through; the rest get 409', async () => {
    const patients: string[] = [];
    for (let i = 0; i < 50; i++) patients.push(await createPatient(t, desk));
    const before = await snapshot();
    const sessions = [desk, nurse];
    const responses = await Promise.all(
      patients.map((patientId, i) =>
        book(t, sessions[i % 2] as Session, {
          chairId: s.chairIds[0],
          patientId,
          route: 'iv-ketamine',
          startsAt: '2026-03-03T10:00:00-05:00',
        }),
      ),
    );
    const codes = responses.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    const winner = responses.find((r) => r.statusCode === 201)?.json();
    for (const loser of responses.filter((r) => r.statusCode === 409)) {
      expect(loser.headers['content-type']).toContain('application/problem+json');
      expect(loser.json().detail).toContain(
        `Chair 1 is already booked 2026-03-03 10:00–11:40 (America/New_York) (booking ${winner.id})`,
      );
    }

    const after = await snapshot();
    expect(after.bookings).toHaveLength(before.bookings.length + 1);
    expect(after.bookings.find((b) => b.id === winner.id)).toMatchObject({ status: 'booked' });
    expect(after.audits.length - before.audits.length).toBe(1);
    expect(after.audits.find((a) => a.entity_id === winner.id)).toMatchObject({
      action: 'create',
      patient_id: winner.patientId,
    });
    expect(after.outbox).toEqual(before.outbox);
  });

  it('lets one patient into only one of 10 chairs booked for the same time at once', async () => {
    const patientId = await createPatient(t, desk);
    const before = await snapshot();
    const responses = await Promise.all(
      s.chairIds.map((chairId) =>
        book(t, desk, { chairId, patientId, route: 'iv-ketamine', startsAt: '2026-03-05T10:00:00-05:00' }),
      ),
    );
    const codes = responses.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(9);
    const after = await snapshot();
    expect(after.bookings.filter((b) => b.patient_id === patientId)).toHaveLength(1);
    expect(after.audits.length - before.audits.length).toBe(1);
  });

  it('keeps overlapping but not identical slots apart too, and frees a cancelled slot for the next race', async () => {
    const patients: string[] = [];
    for (let i = 0; i < 20; i++) patients.push(await createPatient(t, desk));
    // Starts every 10 minutes from 09:00: each 100-minute slot overlaps all the others.
    const race = (group: string[]) =>
      Promise.all(
        group.map((patientId, i) =>
          book(t, desk, {
            chairId: s.chairIds[1],
            patientId,
            route: 'iv-ketamine',
            startsAt: new Date(Date.parse('2026-03-10T13:00:00Z') + i * 10 * 60_000).toISOString(),
          }),
        ),
      );
    const first = await race(patients.slice(0, 10));
    expect(first.filter((r) => r.statusCode === 201)).toHaveLength(1);
    const held = first.find((r) => r.statusCode === 201)?.json();
    const cancel = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${held.id}/cancel`,
      headers: desk.headers,
      payload: { reason: 'Freed for the test' },
    });
    expect(cancel.statusCode).toBe(200);
    const second = await race(patients.slice(10));
    expect(second.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(second.filter((r) => r.statusCode === 409)).toHaveLength(9);
  });
});
