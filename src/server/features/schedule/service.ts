import type { Protocol } from '../../../domain/protocols/index.ts';
import type { Ctx, Executor } from '../../context.ts';
import type { BookingRoute, ChairKind } from '../../db/schema.ts';
import { audit } from '../../http/audit.ts';
import { AppError, type FieldError } from '../../http/problem.ts';
import { findProtocol, latestProtocols } from '../protocols/service.ts';
import {
  checkSpacing,
  defaultProtocolIdFor,
  minimumSlotMinutes,
  RIDE_HOME_REQUIRED,
  spacingWindowDays,
  withinHours,
} from './rules.ts';
import {
  type BookingView,
  type CalendarDay,
  type Chair,
  calendarDays,
  chairNameTaken,
  changeStatus,
  countUpcomingBookings,
  deleteStaffHoursRow,
  findBooking,
  findBookingPatient,
  findChair,
  findHolder,
  findLocation,
  findPlannedSession,
  findRemsEnrolment,
  findStaffMember,
  insertBooking,
  insertChair,
  insertRemsEnrolment,
  insertStaffHours,
  type LocationRef,
  listChairs,
  listLocationBookings,
  listPatientBookings,
  listStaffHours,
  localSlot,
  lockPatientBookings,
  mondayOf,
  patientSessionsNear,
  type RemsEnrolment,
  type StaffHours,
  type StatusChange,
  updateChairRow,
  type Weekday,
} from './store.ts';

export type { BookingView, Chair, RemsEnrolment, StaffHours } from './store.ts';

const MAX_DAYS_AHEAD = 366;
const MAX_SLOT_MINUTES = 12 * 60;

type DatabaseError = Error & { code?: string; constraint?: string };

function isDatabaseError(error: unknown, code: string): error is DatabaseError {
  return error instanceof Error && (error as DatabaseError).code === code;
}

async function locationOrThrow(ctx: Ctx, id: string): Promise<LocationRef> {
  const location = await findLocation(ctx.db, ctx.orgId, id);
  if (!location) throw new AppError('not-found', 'No such location in this clinic.');
  return location;
}

async function patientOrThrow(ctx: Ctx, id: string) {
  const patient = await findBookingPatient(ctx.db, ctx.orgId, id);
  if (!patient) throw new AppError('not-found', 'No such patient in this clinic.');
  return patient;
}

function invalid(field: string, message: string): AppError {
  return new AppError('validation-failed', message, [{ field, message }]);
}

/** A refusal by a scheduling rule: the rule id leads the detail, and names the field it concerns. */
function refused(rule: string, field: string, message: string): AppError {
  return new AppError('conflict', `${message} (rule: ${rule})`, [{ field, message: `${rule}: ${message}` }]);
}

// ---- chairs

export async function listLocationChairs(ctx: Ctx, locationId: string): Promise<Chair[]> {
  await locationOrThrow(ctx, locationId);
  return listChairs(ctx.db, ctx.orgId, locationId);
}

export async function addChair(
  ctx: Ctx,
  locationId: string,
  input: { name: string; kind: ChairKind },
): Promise<Chair> {
  await locationOrThrow(ctx, locationId);
  if (await chairNameTaken(ctx.db, locationId, input.name, null)) {
    throw new AppError('conflict', `This location already has a chair or room named "${input.name}".`, [
      { field: 'body.name', message: 'Choose a name not in use at this location.' },
    ]);
  }
  return ctx.db.transaction().execute(async (trx) => {
    const chair = await insertChair(trx, ctx.orgId, { ...input, locationId }, ctx.now);
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'chair',
      entityId: chair.id,
      details: { locationId, kind: input.kind },
    });
    return chair;
  });
}

