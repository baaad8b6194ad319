import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, signIn, type TestContext } from './helpers/clinic.ts';
import { signIvPlan } from './helpers/plans.ts';
import { book, createPatient, type Scheduling, setUpScheduling } from './helpers/schedule.ts';

// A booking that carries out a plan's session names it (migration 0011: foreign key, once per session).
let t: TestContext;
let s: Scheduling;
let nurse: Session;
let prescriber: Session;
let patientId: string;
let otherPatientId: string;
let sessionIds: string[];

async function signedPlan(id: string): Promise<string[]> {
  return (await signIvPlan(t, nurse, prescriber, id, '2030-03-04')).sessions.map((x) => x.id);
}

const bookingRows = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('bookings')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date('2030-03-01T12:00:00Z');
  s = await setUpScheduling(t);
  nurse = await signIn(t, 'nurse');
  prescriber = await signIn(t, 'prescriber');
  patientId = await createPatient(t, nurse);
  otherPatientId = await createPatient(t, nurse);
  sessionIds = await signedPlan(patientId);
});
afterAll(() => t.close());

const bookPlanned = (plannedSessionId: unknown, startsAt: string, patient = patientId, extra = {}) =>
  book(t, nurse, {
    chairId: s.chairIds[0],
    patientId: patient,
    route: 'iv-ketamine',
    startsAt,
    plannedSessionId,
    ...extra,
  });

describe('booking a planned session', () => {
  it('refuses a planned session that is not this patient’s, or of another route, and stores nothing', async () => {
    const before = await bookingRows();
    const cases: [unknown, string, Record<string, unknown>, string][] = [
      ['00000000-0000-4000-8000-000000000000', patientId, {}, 'body.plannedSessionId'],
      [sessionIds[0], otherPatientId, {}, 'body.plannedSessionId'],
      [sessionIds[0], patientId, { route: 'esketamine' }, 'body.route'],
      ['not-a-uuid', patientId, {}, 'body.plannedSessionId'],
    ];
    for (const [id, patient, extra, field] of cases) {
      const res = await bookPlanned(id, '2030-03-04T10:00:00-05:00', patient, extra);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await bookingRows()).toBe(before);
  });

  it('books it once; a second live booking of the same session is a 409 until the first is cancelled', async () => {
    const first = await bookPlanned(sessionIds[0], '2030-03-04T10:00:00-05:00');
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().plannedSessionId).toBe(sessionIds[0]);

    const again = await bookPlanned(sessionIds[0], '2030-03-06T10:00:00-05:00');
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json().detail).toMatch(/\(rule: planned-session-booked\)$/);
    expect(again.json().errors[0].field).toBe('body.plannedSessionId');

    const cancel = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${first.json().id}/cancel`,
      headers: nurse.headers,
      payload: { reason: 'Patient asked to move it.' },
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    const rebooked = await bookPlanned(sessionIds[0], '2030-03-06T10:00:00-05:00');
    expect(rebooked.statusCode, rebooked.body).toBe(201);
  });

  it('lets the database refuse a booking that names a planned session of no plan', async () => {
    const patient = await t.database.db
      .selectFrom('bookings')
      .select(['org_id', 'location_id', 'chair_id', 'patient_id'])
      .executeTakeFirstOrThrow();
    await expect(
      t.database.db
        .insertInto('bookings')
        .values({
          ...patient,
          route: 'iv-ketamine',
          protocol_id: 'iv-ketamine-standard',
          protocol_version: 1,
          phase_id: 'induction',
          planned_session_id: '00000000-0000-4000-8000-000000000001',
          starts_at: new Date('2030-03-20T15:00:00Z'),
          ends_at: new Date('2030-03-20T16:40:00Z'),
          driver_name: 'Sam Driver',
          driver_phone: '+1 212 555 0101',
          ride_home_source: 'patient-record',
          created_at: new Date(),
        })
        .execute(),
    ).rejects.toMatchObject({ code: '23503', constraint: 'bookings_planned_session_fk' });
  });
});

describe('the outbox kinds after every migration', () => {
  it('still accept booking reminders and every kind the earlier migrations added', async () => {
    const row = await sql<{ definition: string }>`
      SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint
       WHERE conrelid = 'outbox'::regclass AND conname = 'outbox_kind_check'`.execute(t.database.db);
    const definition = row.rows[0]?.definition ?? '';
    for (const kind of [
      'risk-page',
      'test-page',
      'measure-reminder',
      'booking-reminder',
      'lead-new',
      'lead-urgent',
    ]) {
      expect(definition, definition).toContain(`'${kind}'`);
    }
    expect(definition).not.toContain('{');
  });
});
