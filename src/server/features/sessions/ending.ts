import type { Ctx, Executor } from '../../context.ts';
import type { SessionNotDosedReason } from '../../db/schema.ts';
import { audit } from '../../http/audit.ts';
import { AppError } from '../../http/problem.ts';
import { completeBookingAtDischarge } from '../schedule/service.ts';
import { readGate } from './gate-state.ts';
import { findAdministration, type SessionRow, updateSession, userName } from './store.ts';
import {
  CLOCK_SKEW_MS,
  invalid,
  refuseIfDischarged,
  requireUser,
  sessionOrThrow,
  viewAfterWrite,
  writeAndAnnounce,
} from './use-case-kit.ts';
import type { SessionView } from './view.ts';

// ---- ending a session without a discharge

export type EndSessionInput =
  | { kind: 'not-dosed'; reason: SessionNotDosedReason; note?: string | null | undefined }
  | {
      kind: 'transferred';
      at: string;
      destination: string;
      transferredBy: string;
      note?: string | null | undefined;
    }
  | { kind: 'left-against-advice'; at: string; adviceGiven: string; note?: string | null | undefined };

/** Why a patient was not dosed must match the chart: a decision or a test result the chart holds. */
async function checkNotDosedReason(
  ctx: Ctx,
  trx: Executor,
  session: SessionRow,
  reason: SessionNotDosedReason,
) {
  if (session.dose_started_at || (await findAdministration(trx, ctx.orgId, session.id))) {
    throw new AppError(
      'conflict',
      'A dose was given: end the session as transferred or left against medical advice, or discharge the patient.',
      [{ field: 'body.kind', message: 'A dose was given, so the patient was dosed.' }],
    );
  }
  if (reason !== 'gate-decision' && reason !== 'pregnancy-hold') return;
  const gate = await readGate(trx, ctx.orgId, session);
  if (reason === 'gate-decision' && gate.status !== 'do-not-dose-decided') {
    throw invalid(
      'body.reason',
      'No prescriber has decided not to dose at the pre-dose gate; choose another reason.',
    );
  }
  if (reason === 'pregnancy-hold' && gate.pregnancyTest === null) {
    throw invalid('body.reason', 'No positive pregnancy test is recorded; choose another reason.');
  }
}

/**
 * Ends a session without a discharge: the patient was not dosed (before any administration), was
 * transferred to emergency care, or left against medical advice. The booking is completed (the patient
 * came), the board shows the session as ended, and the note can then be signed. Whoever records it
 * (a nurse or prescriber) is named on the chart, with when it happened and when it was recorded.
 */
export async function endWithoutDischarge(
  ctx: Ctx,
  sessionId: string,
  input: EndSessionInput,
): Promise<SessionView> {
  const userId = requireUser(ctx);
  const at = input.kind === 'not-dosed' ? ctx.now : new Date(input.at);
  if (at.getTime() > ctx.now.getTime() + CLOCK_SKEW_MS) {
    throw invalid('body.at', 'The time is in the future; check the device clock.');
  }
  const note = input.note ?? null;
  if (input.kind === 'not-dosed' && input.reason === 'other' && !note) {
    throw invalid('body.note', 'Say why the patient was not dosed.');
  }
  await writeAndAnnounce(ctx, async (trx, touched) => {
    const session = await sessionOrThrow(trx, ctx, sessionId, 'update');
    refuseIfDischarged(session);
    if (at.getTime() < session.checked_in_at.getTime() - CLOCK_SKEW_MS) {
      throw invalid('body.at', 'The time is before the patient was checked in.');
    }
    if (input.kind === 'not-dosed') {
      await checkNotDosedReason(ctx, trx, session, input.reason);
    } else if (session.dose_started_at) {
      if (at < session.dose_started_at) {
        throw invalid('body.at', 'The time is before the dose was started.');
      }
      if (session.status === 'dosing') {
        throw new AppError(
          'conflict',
          'The infusion is still running: record when it was stopped (stop early), then end the session.',
          [{ field: 'administration.endedAt', message: 'The end of the infusion is not recorded.' }],
        );
      }
    }
    const booking = await completeBookingAtDischarge(trx, ctx, session.booking_id, 'session-end');
    await updateSession(trx, ctx.orgId, sessionId, {
      status: 'ended',
      end_kind: input.kind,
      end_reason: input.kind === 'not-dosed' ? input.reason : null,
      end_note: note,
      transfer_destination: input.kind === 'transferred' ? input.destination : null,
      transferred_by: input.kind === 'transferred' ? input.transferredBy : null,
      advice_given: input.kind === 'left-against-advice' ? input.adviceGiven : null,
      ended_at: at,
      ended_by: userId,
      ender_name: await userName(trx, userId),
      end_recorded_at: ctx.now,
      updated_at: ctx.now,
    });
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'treatment_session',
      entityId: sessionId,
      patientId: session.patient_id,
      details: {
        ended: input.kind,
        ...(input.kind === 'not-dosed' ? { reason: input.reason } : {}),
        afterDose: session.dose_started_at !== null,
        booking,
      },
    });
    touched(session, 'ended');
  });
  return viewAfterWrite(ctx, sessionId);
}