export async function updateChair(
  ctx: Ctx,
  id: string,
  input: { name: string; kind: ChairKind; active: boolean },
): Promise<Chair> {
  const before = await findChair(ctx.db, ctx.orgId, id);
  if (!before) throw new AppError('not-found', 'No such chair or room in this clinic.');
  if (await chairNameTaken(ctx.db, before.locationId, input.name, id)) {
    throw new AppError('conflict', `This location already has a chair or room named "${input.name}".`, [
      { field: 'body.name', message: 'Choose a name not in use at this location.' },
    ]);
  }
  if (before.active && !input.active) {
    const upcoming = await countUpcomingBookings(ctx.db, id, ctx.now);
    if (upcoming > 0) {
      throw new AppError(
        'conflict',
        `${before.name} has ${upcoming} upcoming booking${upcoming === 1 ? '' : 's'}; cancel or rebook them before taking it out of use.`,
        [{ field: 'body.active', message: 'The chair has upcoming bookings.' }],
      );
    }
  }
  return ctx.db.transaction().execute(async (trx) => {
    const chair = await updateChairRow(trx, ctx.orgId, id, input, ctx.now);
    if (!chair) throw new AppError('not-found', 'No such chair or room in this clinic.');
    const changed = (['name', 'kind', 'active'] as const).filter((f) => before[f] !== input[f]);
    await audit(trx, ctx, { action: 'update', entityType: 'chair', entityId: id, details: { changed } });
    return chair;
  });
}

// ---- staff hours

export async function listLocationStaffHours(ctx: Ctx, locationId: string): Promise<StaffHours[]> {
  await locationOrThrow(ctx, locationId);
  return listStaffHours(ctx.db, ctx.orgId, locationId);
}

export async function addStaffHours(
  ctx: Ctx,
  locationId: string,
  input: { userId: string; weekday: Weekday; start: string; end: string },
): Promise<StaffHours[]> {
  await locationOrThrow(ctx, locationId);
  if (!(await findStaffMember(ctx.db, ctx.orgId, input.userId))) {
    throw invalid('body.userId', 'Choose an active staff member of this clinic.');
  }
  if (input.end <= input.start)
    throw invalid('body.end', 'The end must be after the start, on the same day.');
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const id = await insertStaffHours(
        trx,
        ctx.orgId,
        { ...input, locationId },
        ctx.user?.id ?? null,
        ctx.now,
      );
      await audit(trx, ctx, {
        action: 'create',
        entityType: 'staff_hours',
        entityId: id,
        details: {
          locationId,
          userId: input.userId,
          weekday: input.weekday,
          start: input.start,
          end: input.end,
        },
      });
    });
  } catch (error) {
    if (isDatabaseError(error, '23P01')) {
      throw new AppError('conflict', 'These hours overlap hours this person already works that day.', [
        { field: 'body.start', message: 'Overlaps existing hours of the same person.' },
      ]);
    }
    throw error;
  }
  return listStaffHours(ctx.db, ctx.orgId, locationId);
}

export async function removeStaffHours(ctx: Ctx, id: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await deleteStaffHoursRow(trx, ctx.orgId, id);
    if (!row) throw new AppError('not-found', 'No such staff hours in this clinic.');
    await audit(trx, ctx, { action: 'delete', entityType: 'staff_hours', entityId: id, details: row });
  });
}

// ---- REMS enrolment

export async function readRemsEnrolment(ctx: Ctx, patientId: string): Promise<RemsEnrolment | null> {
  await patientOrThrow(ctx, patientId);
  const enrolment = await findRemsEnrolment(ctx.db, ctx.orgId, patientId);
  await audit(ctx.db, ctx, { action: 'read', entityType: 'rems_enrolment', entityId: patientId, patientId });
  return enrolment ?? null;
}

