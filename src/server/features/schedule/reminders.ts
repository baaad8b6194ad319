import type { Ctx } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { audit } from '../../http/audit.ts';
import { enqueue } from '../outbox/store.ts';
import { claimReminder, dueBookingReminders } from './store.ts';

/** Clinic policy: one email the day before, to patients with an email address on their record. */
export const BOOKING_REMINDER = { hoursBefore: 24, clinicPolicy: true } as const;

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
            body: [
              `This is a reminder of your appointment at ${booking.locationName}, ${booking.address}, on ${booking.localWhen}.`,
              `Please arrange for ${booking.driverName} (or another adult) to take you home afterwards: you must not drive until the next day.`,
              'If you cannot come, please call the clinic to cancel.',
              'If you are in crisis, call or text 988.',
            ].join('\n'),
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
