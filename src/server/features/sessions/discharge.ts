import {
  afterSessionDueAt,
  DEFAULT_DISCHARGE_INSTRUCTIONS,
  dischargeScoreOf,
  scoreDischarge,
} from '../../../domain/monitoring/index.ts';
import type { Ctx, Executor } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { AppError } from '../../http/problem.ts';
import { scheduleOnceMeasures } from '../measures/schedule.ts';
import { completeBookingAtDischarge } from '../schedule/service.ts';
import { sessionPoliciesOf } from '../settings/session-policies.ts';
import { readSettings } from '../settings/store.ts';
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
    dischargeCriteria(phase, sessionPoliciesOf(row.policies), row.route).map((c) => c.id),
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
 * Records the modified Aldrete or PADSS item scores, where the clinic discharges by a score (session
 * policy `dischargeMethod`, copied at check-in). The readiness then needs the score's pass mark.
 */
export async function saveDischargeScore(
  ctx: Ctx,
  sessionId: string,
  itemScores: number[],
): Promise<SessionView> {
  const userId = requireUser(ctx);
  await writeAndAnnounce(ctx, async (trx, touched) => {
    const session = await sessionOrThrow(trx, ctx, sessionId, 'update');
    refuseIfDischarged(session);
    const method = sessionPoliciesOf(session.policies).dischargeMethod.value;
    const definition = dischargeScoreOf(method);
    if (!definition) {
      throw new AppError(
        'conflict',
        'This clinic discharges by its checklist, not by a score (session policy dischargeMethod).',
      );
    }
    if (itemScores.length !== definition.items.length) {
      throw invalid(
        'body.itemScores',
        `${definition.name} has ${definition.items.length} items: give a score for each.`,
      );
    }
    const { total, passed } = scoreDischarge(definition, itemScores);
    const recorded = { method, itemScores, total, passed, at: ctx.now.toISOString(), byUserId: userId };
    await updateSession(trx, ctx.orgId, sessionId, {
      discharge_score: JSON.stringify(recorded),
      updated_at: ctx.now,
    });
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'treatment_session',
      entityId: sessionId,
      patientId: session.patient_id,
      details: { dischargeScore: { method, total, passed } },
    });
    touched(session, 'discharge-score');
  });
  return viewAfterWrite(ctx, sessionId);
}

export type AfterSessionMeasures =
  | { status: 'scheduled'; instruments: string[]; dueAt: string; sendTo: 'email'; scheduleIds: string[] }
  | {
      status: 'not-sent';
      instruments: string[];
      dueAt: string;
      sendTo: null;
      scheduleIds: string[];
      reason: string;
    }
  | { status: 'none'; reason: string }
  | { status: 'not-scheduled'; instruments: string[]; reason: string };

/**
 * The questionnaires the clinic sends after a session, scheduled in the discharge's transaction. A
 * patient without an email address, or an instrument the clinic has since disabled, never stops the
 * discharge: the chart says what happened instead.
 */
async function scheduleAfterSession(
  trx: Executor,
  ctx: Ctx,
  session: SessionRow,
): Promise<AfterSessionMeasures> {
  const policy = sessionPoliciesOf(session.policies).afterSessionMeasures.value;
  if (policy.instruments.length === 0) {
    return { status: 'none', reason: 'The clinic sends no questionnaire after a session.' };
  }
  const dueAt = afterSessionDueAt(ctx.now, policy.hoursAfter);
  try {
    const { scheduleIds, sendTo } = await scheduleOnceMeasures(trx, ctx, {
      patientId: session.patient_id,
      instruments: policy.instruments,
      dueAt,
      reason: `after-session:${session.id}`,
    });
    const base = { instruments: [...policy.instruments], dueAt: dueAt.toISOString(), scheduleIds };
    if (sendTo) return { status: 'scheduled', ...base, sendTo };
    return {
      ...base,
      status: 'not-sent',
      sendTo: null,
      reason:
        'The patient has no email address on file, so the link cannot be sent; it shows as due on the patient’s page for staff to give.',
    };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'validation-failed') throw error;
    return { status: 'not-scheduled', instruments: [...policy.instruments], reason: error.detail };
  }
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
      // Whom to call, printed and on the link page: the clinic, and 988 in a crisis.
      clinicPhone: (await readSettings(trx, ctx.orgId)).clinicPhone,
      crisisLine: '988',
    };
    const booking = await completeBookingAtDischarge(trx, ctx, session.booking_id);
    const afterSession = await scheduleAfterSession(trx, ctx, session);
    await updateSession(trx, ctx.orgId, sessionId, {
      status: 'discharged',
      discharge_confirmed: session.discharge_confirmed,
      discharge_readiness: JSON.stringify(readiness),
      discharge_instructions: JSON.stringify(instructions),
      after_session_measures: JSON.stringify(afterSession),
      discharged_at: ctx.now,
      discharged_by: userId,
      updated_at: ctx.now,
    });
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'treatment_session',
      entityId: sessionId,
      patientId: session.patient_id,
      details: {
        discharged: true,
        instructionsGiven: input.instructionsGiven,
        booking,
        afterSessionMeasures: afterSession.status,
      },
    });
    touched(session, 'discharged');
  });
  return viewAfterWrite(ctx, sessionId);
}