export async function recordRemsEnrolment(
  ctx: Ctx,
  patientId: string,
  input: { enrolledAt?: string | undefined; reference: string | null },
): Promise<RemsEnrolment> {
  await patientOrThrow(ctx, patientId);
  const enrolledAt = input.enrolledAt ? new Date(input.enrolledAt) : ctx.now;
  if (enrolledAt > ctx.now) throw invalid('body.enrolledAt', 'The enrolment date cannot be in the future.');
  const userId = ctx.user?.id;
  if (!userId) throw new AppError('unauthenticated', 'Sign in to continue.');
  await ctx.db.transaction().execute(async (trx) => {
    const created = await insertRemsEnrolment(
      trx,
      ctx.orgId,
      { patientId, enrolledAt, enrolledBy: userId, reference: input.reference },
      ctx.now,
    );
    if (!created) throw new AppError('conflict', 'The patient’s REMS enrolment is already recorded.');
    await audit(trx, ctx, { action: 'create', entityType: 'rems_enrolment', entityId: patientId, patientId });
  });
  return (await findRemsEnrolment(ctx.db, ctx.orgId, patientId)) as RemsEnrolment;
}

// ---- booking

export type BookInput = {
  chairId: string;
  patientId: string;
  route: BookingRoute;
  protocolId?: string | undefined;
  protocolVersion?: number | undefined;
  phaseId?: string | undefined;
  startsAt: string;
  durationMin?: number | undefined;
  driverName?: string | null | undefined;
  driverPhone?: string | null | undefined;
  plannedSessionId?: string | null | undefined;
};

/**
 * The protocol version a booking follows, as the protocols feature resolves it: a built-in id to
 * Ketaflow's definition or the clinic's stored edit of it, a clinic copy to its stored version; the
 * latest version unless one is named. Unknown ids, versions and other routes' protocols are field
 * problems.
 */
async function bookedProtocol(
  ctx: Ctx,
  input: Pick<BookInput, 'route' | 'protocolId' | 'protocolVersion'>,
  problems: FieldError[],
): Promise<Protocol | undefined> {
  const protocolId = input.protocolId ?? defaultProtocolIdFor(input.route);
  const found = protocolId
    ? await findProtocol(ctx.db, ctx.orgId, protocolId, input.protocolVersion)
    : undefined;
  if (!found) {
    const idKnown =
      protocolId !== undefined &&
      input.protocolVersion !== undefined &&
      (await findProtocol(ctx.db, ctx.orgId, protocolId)) !== undefined;
    problems.push(
      idKnown
        ? {
            field: 'body.protocolVersion',
            message: `The protocol "${protocolId}" has no version ${input.protocolVersion}.`,
          }
        : { field: 'body.protocolId', message: `No protocol "${protocolId}" in this clinic.` },
    );
    return undefined;
  }
  if (found.protocol.route !== input.route) {
    problems.push({
      field: 'body.protocolId',
      message: `"${found.protocol.name}" is a ${found.protocol.route} protocol, not ${input.route}.`,
    });
    return undefined;
  }
  return found.protocol;
}

/**
 * Books a session. In order: the chair and patient exist in this clinic (404); the input makes sense
 * (400: protocol and phase, a future start, a slot at least dose time plus minimum monitoring, a ride
 * home); then the rules (409): SPRAVATO REMS enrolment for esketamine, staffed hours at the chair's
 * location, the protocol's minimum interval and frequency; last, PostgreSQL's exclusion constraints
 * refuse a chair or a patient booked twice at once, whoever commits first winning.
 */
