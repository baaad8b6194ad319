import { z } from 'zod';
import {
  IdParams,
  IsoDate,
  optionalPhone,
  optionalText,
  problems,
  requiredText,
  Uuid,
} from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import {
  addChair,
  addStaffHours,
  bookSession,
  cancelBooking,
  completeBooking,
  listBookableProtocols,
  listLocationChairs,
  listLocationStaffHours,
  readBooking,
  readDayCalendar,
  readPatientBookings,
  readRemsEnrolment,
  readWeekCalendar,
  recordNoShow,
  recordRemsEnrolment,
  removeStaffHours,
  updateChair,
} from './service.ts';

const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const ChairKind = z.enum(['chair', 'room']);
const Route = z.enum(['iv-ketamine', 'esketamine']);
const BookingStatus = z.enum(['booked', 'cancelled', 'no-show', 'completed']);
const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a 24-hour time like 08:30.');
const Instant = z.iso.datetime({
  offset: true,
  error: 'Use a date and time with its UTC offset, like 2026-03-09T09:00:00-04:00.',
});
const ChairName = requiredText(100, 'Name the chair or room.');
const Reason = z.strictObject({ reason: requiredText(500, 'Give the reason.') });

const ChairSchema = z.object({
  id: z.uuid(),
  locationId: z.uuid(),
  name: z.string(),
  kind: ChairKind,
  active: z.boolean(),
});

const StaffHoursSchema = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  userName: z.string(),
  locationId: z.uuid(),
  weekday: Weekday,
  start: z.string(),
  end: z.string(),
});

const RemsSchema = z.object({
  patientId: z.uuid(),
  enrolledAt: z.string(),
  enrolledBy: z.uuid(),
  enrolledByName: z.string(),
  reference: z.string().nullable(),
  recordedAt: z.string(),
});

const BookingSchema = z.object({
  id: z.uuid(),
  locationId: z.uuid(),
  locationName: z.string(),
  chairId: z.uuid(),
  chairName: z.string(),
  patientId: z.uuid(),
  patientName: z.string(),
  mrn: z.string(),
  route: Route,
  protocolId: z.string(),
  protocolVersion: z.number(),
  phaseId: z.string(),
  plannedSessionId: z.string().nullable(),
  sessionId: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  durationMin: z.number(),
  timeZone: z.string(),
  localStart: z.string(),
  localEnd: z.string(),
  utcOffset: z.string(),
  status: BookingStatus,
  driverName: z.string(),
  driverPhone: z.string(),
  rideHomeSource: z.enum(['patient-record', 'entered']),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancellationReason: z.string().nullable(),
  noShowAt: z.string().nullable(),
  noShowReason: z.string().nullable(),
  completedAt: z.string().nullable(),
  reminderSentAt: z.string().nullable(),
});

const CalendarSchema = z.object({
  location: z.object({ id: z.uuid(), name: z.string(), timeZone: z.string() }),
  from: z.string(),
  to: z.string(),
  days: z.array(
    z.object({
      date: z.string(),
      weekday: Weekday,
      startsAt: z.string(),
      endsAt: z.string(),
      hours: z.number(),
      staffHours: z.array(
        z.object({ userId: z.uuid(), userName: z.string(), start: z.string(), end: z.string() }),
      ),
    }),
  ),
  chairs: z.array(ChairSchema.extend({ bookings: z.array(BookingSchema) })),
});

