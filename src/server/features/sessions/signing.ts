import type { Ctx, Executor } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { AppError, type FieldError } from '../../http/problem.ts';
import { confirmSigner } from '../intake/service.ts';
import type { SessionPolicies } from '../settings/service.ts';
import { sessionPoliciesOf } from '../settings/session-policies.ts';
import { type CheckData, gateState, isFinished } from './chart-state.ts';
import { entryFacts } from './gate-state.ts';
import {
  findAdministration,
  insertAddendum,
  listEntries,
  listGateDecisions,
  type SessionRow,
  updateSession,
} from './store.ts';
import { refuseIfSigned, sessionOrThrow, viewAfterWrite, writeAndAnnounce } from './use-case-kit.ts';
import type { SessionView } from './view.ts';
import { wasteMissingForSignature } from './waste-state.ts';

// ---- sign, co-sign, addenda

/**
 * What a note needs before it can be signed; each names the part of the chart to complete. A session
 * ends by a discharge or, without one, as not dosed, transferred or left against medical advice: a
 * note without a dose needs none of the dose's parts; one that ended after a dose needs the dose and a
 * reading of the vital signs after it, taken before the patient left.
 */
export async function missingForSignature(db: Executor, row: SessionRow): Promise<FieldError[]> {
  const missing: FieldError[] = [];
  const entries = await listEntries(db, row.org_id, row.id);
  const facts = entryFacts(entries);
  const gate = gateState(
    facts,
    await listGateDecisions(db, row.org_id, row.id),
    row.policies as SessionPolicies,
    row.route,
  );
  const administration = await findAdministration(db, row.org_id, row.id);
  const ended = row.status === 'ended' ? row.ended_at : null;
  if (gate.entryId === null && !(ended && !administration)) {
    missing.push({ field: 'preDoseVitals', message: 'No pre-dose blood pressure recorded.' });
  }
  if (!administration && !ended) {
    missing.push(
      gate.status === 'do-not-dose-decided'
        ? {
            field: 'ending',
            message: 'A prescriber decided not to dose: end the session as not dosed.',
          }
        : { field: 'administration', message: 'No administration recorded.' },
    );
  }
  if (administration && !administration.ended_at) {
    missing.push({ field: 'administration.endedAt', message: 'The end of the infusion is not recorded.' });
  }
  const waste = await wasteMissingForSignature(
    db,
    row.org_id,
    administration,
    sessionPoliciesOf(row.policies),
  );
  if (waste) missing.push(waste);
  if (administration) {
    const after = facts.filter((e) => e.kind === 'check' && !e.preDose);
    if (!ended && after.length === 0) {
      missing.push({ field: 'monitoring', message: 'No monitoring check after the dose.' });
    }
    if (
      ended &&
      !after.some((e) => e.clientAt <= ended && Object.keys((e.data as CheckData).vitals ?? {}).length > 0)
    ) {
      missing.push({
        field: 'monitoring',
        message: 'No vital signs recorded after the dose and before the session ended.',
      });
    }
    if (!isFinished(row.status)) {
      missing.push({
        field: 'discharge',
        message: 'The patient has not been discharged, nor has the session ended without a discharge.',
      });
    }
  }
  return missing;
}

export async function signSession(
  ctx: Ctx,
  sessionId: string,
  input: { password: string; note?: string | null | undefined },
): Promise<SessionView> {
  const row = await sessionOrThrow(ctx.db, ctx, sessionId);
  refuseIfSigned(row);
  const missing = await missingForSignature(ctx.db, row);
  if (missing.length > 0) {
    throw new AppError(
      'validation-failed',
      `The note cannot be signed yet: ${missing.map((m) => m.message).join(' ')}`,
      missing,
    );
  }
  const signer = await confirmSigner(ctx, input.password, 'treatment session note', row.patient_id);
  const meaning = 'Author: I administered or supervised this treatment session and this record is accurate';
  await writeAndAnnounce(ctx, async (trx, touched) => {
    const session = await sessionOrThrow(trx, ctx, sessionId, 'update');
    refuseIfSigned(session);
    const policies = session.policies as SessionPolicies;
    await updateSession(trx, ctx.orgId, sessionId, {
      note: input.note ?? session.note,
      signed_by: signer.userId,
      signer_name: signer.printedName,
      signature_meaning: meaning,
      signed_at: signer.signedAt,
      cosign_required: policies.cosignRequired.value,
      updated_at: ctx.now,
    });
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'treatment_session',
      entityId: sessionId,
      patientId: session.patient_id,
      details: { signed: true },
    });
    touched(session, 'signed');
  });
  return viewAfterWrite(ctx, sessionId);
}

export async function cosignSession(
  ctx: Ctx,
  sessionId: string,
  input: { password: string },
): Promise<SessionView> {
  const row = await sessionOrThrow(ctx.db, ctx, sessionId);
  if (!row.signed_at) throw new AppError('conflict', 'The note must be signed before it is co-signed.');
  if (row.cosigned_at) throw new AppError('conflict', 'The note is already co-signed.');
  if (row.signed_by === ctx.user?.id) {
    throw new AppError('conflict', 'A co-signature comes from a prescriber other than the author.');
  }
  const signer = await confirmSigner(ctx, input.password, 'treatment session co-signature', row.patient_id);
  await writeAndAnnounce(ctx, async (trx, touched) => {
    const session = await sessionOrThrow(trx, ctx, sessionId, 'update');
    if (session.cosigned_at) throw new AppError('conflict', 'The note is already co-signed.');
    await updateSession(trx, ctx.orgId, sessionId, {
      cosigned_by: signer.userId,
      cosigner_name: signer.printedName,
      cosignature_meaning:
        'Co-signature: I have reviewed this treatment session as the supervising prescriber',
      cosigned_at: signer.signedAt,
      updated_at: ctx.now,
    });
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'treatment_session',
      entityId: sessionId,
      patientId: session.patient_id,
      details: { cosigned: true },
    });
    touched(session, 'cosigned');
  });
  return viewAfterWrite(ctx, sessionId);
}

export async function addAddendum(
  ctx: Ctx,
  sessionId: string,
  input: { password: string; text: string },
): Promise<SessionView> {
  const row = await sessionOrThrow(ctx.db, ctx, sessionId);
  if (!row.signed_at)
    throw new AppError('conflict', 'Addenda are for signed notes; edit the note before signing.');
  const signer = await confirmSigner(ctx, input.password, 'treatment session addendum', row.patient_id);
  await writeAndAnnounce(ctx, async (trx, touched) => {
    const id = await insertAddendum(trx, {
      org_id: ctx.orgId,
      session_id: sessionId,
      text: input.text,
      signed_by: signer.userId,
      signer_name: signer.printedName,
      signature_meaning: 'Addendum: I add this to the signed session note, which stays as signed',
      signed_at: signer.signedAt,
    });
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'session_addendum',
      entityId: id,
      patientId: row.patient_id,
      details: { sessionId },
    });
    touched(row, 'addendum');
  });
  return viewAfterWrite(ctx, sessionId);
}