export async function bookSession(ctx: Ctx, input: BookInput): Promise<BookingView> {
  const chair = await findChair(ctx.db, ctx.orgId, input.chairId);
  if (!chair) throw new AppError('not-found', 'No such chair or room in this clinic.');
  const patient = await patientOrThrow(ctx, input.patientId);

  const problems: FieldError[] = [];
  if (!chair.active) problems.push({ field: 'body.chairId', message: `${chair.name} is not in use.` });
  const planned = input.plannedSessionId
    ? await findPlannedSession(ctx.db, ctx.orgId, input.plannedSessionId)
    : undefined;
  // A plan's session follows the plan's protocol version unless the booking names one.
  const fromPlan =
    planned && planned.patientId === patient.id && planned.route === input.route && !input.protocolId
      ? { protocolId: planned.protocolId, protocolVersion: planned.protocolVersion }
      : {};
  const protocol = await bookedProtocol(ctx, { ...input, ...fromPlan }, problems);
  const phase = protocol
    ? input.phaseId
      ? protocol.phases.find((p) => p.id === input.phaseId)
      : protocol.phases[0]
    : undefined;
  if (protocol && !phase) {
    problems.push({
      field: 'body.phaseId',
      message: `Choose one of the protocol's phases: ${protocol.phases.map((p) => p.id).join(', ')}.`,
    });
  }
  const startsAt = new Date(input.startsAt);
  if (startsAt <= ctx.now) problems.push({ field: 'body.startsAt', message: 'Book a time in the future.' });
  if (startsAt.getTime() > ctx.now.getTime() + MAX_DAYS_AHEAD * 86_400_000) {
    problems.push({ field: 'body.startsAt', message: `Book at most ${MAX_DAYS_AHEAD} days ahead.` });
  }
  const minimum = phase ? minimumSlotMinutes(phase) : 0;
  const durationMin = input.durationMin ?? minimum;
  if (durationMin < minimum) {
    problems.push({
      field: 'body.durationMin',
      message: `A ${input.route} session needs at least ${minimum} minutes: dose time plus the minimum monitoring of ${phase?.monitoring.value.minMinutes} minutes.`,
    });
  }
  if (durationMin > MAX_SLOT_MINUTES) {
    problems.push({ field: 'body.durationMin', message: `A slot is at most ${MAX_SLOT_MINUTES} minutes.` });
  }
  // The driver given with the booking, else the one on the patient's record.
  const entered = Boolean(input.driverName || input.driverPhone);
  const driverName = entered ? input.driverName : patient.driverName;
  const driverPhone = entered ? input.driverPhone : patient.driverPhone;
  if (RIDE_HOME_REQUIRED.value) {
    const policy = RIDE_HOME_REQUIRED.clinicPolicy[input.route] ? ' (clinic policy)' : '';
    if (!driverName) {
      problems.push({
        field: 'body.driverName',
        message: `Confirm who drives the patient home${policy}: enter the driver's name, or add one to the patient's record.`,
      });
    }
    if (!driverPhone) {
      problems.push({
        field: 'body.driverPhone',
        message: `Confirm who drives the patient home${policy}: enter the driver's phone, or add one to the patient's record.`,
      });
    }
  }
  // A plan's session is booked for its own patient and route, once it is still to be given.
  if (input.plannedSessionId) {
    if (!planned || planned.patientId !== patient.id) {
      problems.push({ field: 'body.plannedSessionId', message: 'No such planned session for this patient.' });
    } else if (planned.route !== input.route) {
      problems.push({ field: 'body.route', message: `The planned session is ${planned.route}.` });
    } else if (planned.status !== 'planned') {
      problems.push({
        field: 'body.plannedSessionId',
        message: `The planned session is ${planned.status}; only a planned one can be booked.`,
      });
    }
  }
  if (problems.length > 0 || !protocol || !phase || !driverName || !driverPhone) {
    throw new AppError(
      'validation-failed',
      `Check these fields: ${problems.map((p) => p.field).join(', ')}.`,
      problems,
    );
  }
  if (patient.status === 'discharged') {
    throw refused('patient-discharged', 'body.patientId', 'The patient is discharged; readmit them first.');
  }

  // SPRAVATO may be given only to a patient enrolled in the REMS: a hard stop, no override.
  if (input.route === 'esketamine' && !(await findRemsEnrolment(ctx.db, ctx.orgId, patient.id))) {
    throw refused(
      'spravato-rems',
      'body.route',
      'The patient is not enrolled in the SPRAVATO REMS; record the enrolment before booking esketamine.',
    );
  }

  const endsAt = new Date(startsAt.getTime() + durationMin * 60_000);
  const local = await localSlot(ctx.db, chair.location.timeZone, startsAt, endsAt);
  const hours = await listStaffHours(ctx.db, ctx.orgId, chair.location.id, local.weekday);
  if (
    local.endDate !== local.startDate ||
    !withinHours(
      hours.map((h) => ({ start: `${h.start}:00`, end: `${h.end}:00` })),
      local.startTime,
      local.endTime,
    )
  ) {
    const staffed = hours.length
      ? hours.map((h) => `${h.start}–${h.end}`).join(', ')
      : 'no staff hours that day';
    throw refused(
      'staff-hours',
      'body.startsAt',
      `${local.startDate} ${local.startTime.slice(0, 5)}–${local.endTime.slice(0, 5)} (${chair.location.timeZone}) is outside the staffed hours of ${chair.location.name}: ${staffed}.`,
    );
  }

  const rideHomeSource = entered ? 'entered' : 'patient-record';
  let id: string;
  try {
    id = await ctx.db.transaction().execute(async (trx) => {
      await lockPatientBookings(trx, patient.id);
      const others = await patientSessionsNear(
        trx,
        ctx.orgId,
        patient.id,
        startsAt,
        spacingWindowDays(phase),
      );
      const breach = checkSpacing(phase, local.startDate, others);
      if (breach) throw refused(breach.rule, 'body.startsAt', breach.message);
      const bookingId = await insertBooking(
        trx,
        ctx.orgId,
        {
          locationId: chair.location.id,
          chairId: chair.id,
          patientId: patient.id,
          route: input.route,
          protocolId: protocol.id,
          protocolVersion: protocol.version,
          phaseId: phase.id,
          plannedSessionId: input.plannedSessionId ?? null,
          startsAt,
          endsAt,
          driverName,
          driverPhone,
          rideHomeSource,
        },
        ctx.user?.id ?? null,
        ctx.now,
      );
      await audit(trx, ctx, {
        action: 'create',
        entityType: 'booking',
        entityId: bookingId,
        patientId: patient.id,
        details: {
          chairId: chair.id,
          route: input.route,
          startsAt: startsAt.toISOString(),
          endsAt: endsAt.toISOString(),
          rideHomeSource,
        },
      });
      return bookingId;
    });
  } catch (error) {
    if (isDatabaseError(error, '23P01'))
      throw await doubleBooking(ctx, error, chair, patient.id, startsAt, endsAt);
    if (isDatabaseError(error, '23505') && error.constraint === 'bookings_planned_session_once') {
      throw refused(
        'planned-session-booked',
        'body.plannedSessionId',
        'This planned session is already booked; cancel that booking to book it again.',
      );
    }
    throw error;
  }
  return (await findBooking(ctx.db, ctx.orgId, id)) as BookingView;
}

