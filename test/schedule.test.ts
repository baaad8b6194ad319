import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reminderBody, sendBookingReminders } from '../src/server/features/schedule/reminders.ts';
import {
  createTestApp,
  type Session,
  seedClinic,
  sessionFromResponse,
  signIn,
  TEST_PASSWORD,
  type TestContext,
} from './helpers/clinic.ts';
import { book, createPatient, type Scheduling, setUpScheduling } from './helpers/schedule.ts';

let t: TestContext;
let s: Scheduling;
let desk: Session;
let nurse: Session;

// Sunday 1 March 2026, 07:00 in New York; clocks there go forward on Sunday 8 March.
const START = new Date('2026-03-01T12:00:00Z');

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = START;
  s = await setUpScheduling(t);
  desk = await signIn(t, 'front_desk');
  nurse = await signIn(t, 'nurse');
});
afterAll(() => t.close());

const iv = (patientId: string, startsAt: string, chair = 0, extra: Record<string, unknown> = {}) =>
  book(t, desk, { chairId: s.chairIds[chair], patientId, route: 'iv-ketamine', startsAt, ...extra });

async function counts() {
  const bookings = await t.database.db
    .selectFrom('bookings')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const audit = await t.database.db
    .selectFrom('audit_pending')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const outbox = await t.database.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return { bookings: Number(bookings.n), audit: Number(audit.n), outbox: Number(outbox.n) };
}

