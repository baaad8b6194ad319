import { randomUUID } from 'node:crypto';
import { checkPregnancyTest } from '../../../domain/monitoring/index.ts';
import type { Ctx } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { AppError, type FieldError } from '../../http/problem.ts';
import { readSessionPolicies } from '../settings/service.ts';
import { findBookingForSession, findSessionByBooking, insertEntry, insertSession } from './store.ts';
import { CLOCK_SKEW_MS, readSession, requireUser, viewAfterWrite, writeAndAnnounce } from './use-case-kit.ts';
import type { Checklist, SessionView } from './view.ts';

// ---- check-in

export type CheckInInput = {
  identityConfirmed: true;
  fasting?: { lastFoodAt: string; lastLiquidsAt: string } | null | undefined;
  rideHome: { confirmed: true; driverName: string };
  pregnancyTest?: 'negative' | 'positive' | 'not-applicable' | null | undefined;
  medicationsToday: string;
  mood: { kind: 'rating'; value: number } | { kind: 'phq9'; responseId: string };
};

// A pre-session PHQ-9 is one this patient completed shortly before the visit: within the day before
// check-in (clinic policy, the window the before-every-session questionnaire is sent in).
const PRE_SESSION_PHQ9_HOURS = 24;

/** Why a PHQ-9 named at check-in cannot stand for today's mood, or null when it can. */
async function preSessionPhq9Problem(
  ctx: Ctx,
  patientId: string,
  responseId: string,
): Promise<string | null> {
  const response = await ctx.db
    .selectFrom('measure_responses')
    .select(['patient_id', 'instrument', 'completed_at'])
    .where('org_id', '=', ctx.orgId)
    .where('id', '=', responseId)
    .executeTakeFirst();
  if (!response || response.patient_id !== patientId) return 'No such questionnaire answer for this patient.';
  if (response.instrument !== 'phq9') return 'Name a PHQ-9 answer, or record a mood rating.';
  const ageMs = ctx.now.getTime() - response.completed_at.getTime();
  if (ageMs < 0 || ageMs > PRE_SESSION_PHQ9_HOURS * 3_600_000) {
    return `That PHQ-9 was not completed in the ${PRE_SESSION_PHQ9_HOURS} hours before check-in; record today's mood instead.`;
  }
  return null;
}

/**
 * Opens the chart of today's booking. One session per booking: checking in again returns the
 * session already open, unchanged.
 */
export async function checkIn(
  ctx: Ctx,
  bookingId: string,
  input: CheckInInput,
): Promise<{ session: SessionView; created: boolean }> {
  const userId = requireUser(ctx);
  const booking = await findBookingForSession(ctx.db, ctx.orgId, bookingId, ctx.now);
  if (!booking) throw new AppError('not-found', 'No such booking in this clinic.');
  const existing = await findSessionByBooking(ctx.db, ctx.orgId, bookingId);
  if (existing) return { session: await readSession(ctx, existing.id), created: false };
  if (booking.status !== 'booked') {
    throw new AppError('conflict', `Only a booked session can be checked in; this one is ${booking.status}.`);
  }
  if (booking.localDate !== booking.todayLocal) {
    throw new AppError(
      'conflict',
      `The booking is for ${booking.localDate}; check in only on the day of treatment (today is ${booking.todayLocal} in ${booking.timeZone}).`,
    );
  }
  const policies = await readSessionPolicies(ctx.db, ctx.orgId);
  const problems: FieldError[] = [];
  if (booking.route === 'esketamine' && !input.fasting) {
    problems.push({
      field: 'body.fasting',
      message: 'Record when the patient last ate and drank (esketamine: fasting before the dose).',
    });
  }
  for (const key of ['lastFoodAt', 'lastLiquidsAt'] as const) {
    const at = input.fasting?.[key];
    if (at && new Date(at).getTime() > ctx.now.getTime() + CLOCK_SKEW_MS) {
      problems.push({ field: `body.fasting.${key}`, message: 'This time is in the future.' });
    }
  }
  const pregnancyApplies =
    policies.pregnancyTestRequired.value &&
    (booking.sexAtBirth === 'female' || booking.sexAtBirth === 'intersex');
  if (pregnancyApplies && (!input.pregnancyTest || input.pregnancyTest === 'not-applicable')) {
    problems.push({
      field: 'body.pregnancyTest',
      message: 'Record the pregnancy test result (clinic policy).',
    });
  }
  if (input.mood.kind === 'phq9') {
    const problem = await preSessionPhq9Problem(ctx, booking.patientId, input.mood.responseId);
    if (problem) problems.push({ field: 'body.mood.responseId', message: problem });
  }
  if (problems.length > 0) {
    throw new AppError(
      'validation-failed',
      `Check these fields: ${problems.map((p) => p.field).join(', ')}.`,
      problems,
    );
  }
  const checklist: Checklist = {
    identityConfirmed: true,
    fasting: input.fasting
      ? {
          lastFoodAt: new Date(input.fasting.lastFoodAt).toISOString(),
          lastLiquidsAt: new Date(input.fasting.lastLiquidsAt).toISOString(),
        }
      : null,
    rideHome: { confirmed: true, driverName: input.rideHome.driverName },
    pregnancyTest: input.pregnancyTest ?? (pregnancyApplies ? null : 'not-applicable'),
    medicationsToday: input.medicationsToday,
    mood: input.mood,
  };
  const created = await writeAndAnnounce(ctx, async (trx, touched) => {
    const row = await insertSession(trx, {
      org_id: ctx.orgId,
      booking_id: booking.id,
      patient_id: booking.patientId,
      location_id: booking.locationId,
      chair_id: booking.chairId,
      route: booking.route,
      protocol_id: booking.protocolId,
      protocol_version: booking.protocolVersion,
      phase_id: booking.phaseId,
      planned_session_id: booking.plannedSessionId,
      status: 'checked-in',
      policies: JSON.stringify(policies),
      identity_confirmed: true,
      checklist: JSON.stringify(checklist),
      checked_in_at: ctx.now,
      checked_in_by: userId,
      updated_at: ctx.now,
    });
    // Someone else checked the same booking in at the same moment: theirs stands.
    if (!row) return undefined;
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'treatment_session',
      entityId: row.id,
      patientId: row.patient_id,
      details: { bookingId: booking.id, route: booking.route },
    });
    // A positive test holds the dose like a high blood pressure: it is kept as a pre-dose observation,
    // so the prescriber's decision rests on it (the gate in chart-state.ts).
    if (checkPregnancyTest(checklist.pregnancyTest).blocked) {
      const entryId = randomUUID();
      await insertEntry(trx, {
        id: entryId,
        org_id: ctx.orgId,
        session_id: row.id,
        kind: 'check',
        pre_dose: true,
        data: JSON.stringify({ pregnancyTest: 'positive', note: 'Pregnancy test at check-in' }),
        client_at: ctx.now,
        received_at: ctx.now,
        late: false,
        recorded_by: userId,
      });
      await audit(trx, ctx, {
        action: 'create',
        entityType: 'session_entry',
        entityId: entryId,
        patientId: row.patient_id,
        details: { sessionId: row.id, kind: 'check', pregnancyTest: 'positive' },
      });
    }
    touched(row, 'checked-in');
    return row;
  });
  const id = created?.id ?? (await findSessionByBooking(ctx.db, ctx.orgId, bookingId))?.id;
  if (!id) throw new Error('session vanished after check-in');
  return { session: await viewAfterWrite(ctx, id), created: created !== undefined };
}
