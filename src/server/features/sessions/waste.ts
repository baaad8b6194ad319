import type { Ctx } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { can } from '../../http/permissions.ts';
import { AppError } from '../../http/problem.ts';
import { appendWaste, prepareWaste, type WasteInput } from '../inventory/service.ts';
import { sessionPoliciesOf } from '../settings/session-policies.ts';
import { findAdministration } from './store.ts';
import {
  invalid,
  refuseIfSigned,
  requireUser,
  sessionOrThrow,
  viewAfterWrite,
  writeAndAnnounce,
} from './use-case-kit.ts';
import type { SessionView } from './view.ts';
import { ledgerStateOf, leftIn } from './waste-state.ts';

/**
 * A session's administration writes controlled-substance ledger entries, so the chart's charting
 * permission must not reach further than the inventory's: whoever charts must also be allowed to
 * record stock (a test keeps every charting role a stock-recording one).
 */
export function requireStockRecorder(ctx: Ctx): void {
  if (!ctx.user || !can(ctx.user.roles, 'inventory:record')) {
    throw new AppError('forbidden', 'Recording controlled-substance stock is not part of your role.');
  }
}

export type SessionWasteInput = Pick<WasteInput, 'quantity' | 'reason' | 'witnesses'>;

/**
 * Wastes what the administration left in its open container, through the inventory's waste (its
 * witness rule, their sign-in on the spot) and naming the administration's ledger entry. The whole
 * remainder at once: a smaller amount would leave the rest unaccounted for.
 */
export async function recordSessionWaste(
  ctx: Ctx,
  sessionId: string,
  input: SessionWasteInput,
): Promise<SessionView> {
  requireUser(ctx);
  requireStockRecorder(ctx);
  const row = await sessionOrThrow(ctx.db, ctx, sessionId);
  refuseIfSigned(row);
  const administration = await findAdministration(ctx.db, ctx.orgId, sessionId);
  const policies = sessionPoliciesOf(row.policies);
  const state = await ledgerStateOf(ctx.db, ctx.orgId, administration, policies);
  if (!state) {
    throw new AppError(
      'conflict',
      'No administration from the controlled-substance ledger is recorded here.',
    );
  }
  if (state.outstanding <= 0) {
    throw new AppError(
      'conflict',
      state.waste
        ? 'The waste of what was left is already recorded.'
        : policies.wasteOpenVial.value
          ? 'The dose left nothing in an open container to waste.'
          : 'This clinic keeps opened vials in stock; record any waste under Controlled substances.',
    );
  }
  if (input.quantity !== state.outstanding) {
    throw invalid('body.quantity', `Waste all ${leftIn(state, state.outstanding)}.`);
  }
  const entry = state.administration;
  const waste = await prepareWaste(ctx, {
    lotId: entry.lotId,
    cabinetId: entry.cabinetId,
    quantity: input.quantity,
    administrationEntryId: entry.id,
    reason: input.reason,
    witnesses: input.witnesses,
  });
  await writeAndAnnounce(ctx, async (trx, touched) => {
    const session = await sessionOrThrow(trx, ctx, sessionId, 'update');
    refuseIfSigned(session);
    const current = await ledgerStateOf(trx, ctx.orgId, administration, policies);
    if (current?.outstanding !== state.outstanding) {
      throw new AppError('conflict', 'The waste was recorded meanwhile; reload the chart.');
    }
    const wasted = await appendWaste(trx, ctx, waste);
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'session_waste',
      entityId: sessionId,
      patientId: session.patient_id,
      details: {
        ledgerEntryId: wasted.id,
        administrationEntryId: entry.id,
        quantity: input.quantity,
        witnessIds: waste.draft.witnessIds ?? [],
      },
    });
    touched(session, 'waste');
  });
  return viewAfterWrite(ctx, sessionId);
}