/** The 409 for a lost race on the chair or the patient, naming the slot that holds it. */
async function doubleBooking(
  ctx: Ctx,
  error: DatabaseError,
  chair: Chair & { location: LocationRef },
  patientId: string,
  startsAt: Date,
  endsAt: Date,
): Promise<AppError> {
  const byPatient = error.constraint === 'bookings_no_patient_overlap';
  const holder = await findHolder(
    ctx.db,
    ctx.orgId,
    byPatient ? { patientId } : { chairId: chair.id },
    startsAt,
    endsAt,
  );
  const slot = holder
    ? `${holder.localStart.replace('T', ' ')}–${holder.localEnd.slice(11)} (${holder.timeZone})`
    : 'that time';
  if (byPatient) {
    const where = holder ? ` in ${holder.chairName}` : '';
    return refused(
      'patient-double-booked',
      'body.startsAt',
      `The patient is already booked ${slot}${where}${holder ? ` (booking ${holder.id})` : ''}.`,
    );
  }
  return refused(
    'chair-double-booked',
    'body.chairId',
    `${chair.name} is already booked ${slot}${holder ? ` (booking ${holder.id})` : ''}.`,
  );
}

export async function readBooking(ctx: Ctx, id: string): Promise<BookingView> {
  const booking = await findBooking(ctx.db, ctx.orgId, id);
  if (!booking) throw new AppError('not-found', 'No such booking in this clinic.');
  await audit(ctx.db, ctx, {
    action: 'read',
    entityType: 'booking',
    entityId: id,
    patientId: booking.patientId,
  });
  return booking;
}

