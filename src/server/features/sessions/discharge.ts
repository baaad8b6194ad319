import { DEFAULT_DISCHARGE_INSTRUCTIONS } from '../../../domain/monitoring/index.ts';
import type { Ctx } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { AppError } from '../../http/problem.ts';
import type { SessionPolicies } from '../settings/service.ts';
import { dischargeCriteria } from './chart-state.ts';
import { type SessionRow, updateSession } from './store.ts';
import {
  invalid,
  phaseOf,
  refuseIfDischarged,
  requireUser,
  sessionOrThrow,
  viewAfterWrite,
  writeAndAnnounce,
} from './use-case-kit.ts';
import { type SessionView, sessionFacts } from './view.ts';

// ---- discharge

async function checkCriteriaIds(ctx: Ctx, row: SessionRow, confirmed: string[]): Promise<void> {
  const { phase } = await phaseOf(ctx.db, row);
  const known = new Set(
    dischargeCriteria(phase, row.policies as SessionPolicies, row.route).map((c) => c.id),
  );
  const unknown = confirmed.findIndex((id) => !known.has(id));
  if (unknown >= 0) {
    throw invalid(
      `body.confirmed.${unknown}`,
      `"${confirmed[unknown]}" is not one of this session's discharge criteria.`,
    );
  }
}

/** Saves which discharge criteria the nurse has confirmed so far (the board shows readiness). */
export async function saveDischargeChecklist(
  ctx: Ctx,
  sessionId: string,
  confirmed: string[],
): Promise<SessionView> {
  const before = await sessionOrThrow(ctx.db, ctx, sessionId);
  await checkCriteriaIds(ctx, before, confirmed);
  await writeAndAnnounce(ctx, async (trx, touched) => {
    const session = await sessionOrThrow(trx, ctx, sessionId, 'update');
    refuseIfDischarged(session);
    await updateSession(trx, ctx.orgId, sessionId, {
      discharge_confirmed: [...new Set(confirmed)],
      updated_at: ctx.now,
    });
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'treatment_session',
      entityId: sessionId,
      patientId: session.patient_id,
      details: { dischargeConfirmed: confirmed },
    });
    touched(session, 'discharge-checklist');
  });
  return viewAfterWrite(ctx, sessionId);
}

/**
 * Discharges the patient: refused (409, every gap listed) until the minimum monitoring time has
 * passed and every rule and criterion is met. The instructions given are recorded with it.
 */
export async function dischargePatient(
  ctx: Ctx,
  sessionId: string,
  input: { confirmed?: string[] | undefined; instructionsGiven: 'printed' | 'link' | 'printed-and-link' },
): Promise<SessionView> {
  const userId = requireUser(ctx);
  const before = await sessionOrThrow(ctx.db, ctx, sessionId);
  if (input.confirmed) await checkCriteriaIds(ctx, before, input.confirmed);
  const { phase } = await phaseOf(ctx.db, before);
  await writeAndAnnounce(ctx, async (trx, touched) => {
    let session = await sessionOrThrow(trx, ctx, sessionId, 'update');
    refuseIfDischarged(session);
    if (input.confirmed) session = { ...session, discharge_confirmed: [...new Set(input.confirmed)] };
    const facts = await sessionFacts(trx, session, phase, ctx.now);
    const readiness = facts.readiness;
    if (!readiness?.ready) {
      const gaps = readiness?.gaps ?? [{ id: 'not-dosed', text: 'No dose recorded yet' }];
      throw new AppError(
        'conflict',
        `The patient is not ready for discharge: ${gaps.map((g) => g.text).join('; ')}.`,
        gaps.map((g) => ({ field: `discharge.${g.id}`, message: g.text })),
      );
    }
    const instructions = {
      given: input.instructionsGiven,
      items: DEFAULT_DISCHARGE_INSTRUCTIONS[session.route],
    };
    await updateSession(trx, ctx.orgId, sessionId, {
      status: 'discharged',
      discharge_confirmed: session.discharge_confirmed,
      discharge_readiness: JSON.stringify(readiness),
      discharge_instructions: JSON.stringify(instructions),
      discharged_at: ctx.now,
      discharged_by: userId,
      updated_at: ctx.now,
    });
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'treatment_session',
      entityId: sessionId,
      patientId: session.patient_id,
      details: { discharged: true, instructionsGiven: input.instructionsGiven },
    });
    touched(session, 'discharged');
  });
  return viewAfterWrite(ctx, sessionId);
}
