import type { Ctx } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { AppError } from '../../http/problem.ts';
import { readGate } from './gate-state.ts';
import { insertGateDecision, userName } from './store.ts';
import {
  refuseIfDischarged,
  requireUser,
  sessionOrThrow,
  viewAfterWrite,
  writeAndAnnounce,
} from './use-case-kit.ts';
import type { SessionView } from './view.ts';

// ---- the pre-dose gate

export async function decideGate(
  ctx: Ctx,
  sessionId: string,
  input: { decision: 'proceed' | 'do-not-dose'; reason: string },
): Promise<SessionView> {
  const userId = requireUser(ctx);
  await writeAndAnnounce(ctx, async (trx, touched) => {
    const session = await sessionOrThrow(trx, ctx, sessionId, 'update');
    refuseIfDischarged(session);
    if (session.status !== 'checked-in') throw new AppError('conflict', 'The dose has already been given.');
    const gate = await readGate(trx, ctx.orgId, session);
    if (gate.entryId === null) {
      throw new AppError(
        'conflict',
        'Record the pre-dose blood pressure first; the decision is on a reading.',
      );
    }
    if (gate.status === 'clear') {
      throw new AppError(
        'conflict',
        'The pre-dose blood pressure does not block dosing; there is nothing to decide.',
      );
    }
    const deciderName = await userName(trx, userId);
    const id = await insertGateDecision(trx, {
      org_id: ctx.orgId,
      session_id: sessionId,
      entry_id: gate.entryId,
      blocked_reason: gate.reason,
      decision: input.decision,
      reason: input.reason,
      decided_by: userId,
      decider_name: deciderName,
      decided_at: ctx.now,
    });
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'session_gate_decision',
      entityId: id,
      patientId: session.patient_id,
      details: { sessionId, decision: input.decision, entryId: gate.entryId },
    });
    touched(session, 'gate-decision');
  });
  return viewAfterWrite(ctx, sessionId);
}