export async function readPatientBookings(
  ctx: Ctx,
  patientId: string,
  page: { limit: number; offset: number },
): Promise<{ items: BookingView[]; hasMore: boolean }> {
  await patientOrThrow(ctx, patientId);
  const rows = await listPatientBookings(ctx.db, ctx.orgId, patientId, page.limit + 1, page.offset);
  const items = rows.slice(0, page.limit);
  await auditListed(ctx, items, 'patient-bookings');
  return { items, hasMore: rows.length > page.limit };
}

async function auditListed(ctx: Ctx, bookings: BookingView[], via: string): Promise<void> {
  await audit(
    ctx.db,
    ctx,
    ...bookings.map((b) => ({
      action: 'read' as const,
      entityType: 'booking',
      entityId: b.id,
      patientId: b.patientId,
      details: { via },
    })),
  );
}

const NOT_BOOKED: Record<string, string> = {
  cancelled: 'It was cancelled.',
  'no-show': 'It is recorded as a no-show.',
  completed: 'It is completed.',
};

async function finish(ctx: Ctx, id: string, change: StatusChange): Promise<BookingView> {
  const booking = await findBooking(ctx.db, ctx.orgId, id);
  if (!booking) throw new AppError('not-found', 'No such booking in this clinic.');
  if (change.status !== 'cancelled' && new Date(booking.startsAt) > ctx.now) {
    throw new AppError(
      'conflict',
      `The session has not started yet (${booking.localStart.replace('T', ' ')}); cancel it instead.`,
    );
  }
  await ctx.db.transaction().execute(async (trx) => {
    const done = await changeStatus(trx, ctx.orgId, id, change, ctx.user?.id ?? null, ctx.now);
    if (!done) {
      const now = await findBooking(trx, ctx.orgId, id);
      throw new AppError(
        'conflict',
        `Only a booked session can change. ${NOT_BOOKED[now?.status ?? ''] ?? ''}`.trim(),
      );
    }
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'booking',
      entityId: id,
      patientId: done.patientId,
      details: { status: change.status, ...('reason' in change ? { reason: change.reason } : {}) },
    });
  });
  return (await findBooking(ctx.db, ctx.orgId, id)) as BookingView;
}

/** Cancels a booking (its slot is free again); the booking itself stays, with who, when and why. */
export function cancelBooking(ctx: Ctx, id: string, reason: string): Promise<BookingView> {
  return finish(ctx, id, { status: 'cancelled', reason });
}

export function recordNoShow(ctx: Ctx, id: string, reason: string): Promise<BookingView> {
  return finish(ctx, id, { status: 'no-show', reason });
}

export function completeBooking(ctx: Ctx, id: string): Promise<BookingView> {
  return finish(ctx, id, { status: 'completed' });
}

/**
 * Marks the booking of a treatment session completed when the patient is discharged, or the session
 * ends without a discharge (`via: 'session-end'`: the patient came, so the visit took place), in the
 * caller's transaction. A booking already completed stays as it is; one cancelled or recorded as a
 * no-show is left alone too (the session happened, the front desk corrects the booking), and the
 * answer says so.
 */