describe('chairs and staff hours', () => {
  it('refuses a second chair of the same name, and overlapping hours for one person', async () => {
    const dup = await t.app.inject({
      method: 'POST',
      url: `/api/v1/locations/${s.locationId}/chairs`,
      headers: s.admin.headers,
      payload: { name: 'chair 1' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].field).toBe('body.name');
    const overlap = await t.app.inject({
      method: 'POST',
      url: `/api/v1/locations/${s.locationId}/staff-hours`,
      headers: s.admin.headers,
      payload: { userId: t.clinic.users.nurse.id, weekday: 'mon', start: '18:00', end: '20:00' },
    });
    expect(overlap.statusCode, overlap.body).toBe(409);
    const backwards = await t.app.inject({
      method: 'POST',
      url: `/api/v1/locations/${s.locationId}/staff-hours`,
      headers: s.admin.headers,
      payload: { userId: t.clinic.users.therapist.id, weekday: 'mon', start: '18:00', end: '08:00' },
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0].field).toBe('body.end');
    const patientUser = await t.app.inject({
      method: 'POST',
      url: `/api/v1/locations/${s.locationId}/staff-hours`,
      headers: s.admin.headers,
      payload: { userId: t.clinic.users.patient.id, weekday: 'mon', start: '08:00', end: '09:00' },
    });
    expect(patientUser.statusCode).toBe(400);
    expect(patientUser.json().errors[0].field).toBe('body.userId');
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/v1/locations/${s.locationId}/staff-hours`,
      headers: { cookie: desk.cookie },
    });
    expect(list.json().items).toHaveLength(7);
    expect(list.json().items[0]).toMatchObject({ weekday: 'mon', start: '07:00', end: '19:00' });
  });
});

describe('booking', () => {
  it('books an IV session for dose time plus monitoring, with the driver from the patient record', async () => {
    const patientId = await createPatient(t, desk);
    const res = await iv(patientId, '2026-03-02T09:00:00-05:00');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      patientId,
      chairName: 'Chair 1',
      route: 'iv-ketamine',
      protocolId: 'iv-ketamine-standard',
      phaseId: 'induction',
      status: 'booked',
      startsAt: '2026-03-02T14:00:00.000Z',
      endsAt: '2026-03-02T15:40:00.000Z',
      durationMin: 100,
      localStart: '2026-03-02T09:00',
      localEnd: '2026-03-02T10:40',
      utcOffset: '-05:00',
      timeZone: 'America/New_York',
      driverName: 'Sam Driver',
      rideHomeSource: 'patient-record',
    });
    const audited = await t.database.db
      .selectFrom('audit_pending')
      .select(['action', 'patient_id'])
      .where('entity_type', '=', 'booking')
      .where('entity_id', '=', res.json().id)
      .execute();
    expect(audited).toEqual([{ action: 'create', patient_id: patientId }]);
  });

  it('answers bad input with 400 naming the field, and writes nothing', async () => {
    const withDriver = await createPatient(t, desk);
    const noDriver = await createPatient(t, desk, { driverName: null, driverPhone: null });
    const before = await counts();
    const cases: [Record<string, unknown>, string[]][] = [
      [{ patientId: withDriver, startsAt: '2026-03-05T09:00:00' }, ['body.startsAt']],
      [{ patientId: withDriver, startsAt: '2026-02-27T09:00:00-05:00' }, ['body.startsAt']],
      [
        { patientId: withDriver, startsAt: '2026-03-05T09:00:00-05:00', durationMin: 60 },
        ['body.durationMin'],
      ],
      [
        { patientId: withDriver, startsAt: '2026-03-05T09:00:00-05:00', phaseId: 'boosters' },
        ['body.phaseId'],
      ],
      [
        { patientId: withDriver, startsAt: '2026-03-05T09:00:00-05:00', protocolId: 'esketamine-trd' },
        ['body.protocolId'],
      ],
      [{ patientId: withDriver, startsAt: '2026-03-05T09:00:00-05:00', colour: 'blue' }, ['body.colour']],
      [{ patientId: withDriver, startsAt: '2026-03-05T09:00:00-05:00', route: 'oral' }, ['body.route']],
      [
        { patientId: noDriver, startsAt: '2026-03-05T09:00:00-05:00' },
        ['body.driverName', 'body.driverPhone'],
      ],
      [
        { patientId: noDriver, startsAt: '2026-03-05T09:00:00-05:00', driverName: 'Alex' },
        ['body.driverPhone'],
      ],
      [
        {
          patientId: noDriver,
          startsAt: '2026-03-05T09:00:00-05:00',
          driverName: 'Alex',
          driverPhone: 'call me',
        },
        ['body.driverPhone'],
      ],
    ];
    for (const [body, fields] of cases) {
      const res = await book(t, desk, { chairId: s.chairIds[0], route: 'iv-ketamine', ...body });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(fields);
    }
    const short = await iv(withDriver, '2026-03-05T09:00:00-05:00', 0, { durationMin: 60 });
    expect(short.json().errors[0].message).toMatch(/at least 100 minutes/);
    expect(await counts()).toEqual(before);
  });

  it('takes a driver entered with the booking when the record has none', async () => {
    const patientId = await createPatient(t, desk, { driverName: null, driverPhone: null });
    const res = await iv(patientId, '2026-03-05T09:00:00-05:00', 1, {
      driverName: 'Alex Rivera',
      driverPhone: '+1 212 555 0199',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      driverName: 'Alex Rivera',
      driverPhone: '+1 212 555 0199',
      rideHomeSource: 'entered',
    });
  });

  it('refuses a chair booked twice with 409 naming the slot that holds it', async () => {
    const first = await createPatient(t, desk);
    const second = await createPatient(t, desk);
    const held = await iv(first, '2026-03-03T10:00:00-05:00');
    expect(held.statusCode, held.body).toBe(201);
    const before = await counts();
    const clash = await iv(second, '2026-03-03T10:30:00-05:00');
    expect(clash.statusCode).toBe(409);
    expect(clash.json().type).toBe('/problems/conflict');
    expect(clash.json().detail).toContain(
      `Chair 1 is already booked 2026-03-03 10:00–11:40 (America/New_York) (booking ${held.json().id})`,
    );
    expect(clash.json().detail).toContain('chair-double-booked');
    expect(clash.json().errors[0].field).toBe('body.chairId');
    expect(await counts()).toEqual(before);
    // Back to back is not an overlap: the range is [start, end).
    const after = await iv(second, '2026-03-03T11:40:00-05:00');
    expect(after.statusCode, after.body).toBe(201);
  });

  it('keeps a patient out of two chairs at once, in the database itself', async () => {
    const patientId = await createPatient(t, desk);
    const res = await iv(patientId, '2026-03-04T09:00:00-05:00');
    expect(res.statusCode).toBe(201);
    const again = await iv(patientId, '2026-03-04T09:30:00-05:00', 1);
    expect(again.statusCode).toBe(409);
    // Past the service's own rules, PostgreSQL refuses it too.
    const row = await t.database.db
      .selectFrom('bookings')
      .selectAll()
      .where('id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    const { id: _id, ...copy } = row;
    await expect(
      t.database.db
        .insertInto('bookings')
        .values({ ...copy, chair_id: s.chairIds[1] as string, status: 'booked' })
        .execute(),
    ).rejects.toMatchObject({ code: '23P01', constraint: 'bookings_no_patient_overlap' });
  });

  it('keeps the protocol’s minimum interval and sessions a week', async () => {
    const patientId = await createPatient(t, desk);
    const at = (day: string) => iv(patientId, `2026-03-${day}T09:00:00-04:00`);
    expect((await at('09')).statusCode).toBe(201);
    const tuesday = await at('10');
    expect(tuesday.statusCode).toBe(409);
    expect(tuesday.json().detail).toMatch(
      /at least 2 days between sessions.*2026-03-09.*min-days-between-sessions/,
    );
    expect(tuesday.json().errors[0].field).toBe('body.startsAt');
    expect((await at('11')).statusCode).toBe(201);
    expect((await at('13')).statusCode).toBe(201);
    const fourth = await at('15');
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json().detail).toMatch(/at most 3 sessions a week.*sessions-per-week/);
    expect((await at('16')).statusCode).toBe(201);

    const maintenance = await createPatient(t, desk);
    const m = (day: string) =>
      iv(maintenance, `2026-03-${day}T13:00:00-04:00`, 1, { phaseId: 'maintenance' });
    expect((await m('16')).statusCode).toBe(201);
    const soon = await m('20');
    expect(soon.statusCode).toBe(409);
    expect(soon.json().detail).toMatch(/at least 7 days/);
    expect((await m('23')).statusCode).toBe(201);
  });

  it('stops esketamine without SPRAVATO REMS enrolment, and books it for 2 hours once enrolled', async () => {
    const patientId = await createPatient(t, desk);
    const payload = {
      chairId: s.chairIds[1],
      patientId,
      route: 'esketamine',
      startsAt: '2026-03-10T10:00:00-04:00',
    };
    const before = await counts();
    const stopped = await book(t, desk, payload);
    expect(stopped.statusCode).toBe(409);
    expect(stopped.json().detail).toMatch(/not enrolled in the SPRAVATO REMS.*spravato-rems/);
    expect(stopped.json().errors).toEqual([
      { field: 'body.route', message: expect.stringMatching(/^spravato-rems: /) },
    ]);
    expect(await counts()).toEqual(before);

    const url = `/api/v1/patients/${patientId}/rems-enrolment`;
    const byDesk = await t.app.inject({ method: 'POST', url, headers: desk.headers, payload: {} });
    expect(byDesk.statusCode).toBe(403);
    const none = await t.app.inject({ method: 'GET', url, headers: { cookie: desk.cookie } });
    expect(none.json()).toEqual({ enrolment: null });
    const enrol = await t.app.inject({
      method: 'POST',
      url,
      headers: nurse.headers,
      payload: { reference: 'REMS-0042', enrolledAt: '2026-02-27T15:00:00Z' },
    });
    expect(enrol.statusCode, enrol.body).toBe(201);
    expect(enrol.json()).toMatchObject({
      reference: 'REMS-0042',
      enrolledAt: '2026-02-27T15:00:00.000Z',
      enrolledBy: t.clinic.users.nurse.id,
    });
    const twice = await t.app.inject({ method: 'POST', url, headers: nurse.headers, payload: {} });
    expect(twice.statusCode).toBe(409);

    const booked = await book(t, desk, payload);
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json()).toMatchObject({
      protocolId: 'esketamine-trd',
      durationMin: 120,
      localEnd: '2026-03-10T12:00',
    });
  });

  it('books only within staff hours at the location', async () => {
    const patientId = await createPatient(t, desk);
    const early = await iv(patientId, '2026-03-12T06:30:00-04:00');
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toMatch(
      /06:30–08:10 \(America\/New_York\) is outside the staffed hours of Midtown: 07:00–19:00.*staff-hours/,
    );
    expect((await iv(patientId, '2026-03-12T17:30:00-04:00')).statusCode).toBe(409);
    const last = await iv(patientId, '2026-03-12T17:20:00-04:00');
    expect(last.statusCode, last.body).toBe(201);
    expect(last.json().localEnd).toBe('2026-03-12T19:00');
  });

  it('refuses to take a chair out of use while it has upcoming bookings', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/chairs/${s.chairIds[0]}`,
      headers: s.admin.headers,
      payload: { name: 'Chair 1', kind: 'chair', active: false },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0].field).toBe('body.active');
  });
});

