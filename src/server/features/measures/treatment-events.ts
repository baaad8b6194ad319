import type { Ctx } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { AppError } from '../../http/problem.ts';

/** A treatment date for the trajectory's time axis, until session charting records sessions itself. */
export async function recordTreatmentEvent(
  ctx: Ctx,
  patientId: string,
  input: { occurredOn: string; description: string },
): Promise<string> {
  const patient = await ctx.db
    .selectFrom('patients')
    .select('id')
    .where('org_id', '=', ctx.orgId)
    .where('id', '=', patientId)
    .executeTakeFirst();
  if (!patient) throw new AppError('not-found', 'No such patient in this clinic.');
  return ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('treatment_events')
      .values({
        org_id: ctx.orgId,
        patient_id: patientId,
        occurred_on: input.occurredOn,
        description: input.description,
        recorded_by: ctx.user?.id ?? null,
        recorded_at: ctx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'create', entityType: 'treatment_event', entityId: id, patientId });
    return id;
  });
}