export async function completeBookingAtDischarge(
  trx: Executor,
  ctx: Ctx,
  bookingId: string,
  via: 'session-discharge' | 'session-end' = 'session-discharge',
): Promise<'completed' | 'already-completed' | 'not-booked'> {
  const done = await changeStatus(
    trx,
    ctx.orgId,
    bookingId,
    { status: 'completed' },
    ctx.user?.id ?? null,
    ctx.now,
  );
  if (done) {
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'booking',
      entityId: bookingId,
      patientId: done.patientId,
      details: { status: 'completed', via },
    });
    return 'completed';
  }
  const now = await findBooking(trx, ctx.orgId, bookingId);
  return now?.status === 'completed' ? 'already-completed' : 'not-booked';
}

// ---- calendars

export type ChairCalendar = Chair & { bookings: BookingView[] };

export type Calendar = {
  location: LocationRef;
  from: string;
  to: string;
  days: (CalendarDay & { staffHours: { userId: string; userName: string; start: string; end: string }[] })[];
  chairs: ChairCalendar[];
};

/**
 * A location's bookings from local midnight of the first day to local midnight after the last,
 * grouped by chair, with each day's bounds and staff hours. Every booking listed is audited as read.
 */
async function readCalendar(
  ctx: Ctx,
  locationId: string,
  firstDate: string,
  dayCount: number,
  includeCancelled: boolean,
): Promise<Calendar> {
  const location = await locationOrThrow(ctx, locationId);
  const days = await calendarDays(ctx.db, location.timeZone, firstDate, dayCount);
  const from = days[0]?.startsAt as string;
  const to = days.at(-1)?.endsAt as string;
  const [chairs, bookings, hours] = await Promise.all([
    listChairs(ctx.db, ctx.orgId, locationId),
    listLocationBookings(ctx.db, ctx.orgId, locationId, new Date(from), new Date(to), includeCancelled),
    listStaffHours(ctx.db, ctx.orgId, locationId),
  ]);
  const byChair = new Map<string, BookingView[]>();
  for (const booking of bookings)
    byChair.set(booking.chairId, [...(byChair.get(booking.chairId) ?? []), booking]);
  await auditListed(ctx, bookings, 'calendar');
  return {
    location,
    from,
    to,
    days: days.map((day) => ({
      ...day,
      staffHours: hours
        .filter((h) => h.weekday === day.weekday)
        .map((h) => ({ userId: h.userId, userName: h.userName, start: h.start, end: h.end })),
    })),
    chairs: chairs
      .filter((chair) => chair.active || byChair.has(chair.id))
      .map((chair) => ({ ...chair, bookings: byChair.get(chair.id) ?? [] })),
  };
}

export function readDayCalendar(
  ctx: Ctx,
  locationId: string,
  date: string,
  includeCancelled: boolean,
): Promise<Calendar> {
  return readCalendar(ctx, locationId, date, 1, includeCancelled);
}

/** The Monday-to-Sunday week that holds the date. */
export async function readWeekCalendar(
  ctx: Ctx,
  locationId: string,
  date: string,
  includeCancelled: boolean,
): Promise<Calendar> {
  return readCalendar(ctx, locationId, await mondayOf(ctx.db, date), 7, includeCancelled);
}

export type BookableProtocol = {
  id: string;
  version: number;
  name: string;
  route: BookingRoute;
  /** Each phase with the shortest slot a booking of it may take (minimumSlotMinutes). */
  phases: { id: string; name: string; minimumMinutes: number }[];
};

/** What the booking dialog offers: the clinic's protocols as a booking without a version follows them. */
export async function listBookableProtocols(ctx: Ctx): Promise<BookableProtocol[]> {
  return (await latestProtocols(ctx.db, ctx.orgId)).map((protocol) => ({
    id: protocol.id,
    version: protocol.version,
    name: protocol.name,
    route: protocol.route,
    phases: protocol.phases.map((phase) => ({
      id: phase.id,
      name: phase.name,
      minimumMinutes: minimumSlotMinutes(phase),
    })),
  }));
}