describe('cancellation', () => {
  it('frees the slot, keeps the booking with who, when and why, and happens once', async () => {
    const first = await createPatient(t, desk);
    const second = await createPatient(t, desk);
    const held = await iv(first, '2026-03-19T13:00:00-04:00');
    expect(held.statusCode).toBe(201);
    expect((await iv(second, '2026-03-19T13:00:00-04:00')).statusCode).toBe(409);
    const url = `/api/v1/bookings/${held.json().id}/cancel`;
    const noReason = await t.app.inject({
      method: 'POST',
      url,
      headers: desk.headers,
      payload: { reason: ' ' },
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('body.reason');
    const cancelled = await t.app.inject({
      method: 'POST',
      url,
      headers: desk.headers,
      payload: { reason: 'Patient has a cold' },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({
      status: 'cancelled',
      cancellationReason: 'Patient has a cold',
      cancelledAt: START.toISOString(),
    });
    const rebooked = await iv(second, '2026-03-19T13:00:00-04:00');
    expect(rebooked.statusCode, rebooked.body).toBe(201);
    const again = await t.app.inject({
      method: 'POST',
      url,
      headers: desk.headers,
      payload: { reason: 'again' },
    });
    expect(again.statusCode).toBe(409);
    const audit = await t.database.db
      .selectFrom('audit_pending')
      .select(['action', 'patient_id', 'details'])
      .where('entity_id', '=', held.json().id)
      .where('action', '=', 'update')
      .execute();
    expect(audit).toEqual([
      { action: 'update', patient_id: first, details: { status: 'cancelled', reason: 'Patient has a cold' } },
    ]);
    await expect(
      t.database.db.deleteFrom('bookings').where('id', '=', held.json().id).execute(),
    ).rejects.toThrow(/never deleted/);
    await expect(
      t.database.db
        .updateTable('bookings')
        .set({ status: 'booked' })
        .where('id', '=', held.json().id)
        .execute(),
    ).rejects.toThrow(/never changed/);
  });
});

describe('calendars', () => {
  it('shows days in the location’s time zone across the DST change, with UTC instants and local times', async () => {
    const saturday = await createPatient(t, desk);
    const sunday = await createPatient(t, desk);
    const sat = await iv(saturday, '2026-03-07T09:00:00-05:00');
    const sun = await iv(sunday, '2026-03-08T09:00:00-04:00');
    expect(sat.statusCode).toBe(201);
    expect(sun.statusCode).toBe(201);
    const therapist = await signIn(t, 'therapist');
    expect((await iv(saturday, '2026-03-20T09:00:00-04:00', 1)).statusCode).toBe(201);
    expect(
      (
        await book(t, therapist, {
          chairId: s.chairIds[0],
          patientId: saturday,
          route: 'iv-ketamine',
          startsAt: '2026-03-25T09:00:00-04:00',
        })
      ).statusCode,
    ).toBe(403);

    const day = await t.app.inject({
      method: 'GET',
      url: `/api/v1/locations/${s.locationId}/calendar/day?date=2026-03-08`,
      headers: { cookie: therapist.cookie },
    });
    expect(day.statusCode, day.body).toBe(200);
    const d = day.json();
    expect(d.location).toEqual({ id: s.locationId, name: 'Midtown', timeZone: 'America/New_York' });
    expect(d.from).toBe('2026-03-08T05:00:00.000Z');
    expect(d.to).toBe('2026-03-09T04:00:00.000Z');
    expect(d.days).toEqual([
      expect.objectContaining({
        date: '2026-03-08',
        weekday: 'sun',
        hours: 23,
        staffHours: [expect.objectContaining({ start: '07:00', end: '19:00' })],
      }),
    ]);
    expect(d.chairs.map((c: { name: string }) => c.name)).toEqual(['Chair 1', 'Chair 2']);
    expect(d.chairs[0].bookings).toEqual([
      expect.objectContaining({
        id: sun.json().id,
        startsAt: '2026-03-08T13:00:00.000Z',
        localStart: '2026-03-08T09:00',
        localEnd: '2026-03-08T10:40',
        utcOffset: '-04:00',
      }),
    ]);
    expect(d.chairs[1].bookings).toEqual([]);

    const week = await t.app.inject({
      method: 'GET',
      url: `/api/v1/locations/${s.locationId}/calendar/week?date=2026-03-05`,
      headers: { cookie: therapist.cookie },
    });
    expect(week.statusCode, week.body).toBe(200);
    const w = week.json();
    expect(w.from).toBe('2026-03-02T05:00:00.000Z');
    expect(w.to).toBe('2026-03-09T04:00:00.000Z');
    expect(w.days.map((x: { date: string; hours: number }) => `${x.date}:${x.hours}`)).toEqual([
      '2026-03-02:24',
      '2026-03-03:24',
      '2026-03-04:24',
      '2026-03-05:24',
      '2026-03-06:24',
      '2026-03-07:24',
      '2026-03-08:23',
    ]);
    const chair1 = w.chairs[0].bookings as {
      id: string;
      startsAt: string;
      localStart: string;
      utcOffset: string;
    }[];
    expect(chair1.find((b) => b.id === sat.json().id)).toMatchObject({
      startsAt: '2026-03-07T14:00:00.000Z',
      localStart: '2026-03-07T09:00',
      utcOffset: '-05:00',
    });
    expect(chair1.find((b) => b.id === sun.json().id)).toMatchObject({
      startsAt: '2026-03-08T13:00:00.000Z',
    });
    expect(chair1.map((b) => b.startsAt)).toEqual([...chair1.map((b) => b.startsAt)].sort());
    expect(chair1.every((b) => b.startsAt >= w.from && b.startsAt < w.to)).toBe(true);

    const reads = await t.database.db
      .selectFrom('audit_pending')
      .select(['entity_id', 'patient_id', 'user_id'])
      .where('action', '=', 'read')
      .where('entity_type', '=', 'booking')
      .where('entity_id', 'in', [sat.json().id, sun.json().id])
      .execute();
    // The day calendar listed Sunday's; the week listed both.
    expect(reads.filter((r) => r.entity_id === sun.json().id)).toHaveLength(2);
    expect(reads.filter((r) => r.entity_id === sat.json().id)).toEqual([
      { entity_id: sat.json().id, patient_id: saturday, user_id: t.clinic.users.therapist.id },
    ]);
  });

  it('hides cancelled bookings unless asked for them', async () => {
    const patientId = await createPatient(t, desk);
    const res = await iv(patientId, '2026-03-27T15:00:00-04:00', 1);
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${res.json().id}/cancel`,
      headers: desk.headers,
      payload: { reason: 'Rescheduled' },
    });
    const url = `/api/v1/locations/${s.locationId}/calendar/day?date=2026-03-27`;
    const hidden = await t.app.inject({ method: 'GET', url, headers: { cookie: desk.cookie } });
    expect(hidden.json().chairs[1].bookings).toEqual([]);
    const shown = await t.app.inject({
      method: 'GET',
      url: `${url}&includeCancelled=true`,
      headers: { cookie: desk.cookie },
    });
    expect(shown.json().chairs[1].bookings).toEqual([expect.objectContaining({ status: 'cancelled' })]);
    const bad = await t.app.inject({
      method: 'GET',
      url: `/api/v1/locations/${s.locationId}/calendar/day?date=2026-02-30`,
      headers: { cookie: desk.cookie },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('querystring.date');
  });
});

describe('another organisation', () => {
  it('sees none of this clinic’s chairs, patients, calendars or bookings (404)', async () => {
    const other = await seedClinic(t.database.db, 'Other Clinic', false);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: other.users.front_desk.email, password: TEST_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    const stranger = sessionFromResponse(login.headers['set-cookie']);
    const ours = await createPatient(t, desk);
    const booking = await iv(ours, '2026-03-24T09:00:00-04:00');
    expect(booking.statusCode).toBe(201);
    const theirs = await createPatient(t, stranger);
    const before = await counts();

    for (const patientId of [ours, theirs]) {
      const res = await book(t, stranger, {
        chairId: s.chairIds[0],
        patientId,
        route: 'iv-ketamine',
        startsAt: '2026-03-26T09:00:00-04:00',
      });
      expect(res.statusCode).toBe(404);
    }
    const intoTheirs = await iv(theirs, '2026-03-26T09:00:00-04:00');
    expect(intoTheirs.statusCode).toBe(404);
    expect(intoTheirs.json().detail).toBe('No such patient in this clinic.');
    const id = booking.json().id;
    for (const [method, url] of [
      ['GET', `/api/v1/bookings/${id}`],
      ['GET', `/api/v1/patients/${ours}/bookings`],
      ['GET', `/api/v1/locations/${s.locationId}/chairs`],
      ['GET', `/api/v1/locations/${s.locationId}/staff-hours`],
      ['GET', `/api/v1/locations/${s.locationId}/calendar/day?date=2026-03-24`],
      ['GET', `/api/v1/locations/${s.locationId}/calendar/week?date=2026-03-24`],
      ['GET', `/api/v1/patients/${ours}/rems-enrolment`],
      ['POST', `/api/v1/bookings/${id}/cancel`],
    ] as const) {
      const res = await t.app.inject({
        method,
        url,
        headers: stranger.headers,
        ...(method === 'POST' ? { payload: { reason: 'not mine' } } : {}),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    expect(await counts()).toEqual(before);
    const still = await t.app.inject({
      method: 'GET',
      url: `/api/v1/bookings/${id}`,
      headers: { cookie: desk.cookie },
    });
    expect(still.json().status).toBe('booked');
  });
});

describe('reminders', () => {
  it('tells an esketamine patient the label’s no-driving rule and the clinic’s fasting times', () => {
    const body = reminderBody(
      {
        id: 'b',
        orgId: 'o',
        patientId: 'p',
        email: 'robin@example.test',
        locationName: 'Main Street Clinic',
        address: '1 Main Street',
        localWhen: 'Monday, March 2, 2026 at 12:00 PM',
        driverName: 'Sam Driver',
        route: 'esketamine',
      },
      { foodHours: 2, liquidsMinutes: 30 },
    );
    expect(body).toContain('you must not drive until the next day, after a restful sleep');
    expect(body).toContain(
      'Please do not eat for 2 hours or drink anything for 30 minutes before your appointment.',
    );
    expect(body).not.toMatch(/ketamine/i);
  });

  it('queues one email through the outbox 24 hours ahead, for patients with an email address', async () => {
    const patientId = await createPatient(t, desk, { email: 'robin@example.test' });
    const res = await iv(patientId, '2026-03-02T12:00:00-05:00', 1);
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    // 25 hours before: not yet.
    expect(await sendBookingReminders(t.database.db, new Date('2026-03-01T16:00:00Z'))).toBe(0);
    const queued = await sendBookingReminders(t.database.db, new Date('2026-03-01T18:00:00Z'));
    expect(queued).toBe(1);
    expect(await sendBookingReminders(t.database.db, new Date('2026-03-01T18:00:05Z'))).toBe(0);
    const messages = await t.database.db
      .selectFrom('outbox')
      .selectAll()
      .where('related_id', '=', id)
      .execute();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      kind: 'booking-reminder',
      channel: 'email',
      recipient: 'robin@example.test',
    });
    expect(messages[0]?.body).toContain('Monday, March 2, 2026 at 12:00 PM');
    expect(messages[0]?.body).toContain('Sam Driver');
    expect(messages[0]?.body).not.toMatch(/ketamine/i);
    expect(messages[0]?.body).toContain('you must not drive for the rest of the day');
    expect(messages[0]?.body).not.toMatch(/do not eat/);
    const booking = await t.app.inject({
      method: 'GET',
      url: `/api/v1/bookings/${id}`,
      headers: { cookie: desk.cookie },
    });
    expect(booking.json().reminderSentAt).toBe('2026-03-01T18:00:00.000Z');
    const audit = await sql<{ n: string }>`
      SELECT count(*) AS n FROM audit_pending WHERE entity_type = 'booking_reminder' AND entity_id = ${id}`.execute(
      t.database.db,
    );
    expect(audit.rows[0]?.n).toBe('1');
  });
});

describe('no-shows and completion', () => {
  it('records a no-show only once the session has started, then never changes it', async () => {
    const patientId = await createPatient(t, desk);
    const res = await iv(patientId, '2026-03-06T09:00:00-05:00', 1);
    expect(res.statusCode, res.body).toBe(201);
    const url = `/api/v1/bookings/${res.json().id}`;
    const early = await t.app.inject({
      method: 'POST',
      url: `${url}/no-show`,
      headers: desk.headers,
      payload: { reason: 'Did not arrive' },
    });
    expect(early.statusCode).toBe(409);
    t.clock.now = new Date('2026-03-06T14:30:00Z');
    const clerk = await signIn(t, 'front_desk');
    const noShow = await t.app.inject({
      method: 'POST',
      url: `${url}/no-show`,
      headers: clerk.headers,
      payload: { reason: 'Did not arrive; no answer by phone' },
    });
    expect(noShow.statusCode, noShow.body).toBe(200);
    expect(noShow.json()).toMatchObject({
      status: 'no-show',
      noShowReason: 'Did not arrive; no answer by phone',
    });
    const complete = await t.app.inject({ method: 'POST', url: `${url}/complete`, headers: clerk.headers });
    expect(complete.statusCode).toBe(409);
    const history = await t.app.inject({
      method: 'GET',
      url: `/api/v1/patients/${patientId}/bookings`,
      headers: { cookie: clerk.cookie },
    });
    expect(history.json().items.map((b: { status: string }) => b.status)).toEqual(['no-show']);
  });
});
