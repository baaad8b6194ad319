import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../context.ts';
import type {
  BookingRoute,
  BookingStatus,
  BookingsTable,
  ChairKind,
  StaffHoursTable,
} from '../../db/schema.ts';

export type Weekday = StaffHoursTable['weekday'];

export type LocationRef = { id: string; name: string; timeZone: string };

export async function findLocation(
  db: Executor,
  orgId: string,
  id: string,
): Promise<LocationRef | undefined> {
  const row = await db
    .selectFrom('locations')
    .select(['id', 'name', 'time_zone'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { id: row.id, name: row.name, timeZone: row.time_zone } : undefined;
}

// ---- chairs

export type Chair = { id: string; locationId: string; name: string; kind: ChairKind; active: boolean };

const CHAIR_COLUMNS = ['id', 'location_id', 'name', 'kind', 'active'] as const;

function toChair(row: { id: string; location_id: string; name: string; kind: ChairKind; active: boolean }) {
  return { id: row.id, locationId: row.location_id, name: row.name, kind: row.kind, active: row.active };
}

export async function listChairs(db: Executor, orgId: string, locationId: string): Promise<Chair[]> {
  const rows = await db
    .selectFrom('chairs')
    .select(CHAIR_COLUMNS)
    .where('org_id', '=', orgId)
    .where('location_id', '=', locationId)
    .orderBy('active', 'desc')
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map(toChair);
}

export async function findChair(
  db: Executor,
  orgId: string,
  id: string,
): Promise<(Chair & { location: LocationRef }) | undefined> {
  const row = await db
    .selectFrom('chairs as c')
    .innerJoin('locations as l', 'l.id', 'c.location_id')
    .select([
      'c.id',
      'c.location_id',
      'c.name',
      'c.kind',
      'c.active',
      'l.name as location_name',
      'l.time_zone',
    ])
    .where('c.org_id', '=', orgId)
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    ...toChair(row),
    location: { id: row.location_id, name: row.location_name, timeZone: row.time_zone },
  };
}

export async function insertChair(
  db: Executor,
  orgId: string,
  input: { locationId: string; name: string; kind: ChairKind },
  now: Date,
): Promise<Chair> {
  const row = await db
    .insertInto('chairs')
    .values({
      org_id: orgId,
      location_id: input.locationId,
      name: input.name,
      kind: input.kind,
      created_at: now,
      updated_at: now,
    })
    .returning(CHAIR_COLUMNS)
    .executeTakeFirstOrThrow();
  return toChair(row);
}

export async function updateChairRow(
  db: Executor,
  orgId: string,
  id: string,
  input: { name: string; kind: ChairKind; active: boolean },
  now: Date,
): Promise<Chair | undefined> {
  const row = await db
    .updateTable('chairs')
    .set({ name: input.name, kind: input.kind, active: input.active, updated_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .returning(CHAIR_COLUMNS)
    .executeTakeFirst();
  return row ? toChair(row) : undefined;
}

export async function chairNameTaken(
  db: Executor,
  locationId: string,
  name: string,
  exceptId: string | null,
): Promise<boolean> {
  let query = db
    .selectFrom('chairs')
    .select('id')
    .where('location_id', '=', locationId)
    .where(sql<boolean>`lower(name) = lower(${name})`);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function countUpcomingBookings(db: Executor, chairId: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('bookings')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('chair_id', '=', chairId)
    .where('status', '=', 'booked')
    .where('ends_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- staff hours

export type StaffHours = {
  id: string;
  userId: string;
  userName: string;
  locationId: string;
  weekday: Weekday;
  start: string;
  end: string;
};

/** 'HH:MM:SS' from PostgreSQL as 'HH:MM' (staff hours are whole minutes). */
const hhmm = (time: string) => time.slice(0, 5);

export async function listStaffHours(
  db: Executor,
  orgId: string,
  locationId: string,
  weekday?: Weekday,
): Promise<StaffHours[]> {
  let query = db
    .selectFrom('staff_hours as h')
    .innerJoin('users as u', 'u.id', 'h.user_id')
    .select(['h.id', 'h.user_id', 'u.name', 'h.location_id', 'h.weekday', 'h.starts_local', 'h.ends_local'])
    .where('h.org_id', '=', orgId)
    .where('h.location_id', '=', locationId);
  if (weekday) query = query.where('h.weekday', '=', weekday);
  const rows = await query
    .orderBy(sql`array_position(array['mon','tue','wed','thu','fri','sat','sun'], h.weekday)`)
    .orderBy('h.starts_local')
    .orderBy('u.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    userName: r.name,
    locationId: r.location_id,
    weekday: r.weekday,
    start: hhmm(r.starts_local),
    end: hhmm(r.ends_local),
  }));
}

/** An active user of the organisation with a staff role (not only a patient account). */
export async function findStaffMember(
  db: Executor,
  orgId: string,
  userId: string,
): Promise<{ id: string; name: string } | undefined> {
  return db
    .selectFrom('users as u')
    .select(['u.id', 'u.name'])
    .where('u.org_id', '=', orgId)
    .where('u.id', '=', userId)
    .where('u.active', '=', true)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_roles as r')
          .select('r.role')
          .whereRef('r.user_id', '=', 'u.id')
          .where('r.role', '<>', 'patient'),
      ),
    )
    .executeTakeFirst();
}

export async function insertStaffHours(
  db: Executor,
  orgId: string,
  input: { userId: string; locationId: string; weekday: Weekday; start: string; end: string },
  createdBy: string | null,
  now: Date,
): Promise<string> {
  const row = await db
    .insertInto('staff_hours')
    .values({
      org_id: orgId,
      user_id: input.userId,
      location_id: input.locationId,
      weekday: input.weekday,
      starts_local: input.start,
      ends_local: input.end,
      created_by: createdBy,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteStaffHoursRow(
  db: Executor,
  orgId: string,
  id: string,
): Promise<{ userId: string; locationId: string } | undefined> {
  const row = await db
    .deleteFrom('staff_hours')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .returning(['user_id', 'location_id'])
    .executeTakeFirst();
  return row ? { userId: row.user_id, locationId: row.location_id } : undefined;
}

// ---- REMS enrolment

export type RemsEnrolment = {
  patientId: string;
  enrolledAt: string;
  enrolledBy: string;
  enrolledByName: string;
  reference: string | null;
  recordedAt: string;
};

/** A plan's session with the plan's patient and route, for checking the booking that carries it out. */
export async function findPlannedSession(
  db: Executor,
  orgId: string,
  id: string,
): Promise<
  | {
      id: string;
      patientId: string;
      route: BookingRoute;
      status: string;
      protocolId: string;
      protocolVersion: number;
    }
  | undefined
> {
  const row = await db
    .selectFrom('planned_sessions as s')
    .innerJoin('treatment_plans as p', (j) =>
      j.onRef('p.id', '=', 's.plan_id').onRef('p.org_id', '=', 's.org_id'),
    )
    .select(['s.id', 's.patient_id', 's.status', 'p.route', 'p.protocol_id', 'p.protocol_version'])
    .where('s.org_id', '=', orgId)
    .where('s.id', '=', id)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        patientId: row.patient_id,
        route: row.route,
        status: row.status,
        protocolId: row.protocol_id,
        protocolVersion: row.protocol_version,
      }
    : undefined;
}

export async function findRemsEnrolment(
  db: Executor,
  orgId: string,
  patientId: string,
): Promise<RemsEnrolment | undefined> {
  const row = await db
    .selectFrom('rems_enrolments as r')
    .innerJoin('users as u', 'u.id', 'r.enrolled_by')
    .select(['r.patient_id', 'r.enrolled_at', 'r.enrolled_by', 'u.name', 'r.reference', 'r.recorded_at'])
    .where('r.org_id', '=', orgId)
    .where('r.patient_id', '=', patientId)
    .executeTakeFirst();
  return row
    ? {
        patientId: row.patient_id,
        enrolledAt: row.enrolled_at.toISOString(),
        enrolledBy: row.enrolled_by,
        enrolledByName: row.name,
        reference: row.reference,
        recordedAt: row.recorded_at.toISOString(),
      }
    : undefined;
}

export async function insertRemsEnrolment(
  db: Executor,
  orgId: string,
  input: { patientId: string; enrolledAt: Date; enrolledBy: string; reference: string | null },
  now: Date,
): Promise<boolean> {
  const row = await db
    .insertInto('rems_enrolments')
    .values({
      org_id: orgId,
      patient_id: input.patientId,
      enrolled_at: input.enrolledAt,
      enrolled_by: input.enrolledBy,
      reference: input.reference,
      recorded_at: now,
    })
    .onConflict((oc) => oc.columns(['org_id', 'patient_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

// ---- patients, as booking needs them

export type BookingPatient = {
  id: string;
  status: string;
  driverName: string | null;
  driverPhone: string | null;
};

export async function findBookingPatient(
  db: Executor,
  orgId: string,
  id: string,
): Promise<BookingPatient | undefined> {
  const row = await db
    .selectFrom('patients')
    .select(['id', 'status', 'driver_name', 'driver_phone'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row
    ? { id: row.id, status: row.status, driverName: row.driver_name, driverPhone: row.driver_phone }
    : undefined;
}

// ---- time zones: PostgreSQL's time zone database is the one source for local times

export type LocalSlot = {
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  weekday: Weekday;
};

const WEEKDAY_OF_ISODOW: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export async function localSlot(db: Executor, timeZone: string, start: Date, end: Date): Promise<LocalSlot> {
  const { rows } = await sql<{
    start_date: string;
    start_time: string;
    end_date: string;
    end_time: string;
    isodow: number;
  }>`SELECT to_char(s, 'YYYY-MM-DD') AS start_date, to_char(s, 'HH24:MI:SS') AS start_time,
            to_char(e, 'YYYY-MM-DD') AS end_date, to_char(e, 'HH24:MI:SS') AS end_time,
            extract(isodow FROM s)::int AS isodow
       FROM (SELECT ${start}::timestamptz AT TIME ZONE ${timeZone} AS s,
                    ${end}::timestamptz AT TIME ZONE ${timeZone} AS e) t`.execute(db);
  const row = rows[0] as (typeof rows)[number];
  return {
    startDate: row.start_date,
    startTime: row.start_time,
    endDate: row.end_date,
    endTime: row.end_time,
    weekday: WEEKDAY_OF_ISODOW[row.isodow - 1] as Weekday,
  };
}

/** The patient's booked and completed sessions near a time, with their local dates. */
export async function patientSessionsNear(
  db: Executor,
  orgId: string,
  patientId: string,
  around: Date,
  days: number,
): Promise<{ id: string; localDate: string }[]> {
  const { rows } = await sql<{ id: string; local_date: string }>`
    SELECT b.id, to_char(b.starts_at AT TIME ZONE l.time_zone, 'YYYY-MM-DD') AS local_date
      FROM bookings b JOIN locations l ON l.id = b.location_id
     WHERE b.org_id = ${orgId} AND b.patient_id = ${patientId}
       AND b.status IN ('booked', 'completed')
       AND b.starts_at > ${around}::timestamptz - make_interval(days => ${days})
       AND b.starts_at < ${around}::timestamptz + make_interval(days => ${days})`.execute(db);
  return rows.map((r) => ({ id: r.id, localDate: r.local_date }));
}

/** Serialises booking use cases for one patient, so rules that read the patient's sessions hold. */
export async function lockPatientBookings(db: Executor, patientId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`bookings:${patientId}`}, 0))`.execute(db);
}

// ---- bookings

export type BookingView = {
  id: string;
  locationId: string;
  locationName: string;
  chairId: string;
  chairName: string;
  patientId: string;
  patientName: string;
  mrn: string;
  route: BookingRoute;
  protocolId: string;
  protocolVersion: number;
  phaseId: string;
  plannedSessionId: string | null;
  /** The treatment session opened at check-in, once the patient is checked in. */
  sessionId: string | null;
  startsAt: string;
  endsAt: string;
  durationMin: number;
  timeZone: string;
  /** Wall-clock times at the location: 'YYYY-MM-DDTHH:MM'. */
  localStart: string;
  localEnd: string;
  /** The location's offset from UTC at the start, e.g. '-04:00'. */
  utcOffset: string;
  status: BookingStatus;
  driverName: string;
  driverPhone: string;
  rideHomeSource: 'patient-record' | 'entered';
  createdAt: string;
  createdBy: string | null;
  cancelledAt: string | null;
  cancellationReason: string | null;
  noShowAt: string | null;
  noShowReason: string | null;
  completedAt: string | null;
  reminderSentAt: string | null;
};

type BookingRow = Omit<
  BookingsTable,
  | 'id'
  | 'status'
  | 'starts_at'
  | 'ends_at'
  | 'created_at'
  | 'cancelled_at'
  | 'no_show_at'
  | 'completed_at'
  | 'reminder_sent_at'
> & {
  id: string;
  status: BookingStatus;
  starts_at: Date;
  ends_at: Date;
  created_at: Date;
  cancelled_at: Date | null;
  no_show_at: Date | null;
  completed_at: Date | null;
  reminder_sent_at: Date | null;
  location_name: string;
  chair_name: string;
  patient_name: string;
  mrn: string;
  time_zone: string;
  local_start: string;
  local_end: string;
  offset_min: number;
  session_id: string | null;
};

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function toBooking(row: BookingRow): BookingView {
  return {
    id: row.id,
    locationId: row.location_id,
    locationName: row.location_name,
    chairId: row.chair_id,
    chairName: row.chair_name,
    patientId: row.patient_id,
    patientName: row.patient_name,
    mrn: row.mrn,
    route: row.route,
    protocolId: row.protocol_id,
    protocolVersion: row.protocol_version,
    phaseId: row.phase_id,
    plannedSessionId: row.planned_session_id,
    sessionId: row.session_id,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    durationMin: Math.round((row.ends_at.getTime() - row.starts_at.getTime()) / 60_000),
    timeZone: row.time_zone,
    localStart: row.local_start,
    localEnd: row.local_end,
    utcOffset: offsetText(row.offset_min),
    status: row.status,
    driverName: row.driver_name,
    driverPhone: row.driver_phone,
    rideHomeSource: row.ride_home_source,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    cancelledAt: row.cancelled_at?.toISOString() ?? null,
    cancellationReason: row.cancellation_reason,
    noShowAt: row.no_show_at?.toISOString() ?? null,
    noShowReason: row.no_show_reason,
    completedAt: row.completed_at?.toISOString() ?? null,
    reminderSentAt: row.reminder_sent_at?.toISOString() ?? null,
  };
}

const LOCAL = `'YYYY-MM-DD"T"HH24:MI'`;

/** Bookings with their chair, patient and local times; `where` filters the bookings `b`. */
async function selectBookings(db: Executor, where: RawBuilder<unknown>): Promise<BookingView[]> {
  const { rows } = await sql<BookingRow>`
    SELECT b.*, l.name AS location_name, l.time_zone, c.name AS chair_name, p.mrn,
           coalesce(p.preferred_name, p.legal_given_name) || ' ' || p.legal_family_name AS patient_name,
           to_char(b.starts_at AT TIME ZONE l.time_zone, ${sql.raw(LOCAL)}) AS local_start,
           to_char(b.ends_at AT TIME ZONE l.time_zone, ${sql.raw(LOCAL)}) AS local_end,
           (extract(epoch FROM (b.starts_at AT TIME ZONE l.time_zone) - (b.starts_at AT TIME ZONE 'UTC')) / 60)::int
             AS offset_min,
           ts.id AS session_id
      FROM bookings b
      JOIN locations l ON l.id = b.location_id
      JOIN chairs c ON c.id = b.chair_id
      JOIN patients p ON p.id = b.patient_id
      LEFT JOIN treatment_sessions ts ON ts.org_id = b.org_id AND ts.booking_id = b.id
     WHERE ${where}
     ORDER BY b.starts_at, c.name, b.id`.execute(db);
  return rows.map(toBooking);
}

export async function findBooking(db: Executor, orgId: string, id: string): Promise<BookingView | undefined> {
  return (await selectBookings(db, sql`b.org_id = ${orgId} AND b.id = ${id}`))[0];
}

export async function listPatientBookings(
  db: Executor,
  orgId: string,
  patientId: string,
  limit: number,
  offset: number,
): Promise<BookingView[]> {
  const { rows } = await sql<{ id: string }>`
    SELECT id FROM bookings WHERE org_id = ${orgId} AND patient_id = ${patientId}
     ORDER BY starts_at DESC, id LIMIT ${limit} OFFSET ${offset}`.execute(db);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const found = await selectBookings(db, sql`b.org_id = ${orgId} AND b.id = ANY(${ids}::uuid[])`);
  return found.reverse();
}

export async function listLocationBookings(
  db: Executor,
  orgId: string,
  locationId: string,
  from: Date,
  to: Date,
  includeCancelled: boolean,
): Promise<BookingView[]> {
  return selectBookings(
    db,
    sql`b.org_id = ${orgId} AND b.location_id = ${locationId}
        AND b.starts_at < ${to} AND b.ends_at > ${from}
        ${includeCancelled ? sql`` : sql`AND b.status <> 'cancelled'`}`,
  );
}

/** The booking holding a chair (or a patient) for part of the slot, for naming it in a 409. */
export async function findHolder(
  db: Executor,
  orgId: string,
  by: { chairId: string } | { patientId: string },
  start: Date,
  end: Date,
): Promise<BookingView | undefined> {
  const who = 'chairId' in by ? sql`b.chair_id = ${by.chairId}` : sql`b.patient_id = ${by.patientId}`;
  const found = await selectBookings(
    db,
    sql`b.org_id = ${orgId} AND ${who} AND b.status IN ('booked', 'completed')
        AND tstzrange(b.starts_at, b.ends_at) && tstzrange(${start}::timestamptz, ${end}::timestamptz)`,
  );
  return found[0];
}

export type NewBooking = {
  locationId: string;
  chairId: string;
  patientId: string;
  route: BookingRoute;
  protocolId: string;
  protocolVersion: number;
  phaseId: string;
  plannedSessionId: string | null;
  startsAt: Date;
  endsAt: Date;
  driverName: string;
  driverPhone: string;
  rideHomeSource: 'patient-record' | 'entered';
};

export async function insertBooking(
  db: Executor,
  orgId: string,
  input: NewBooking,
  createdBy: string | null,
  now: Date,
): Promise<string> {
  const row = await db
    .insertInto('bookings')
    .values({
      org_id: orgId,
      location_id: input.locationId,
      chair_id: input.chairId,
      patient_id: input.patientId,
      route: input.route,
      protocol_id: input.protocolId,
      protocol_version: input.protocolVersion,
      phase_id: input.phaseId,
      planned_session_id: input.plannedSessionId,
      starts_at: input.startsAt,
      ends_at: input.endsAt,
      driver_name: input.driverName,
      driver_phone: input.driverPhone,
      ride_home_source: input.rideHomeSource,
      created_by: createdBy,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type StatusChange =
  | { status: 'cancelled'; reason: string }
  | { status: 'no-show'; reason: string }
  | { status: 'completed' };

/** Moves a booked booking to its final status; undefined when it is not (or no longer) booked. */
export async function changeStatus(
  db: Executor,
  orgId: string,
  id: string,
  change: StatusChange,
  by: string | null,
  now: Date,
): Promise<{ patientId: string } | undefined> {
  const set =
    change.status === 'cancelled'
      ? { status: change.status, cancelled_at: now, cancelled_by: by, cancellation_reason: change.reason }
      : change.status === 'no-show'
        ? { status: change.status, no_show_at: now, no_show_by: by, no_show_reason: change.reason }
        : { status: change.status, completed_at: now, completed_by: by };
  const row = await db
    .updateTable('bookings')
    .set(set)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', 'booked')
    .returning('patient_id')
    .executeTakeFirst();
  return row ? { patientId: row.patient_id } : undefined;
}

// ---- calendars

export type CalendarDay = { date: string; weekday: Weekday; startsAt: string; endsAt: string; hours: number };

/** Each local calendar day's bounds as UTC instants: a day across a DST change has 23 or 25 hours. */
export async function calendarDays(
  db: Executor,
  timeZone: string,
  firstDate: string,
  days: number,
): Promise<CalendarDay[]> {
  const { rows } = await sql<{ date: string; isodow: number; starts_at: Date; ends_at: Date }>`
    SELECT to_char(d, 'YYYY-MM-DD') AS date, extract(isodow FROM d)::int AS isodow,
           d::timestamp AT TIME ZONE ${timeZone} AS starts_at,
           (d + 1)::timestamp AT TIME ZONE ${timeZone} AS ends_at
      FROM (SELECT ${firstDate}::date + i AS d FROM generate_series(0, ${days - 1}) i) t
     ORDER BY d`.execute(db);
  return rows.map((r) => ({
    date: r.date,
    weekday: WEEKDAY_OF_ISODOW[r.isodow - 1] as Weekday,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    hours: (r.ends_at.getTime() - r.starts_at.getTime()) / 3_600_000,
  }));
}

/** The Monday of the week that holds the date. */
export async function mondayOf(db: Executor, date: string): Promise<string> {
  const { rows } = await sql<{ monday: string }>`
    SELECT to_char(${date}::date - (extract(isodow FROM ${date}::date)::int - 1), 'YYYY-MM-DD') AS monday`.execute(
    db,
  );
  return (rows[0] as { monday: string }).monday;
}

// ---- reminders

export type DueReminder = {
  id: string;
  orgId: string;
  patientId: string;
  email: string;
  locationName: string;
  address: string;
  localWhen: string;
  driverName: string;
  route: BookingRoute;
};

export async function dueBookingReminders(db: Executor, now: Date, aheadMs: number): Promise<DueReminder[]> {
  const { rows } = await sql<{
    id: string;
    org_id: string;
    patient_id: string;
    email: string;
    location_name: string;
    address: string;
    local_when: string;
    driver_name: string;
    route: BookingRoute;
  }>`
    SELECT b.id, b.org_id, b.patient_id, p.email, l.name AS location_name, b.route,
           concat_ws(', ', l.address_line1, l.address_line2, l.city, l.state || ' ' || l.postal_code) AS address,
           to_char(b.starts_at AT TIME ZONE l.time_zone, 'FMDay, FMMonth FMDD, YYYY "at" FMHH12:MI AM') AS local_when,
           b.driver_name
      FROM bookings b
      JOIN patients p ON p.id = b.patient_id
      JOIN locations l ON l.id = b.location_id
     WHERE b.status = 'booked' AND b.reminder_sent_at IS NULL
       AND b.starts_at > ${now}::timestamptz
       AND b.starts_at <= ${new Date(now.getTime() + aheadMs)}::timestamptz
       AND p.email IS NOT NULL AND p.status NOT IN ('discharged', 'paused')
     ORDER BY b.starts_at
     LIMIT 100`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    patientId: r.patient_id,
    email: r.email,
    locationName: r.location_name,
    address: r.address,
    localWhen: r.local_when,
    driverName: r.driver_name,
    route: r.route,
  }));
}

/** Claims the reminder: true for exactly one caller, however many instances run the loop. */
export async function claimReminder(db: Executor, id: string, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('bookings')
    .set({ reminder_sent_at: now })
    .where('id', '=', id)
    .where('status', '=', 'booked')
    .where('reminder_sent_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
