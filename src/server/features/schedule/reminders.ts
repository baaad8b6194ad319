import type { Ctx } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { audit } from '../../http/audit.ts';
import { enqueue } from '../outbox/store.ts';
import { readSessionPolicies, type SessionPolicies } from '../settings/session-policies.ts';
import { claimReminder, type DueReminder, dueBookingReminders } from './store.ts';

/** Clinic policy: one email the day before, to patients with an email address on their record. */
export const BOOKING_REMINDER = { hoursBefore: 24, clinicPolicy: true } as const;

/**
 * What the patient needs to know the day before, in words that name no drug: the ride home with the
 * route's no-driving rule (the esketamine label, `spravato-pi`; for IV the clinic's rest-of-day policy,
 * as the discharge instructions say) and, before esketamine, the clinic's fasting times.
 */
export function reminderBody(booking: DueReminder, fasting: SessionPolicies['fasting']['value']): string {
  const noDriving =
    booking.route === 'esketamine'
      ? 'you must not drive until the next day, after a restful sleep'
      : 'you must not drive for the rest of the day';
  return [
    `This is a reminder of your appointment at ${booking.locationName}, ${booking.address}, on ${booking.localWhen}.`,
    `Please arrange for ${booking.driverName} (or another adult) to take you home afterwards: ${noDriving}.`,
    ...(booking.route === 'esketamine'
      ? [
          `Please do not eat for ${fasting.foodHours} hours or drink anything for ${fasting.liquidsMinutes} minutes before your appointment.`,
        ]
      : []),
    'If you cannot come, please call the clinic to cancel.',
    'If you are in crisis, call or text 988.',
  ].join('\n');
}

/**
 * Queues a reminder email for every booked session starting within the next 24 hours that has not
 * had one. Each is claimed and queued in one transaction, so a reminder goes once even with several
 * instances running the loop. The text names no treatment: an inbox is not always private.
 */
export async function sendBookingReminders(db: Db, now: Date): Promise<number> {
  const due = await dueBookingReminders(db, now, BOOKING_REMINDER.hoursBefore * 3_600_000);
  let queued = 0;
  for (const booking of due) {
    const ctx: Ctx = { db, orgId: booking.orgId, user: null, now, requestId: 'booking-reminders', ip: null };
    const sent = await db.transaction().execute(async (trx) => {
      if (!(await claimReminder(trx, booking.id, now))) return false;
      await enqueue(
        trx,
        [
          {
            orgId: booking.orgId,
            kind: 'booking-reminder',
            channel: 'email',
            recipient: booking.email,
            subject: 'Reminder: your appointment tomorrow',
            body: reminderBody(booking, (await readSessionPolicies(trx, booking.orgId)).fasting.value),
            relatedId: booking.id,
          },
        ],
        now,
      );
      await audit(trx, ctx, {
        action: 'create',
        entityType: 'booking_reminder',
        entityId: booking.id,
        patientId: booking.patientId,
      });
      return true;
    });
    if (sent) queued += 1;
  }
  return queued;
}