const CalendarQuery = z.strictObject({
  date: IsoDate,
  includeCancelled: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

const BookBody = z.strictObject({
  chairId: Uuid,
  patientId: Uuid,
  route: Route,
  protocolId: z.string().trim().min(1).max(100).optional(),
  protocolVersion: z.number().int().min(1).optional(),
  phaseId: z.string().trim().min(1).max(100).optional(),
  startsAt: Instant,
  durationMin: z.number().int().min(1).max(720).optional(),
  driverName: optionalText(200),
  driverPhone: optionalPhone,
  plannedSessionId: Uuid.nullish(),
});

export function scheduleRoutes(app: App): void {
  app.get(
    '/api/v1/locations/:id/chairs',
    {
      config: { access: { permission: 'locations:read' } },
      schema: {
        tags: ['schedule'],
        summary: 'Chairs and rooms of a location',
        params: IdParams,
        response: { 200: z.object({ items: z.array(ChairSchema) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: await listLocationChairs(request.ctx, request.params.id) }),
  );

  app.post(
    '/api/v1/locations/:id/chairs',
    {
      config: { access: { permission: 'schedule:manage' } },
      schema: {
        tags: ['schedule'],
        summary: 'Add a chair or room to a location',
        params: IdParams,
        body: z.strictObject({ name: ChairName, kind: ChairKind.default('chair') }),
        response: { 201: ChairSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addChair(request.ctx, request.params.id, request.body)),
  );

  app.put(
    '/api/v1/chairs/:id',
    {
      config: { access: { permission: 'schedule:manage' } },
      schema: {
        tags: ['schedule'],
        summary: 'Rename a chair or room, or take it out of use (refused while it has upcoming bookings)',
        params: IdParams,
        body: z.strictObject({ name: ChairName, kind: ChairKind, active: z.boolean() }),
        response: { 200: ChairSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => updateChair(request.ctx, request.params.id, request.body),
  );

  app.get(
    '/api/v1/locations/:id/staff-hours',
    {
      config: { access: { permission: 'locations:read' } },
      schema: {
        tags: ['schedule'],
        summary: 'Weekly staff hours at a location, in its local time',
        params: IdParams,
        response: { 200: z.object({ items: z.array(StaffHoursSchema) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: await listLocationStaffHours(request.ctx, request.params.id) }),
  );

  app.post(
    '/api/v1/locations/:id/staff-hours',
    {
      config: { access: { permission: 'schedule:manage' } },
      schema: {
        tags: ['schedule'],
        summary: 'Add weekly hours for a staff member at a location (local time; 409 when they overlap)',
        params: IdParams,
        body: z.strictObject({ userId: Uuid, weekday: Weekday, start: LocalTime, end: LocalTime }),
        response: {
          201: z.object({ items: z.array(StaffHoursSchema) }),
          ...problems(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send({ items: await addStaffHours(request.ctx, request.params.id, request.body) }),
  );

  app.delete(
    '/api/v1/staff-hours/:id',
    {
      config: { access: { permission: 'schedule:manage' } },
      schema: {
        tags: ['schedule'],
        summary: 'Remove weekly staff hours',
        params: IdParams,
        response: { 204: z.null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await removeStaffHours(request.ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/patients/:id/rems-enrolment',
    {
      config: { access: { permission: 'patients:read' } },
      schema: {
        tags: ['schedule'],
        summary: 'The patient’s SPRAVATO REMS enrolment (null when none is recorded)',
        params: IdParams,
        response: { 200: z.object({ enrolment: RemsSchema.nullable() }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => ({ enrolment: await readRemsEnrolment(request.ctx, request.params.id) }),
  );

  app.post(
    '/api/v1/patients/:id/rems-enrolment',
    {
      config: { access: { permission: 'rems:record' } },
      schema: {
        tags: ['schedule'],
        summary: 'Record the patient’s SPRAVATO REMS enrolment (required before esketamine is booked)',
        params: IdParams,
        body: z.strictObject({ enrolledAt: Instant.optional(), reference: optionalText(100) }),
        response: { 201: RemsSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await recordRemsEnrolment(request.ctx, request.params.id, request.body)),
  );

  app.post(
    '/api/v1/bookings',
    {
      config: { access: { permission: 'schedule:book' } },
      schema: {
        tags: ['schedule'],
        summary:
          'Book a session in a chair or room. 409 names the rule or the slot that refuses it: spravato-rems, staff-hours, min-days-between-sessions, sessions-per-week, every-weeks, chair-double-booked, patient-double-booked',
        body: BookBody,
        response: { 201: BookingSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await bookSession(request.ctx, request.body)),
  );

  app.get(
    '/api/v1/bookings/:id',
    {
      config: { access: { permission: 'schedule:read' } },
      schema: {
        tags: ['schedule'],
        summary: 'A booking',
        params: IdParams,
        response: { 200: BookingSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => readBooking(request.ctx, request.params.id),
  );

  app.post(
    '/api/v1/bookings/:id/cancel',
    {
      config: { access: { permission: 'schedule:book' } },
      schema: {
        tags: ['schedule'],
        summary: 'Cancel a booking with the reason; the slot is free again and the booking is kept',
        params: IdParams,
        body: Reason,
        response: { 200: BookingSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => cancelBooking(request.ctx, request.params.id, request.body.reason),
  );

  app.post(
    '/api/v1/bookings/:id/no-show',
    {
      config: { access: { permission: 'schedule:book' } },
      schema: {
        tags: ['schedule'],
        summary: 'Record that the patient did not come (once the session’s start has passed)',
        params: IdParams,
        body: Reason,
        response: { 200: BookingSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => recordNoShow(request.ctx, request.params.id, request.body.reason),
  );

  app.post(
    '/api/v1/bookings/:id/complete',
    {
      config: { access: { permission: 'schedule:book' } },
      schema: {
        tags: ['schedule'],
        summary: 'Mark a session as completed (once its start has passed)',
        params: IdParams,
        response: { 200: BookingSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => completeBooking(request.ctx, request.params.id),
  );

  app.get(
    '/api/v1/bookable-protocols',
    {
      config: { access: { permission: 'schedule:read' } },
      schema: {
        tags: ['schedule'],
        summary:
          'The clinic’s protocols a booking can follow (the latest version of each), with each phase’s shortest slot',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                version: z.number(),
                name: z.string(),
                route: Route,
                phases: z.array(z.object({ id: z.string(), name: z.string(), minimumMinutes: z.number() })),
              }),
            ),
          }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => ({ items: await listBookableProtocols(request.ctx) }),
  );

  app.get(
    '/api/v1/patients/:id/bookings',
    {
      config: { access: { permission: 'schedule:read' } },
      schema: {
        tags: ['schedule'],
        summary: 'The patient’s bookings, newest first',
        params: IdParams,
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(100).default(25),
          offset: z.coerce.number().int().min(0).max(100_000).default(0),
        }),
        response: {
          200: z.object({ items: z.array(BookingSchema), hasMore: z.boolean() }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => readPatientBookings(request.ctx, request.params.id, request.query),
  );

  app.get(
    '/api/v1/locations/:id/calendar/day',
    {
      config: { access: { permission: 'schedule:read' } },
      schema: {
        tags: ['schedule'],
        summary: 'One local day of a location’s bookings by chair, with UTC instants and local times',
        params: IdParams,
        querystring: CalendarQuery,
        response: { 200: CalendarSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) =>
      readDayCalendar(request.ctx, request.params.id, request.query.date, request.query.includeCancelled),
  );

  app.get(
    '/api/v1/locations/:id/calendar/week',
    {
      config: { access: { permission: 'schedule:read' } },
      schema: {
        tags: ['schedule'],
        summary: 'The Monday-to-Sunday week holding the date, by chair, in the location’s time zone',
        params: IdParams,
        querystring: CalendarQuery,
        response: { 200: CalendarSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) =>
      readWeekCalendar(request.ctx, request.params.id, request.query.date, request.query.includeCancelled),
  );
}
