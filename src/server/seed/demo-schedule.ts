import type { Ctx } from '../context.ts';
import { addChair, addStaffHours } from '../features/schedule/service.ts';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

/** Who staffs the demo clinic on weekdays, 08:00–18:00 local time, so it can be booked out of the box. */
const STAFFED_BY = ['nurse@demo.ketaflow.test', 'prescriber@demo.ketaflow.test'];

/**
 * Makes every location of the demo clinic bookable: two infusion chairs and a room for esketamine,
 * staffed Monday to Friday by the demo nurse and prescriber.
 */
export async function seedDemoSchedule(ctx: Ctx): Promise<void> {
  const locations = await ctx.db
    .selectFrom('locations')
    .select('id')
    .where('org_id', '=', ctx.orgId)
    .execute();
  const staff = await ctx.db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('org_id', '=', ctx.orgId)
    .where('email', 'in', STAFFED_BY)
    .execute();
  for (const location of locations) {
    await addChair(ctx, location.id, { name: 'Chair 1', kind: 'chair' });
    await addChair(ctx, location.id, { name: 'Chair 2', kind: 'chair' });
    await addChair(ctx, location.id, { name: 'Quiet room', kind: 'room' });
    for (const user of staff) {
      for (const weekday of WEEKDAYS) {
        await addStaffHours(ctx, location.id, { userId: user.id, weekday, start: '08:00', end: '18:00' });
      }
    }
  }
}
