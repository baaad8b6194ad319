// Typed calls for scheduling: chairs and rooms, staff hours, REMS enrolment, bookings and calendars
// (src/server/features/schedule/routes.ts). The server decides every rule; these only carry the data.
import { query, request } from '../api.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_LABELS: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

export type ChairKind = 'chair' | 'room';
export const CHAIR_KIND_LABELS: Record<ChairKind, string> = { chair: 'Chair', room: 'Room' };

export type BookingRoute = 'iv-ketamine' | 'esketamine';
export const ROUTE_LABELS: Record<BookingRoute, string> = {
  'iv-ketamine': 'IV ketamine',
  esketamine: 'Esketamine nasal spray',
};

export type BookingStatus = 'booked' | 'cancelled' | 'no-show' | 'completed';
export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = {
  booked: 'Booked',
  cancelled: 'Cancelled',
  'no-show': 'No-show',
  completed: 'Completed',
};

export type Chair = { id: string; locationId: string; name: string; kind: ChairKind; active: boolean };

export type StaffHours = {
  id: string;
  userId: string;
  userName: string;
  locationId: string;
  weekday: Weekday;
  start: string;
  end: string;
};

export type RemsEnrolment = {
  patientId: string;
  enrolledAt: string;
  enrolledBy: string;
  enrolledByName: string;
  reference: string | null;
  recordedAt: string;
};

export type Booking = {
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
  /** The treatment session opened at check-in (null until the patient is checked in). */
  sessionId: string | null;
  startsAt: string;
  endsAt: string;
  durationMin: number;
  timeZone: string;
  /** Wall-clock time at the location: `YYYY-MM-DDTHH:MM`. */
  localStart: string;
  localEnd: string;
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

export type CalendarDay = {
  date: string;
  weekday: Weekday;
  startsAt: string;
  endsAt: string;
  hours: number;
  staffHours: { userId: string; userName: string; start: string; end: string }[];
};

export type Calendar = {
  location: { id: string; name: string; timeZone: string };
  from: string;
  to: string;
  days: CalendarDay[];
  chairs: (Chair & { bookings: Booking[] })[];
};

export type BookingInput = {
  chairId: string;
  patientId: string;
  route: BookingRoute;
  protocolId?: string;
  protocolVersion?: number;
  phaseId?: string;
  startsAt: string;
  durationMin?: number;
  driverName: string | null;
  driverPhone: string | null;
  plannedSessionId?: string | null;
};

/** A planned session of a treatment plan, as the plans API lists it (only what booking needs). */
export type PlannedSession = {
  id: string | null;
  number: number;
  date: string;
  phaseId: string;
  dose: number;
  unit: string;
  status: string;
};

export type PlanForBooking = {
  id: string;
  protocol: { id: string; version: number; name: string; route: BookingRoute };
  phase: { id: string; name: string };
  sessions: PlannedSession[];
};

/** A protocol a booking can follow: the clinic's latest version, each phase with its shortest slot. */
export type BookableProtocol = {
  id: string;
  version: number;
  name: string;
  route: BookingRoute;
  phases: { id: string; name: string; minimumMinutes: number }[];
};

const enc = encodeURIComponent;

export const scheduleApi = {
  listChairs: (locationId: string) =>
    request<{ items: Chair[] }>('GET', `/locations/${enc(locationId)}/chairs`),
  addChair: (locationId: string, body: { name: string; kind: ChairKind }) =>
    request<Chair>('POST', `/locations/${enc(locationId)}/chairs`, { body }),
  updateChair: (id: string, body: { name: string; kind: ChairKind; active: boolean }) =>
    request<Chair>('PUT', `/chairs/${enc(id)}`, { body }),

  listStaffHours: (locationId: string) =>
    request<{ items: StaffHours[] }>('GET', `/locations/${enc(locationId)}/staff-hours`),
  addStaffHours: (
    locationId: string,
    body: { userId: string; weekday: Weekday; start: string; end: string },
  ) => request<{ items: StaffHours[] }>('POST', `/locations/${enc(locationId)}/staff-hours`, { body }),
  removeStaffHours: (id: string) => request<void>('DELETE', `/staff-hours/${enc(id)}`),

  getRemsEnrolment: (patientId: string) =>
    request<{ enrolment: RemsEnrolment | null }>('GET', `/patients/${enc(patientId)}/rems-enrolment`),
  recordRemsEnrolment: (patientId: string, body: { enrolledAt?: string; reference: string | null }) =>
    request<RemsEnrolment>('POST', `/patients/${enc(patientId)}/rems-enrolment`, { body }),

  bookableProtocols: () => request<{ items: BookableProtocol[] }>('GET', '/bookable-protocols'),
  book: (body: BookingInput) => request<Booking>('POST', '/bookings', { body }),
  getBooking: (id: string) => request<Booking>('GET', `/bookings/${enc(id)}`),
  cancel: (id: string, reason: string) =>
    request<Booking>('POST', `/bookings/${enc(id)}/cancel`, { body: { reason } }),
  noShow: (id: string, reason: string) =>
    request<Booking>('POST', `/bookings/${enc(id)}/no-show`, { body: { reason } }),
  complete: (id: string) => request<Booking>('POST', `/bookings/${enc(id)}/complete`),
  listPatientBookings: (patientId: string, page: { limit: number; offset: number }) =>
    request<{ items: Booking[]; hasMore: boolean }>(
      'GET',
      `/patients/${enc(patientId)}/bookings${query(page)}`,
    ),

  calendar: (locationId: string, view: 'day' | 'week', date: string, includeCancelled: boolean) =>
    request<Calendar>(
      'GET',
      `/locations/${enc(locationId)}/calendar/${view}${query({ date, includeCancelled: String(includeCancelled) })}`,
    ),

  listPlans: (patientId: string) =>
    request<{ items: { id: string; inForce: boolean }[] }>('GET', `/patients/${enc(patientId)}/plans`),
  getPlan: (planId: string) => request<PlanForBooking>('GET', `/plans/${enc(planId)}`),
};
