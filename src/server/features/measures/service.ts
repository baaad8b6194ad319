import { createHash, randomBytes } from 'node:crypto';
import {
  getInstrument,
  INSTRUMENTS,
  type InstrumentId,
  isInstrumentId,
  type ScoreInstrumentOptions,
  scoreInstrument,
} from '../../../domain/instruments/index.ts';
import type { Ctx, Executor } from '../../context.ts';
import type { ResponseSource } from '../../db/schema.ts';
import { audit } from '../../http/audit.ts';
import { AppError } from '../../http/problem.ts';
import { raiseAlert } from '../alerts/service.ts';
import { type OrgSettings, readSettings } from '../settings/store.ts';
import { type CrisisResources, crisisResources } from './crisis.ts';
import { findByIdempotencyKey, insertResponse, type StoredResponse } from './store.ts';

export type SubmitResult = {
  response: StoredResponse;
  /** False when the idempotency key named a response already stored (a retry or a double tap). */
  created: boolean;
  alertId: string | null;
  crisis: CrisisResources | null;
};

async function loadedTextPacks(db: Executor, orgId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('text_packs').select('instrument').where('org_id', '=', orgId).execute();
  return new Set(rows.map((r) => r.instrument));
}

export async function instrumentOrThrow(
  db: Executor,
  orgId: string,
  id: string,
  field: string,
): Promise<InstrumentId> {
  if (!isInstrumentId(id)) {
    throw new AppError('validation-failed', `Unknown instrument "${id}".`, [
      { field, message: `Use one of ${Object.keys(INSTRUMENTS).join(', ')}.` },
    ]);
  }
  const definition = getInstrument(id);
  if (!definition.enabled && !(await loadedTextPacks(db, orgId)).has(id)) {
    throw new AppError(
      'validation-failed',
      `${definition.shortName} is disabled until the clinic loads its text pack.`,
      [{ field, message: `${definition.shortName} is disabled until the clinic loads its text pack.` }],
    );
  }
  return id;
}

/** An instrument the patient answers themselves (a link cannot carry a clinician-rated one). */
export async function selfReportInstrumentOrThrow(
  db: Executor,
  orgId: string,
  id: string,
  field: string,
): Promise<InstrumentId> {
  const instrument = await instrumentOrThrow(db, orgId, id, field);
  if (getInstrument(instrument).rater === 'clinician') {
    throw new AppError(
      'validation-failed',
      `${getInstrument(instrument).shortName} is rated by a clinician, not completed by the patient.`,
      [{ field, message: 'Choose a questionnaire the patient completes.' }],
    );
  }
  return instrument;
}

function scoreOptions(
  id: InstrumentId,
  settings: OrgSettings,
  textPackLoaded: boolean,
): ScoreInstrumentOptions {
  return {
    textPackLoaded,
    ...(id === 'madrs' ? { suicideRiskAtLeast: settings.madrsSuicideItemAtLeast } : {}),
  };
}

async function assertPatient(db: Executor, orgId: string, patientId: string): Promise<void> {
  const found = await db
    .selectFrom('patients')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', patientId)
    .executeTakeFirst();
  if (!found) throw new AppError('not-found', 'No such patient in this clinic.');
}

function alreadyStored(
  existing: StoredResponse,
  patientId: string,
  instrument: string,
  clinicPhone: string | null,
): SubmitResult {
  if (existing.patientId !== patientId || existing.instrument !== instrument) {
    throw new AppError('conflict', 'This idempotency key was already used for a different questionnaire.');
  }
  return {
    response: existing,
    created: false,
    alertId: null,
    crisis: existing.suicideRisk ? crisisResources(clinicPhone) : null,
  };
}

/**
 * Scores and stores one complete answer set, raises a suicide-risk alert in the same transaction,
 * and returns crisis resources for the person who answered. An incomplete or out-of-range set is
 * refused naming the item, and nothing is stored.
 */
export async function submitResponse(
  ctx: Ctx,
  input: {
    patientId: string;
    instrument: string;
    answers: Record<string, unknown>;
    source: ResponseSource;
    idempotencyKey: string;
    linkId?: string | null;
  },
  appUrl: string,
): Promise<SubmitResult> {
  await assertPatient(ctx.db, ctx.orgId, input.patientId);
  const instrument = await instrumentOrThrow(ctx.db, ctx.orgId, input.instrument, 'body.instrument');
  const settings = await readSettings(ctx.db, ctx.orgId);
  const existing = await findByIdempotencyKey(ctx.db, ctx.orgId, input.idempotencyKey);
  if (existing) return alreadyStored(existing, input.patientId, instrument, settings.clinicPhone);

  const textPackLoaded = (await loadedTextPacks(ctx.db, ctx.orgId)).has(instrument);
  const scored = scoreInstrument(
    instrument,
    input.answers,
    scoreOptions(instrument, settings, textPackLoaded),
  );
  if (!scored.ok) {
    throw new AppError(
      'validation-failed',
      scored.problems.map((p) => p.message).join(' '),
      scored.problems.map((p) => ({
        field: p.item ? `body.answers.${p.item}` : 'body.answers',
        message: p.message,
      })),
    );
  }
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const response = await insertResponse(trx, {
        orgId: ctx.orgId,
        patientId: input.patientId,
        instrument,
        answers: { ...scored.itemScores },
        total: scored.total,
        severity: scored.severity,
        suicideRisk: scored.suicideRisk,
        riskReasons: [...scored.suicideRiskReasons],
        source: input.source,
        enteredBy: ctx.user?.id ?? null,
        linkId: input.linkId ?? null,
        idempotencyKey: input.idempotencyKey,
        completedAt: ctx.now,
      });
      const alertId = scored.suicideRisk
        ? await raiseAlert(trx, {
            orgId: ctx.orgId,
            patientId: input.patientId,
            responseId: response.id,
            high: instrument === 'cssrs-screener' && scored.severity === 'high',
            reasons: [...scored.suicideRiskReasons],
            now: ctx.now,
            appUrl,
          })
        : null;
      await audit(trx, ctx, {
        action: 'create',
        entityType: 'measure_response',
        entityId: response.id,
        patientId: input.patientId,
        details: { instrument, source: input.source, ...(alertId ? { riskAlert: alertId } : {}) },
      });
      return {
        response,
        created: true,
        alertId,
        crisis: scored.suicideRisk ? crisisResources(settings.clinicPhone) : null,
      };
    });
  } catch (error) {
    // Two submissions with one key raced: the loser returns what the winner stored.
    if ((error as { code?: string }).code === '23505') {
      const winner = await findByIdempotencyKey(ctx.db, ctx.orgId, input.idempotencyKey);
      if (winner) return alreadyStored(winner, input.patientId, instrument, settings.clinicPhone);
      throw new AppError('conflict', 'This questionnaire was already completed through this link.');
    }
    throw error;
  }
}

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createMeasureLink(
  ctx: Ctx,
  input: { patientId: string; instruments: string[]; kiosk: boolean },
  appUrl: string,
): Promise<{ id: string; url: string; expiresAt: string }> {
  await assertPatient(ctx.db, ctx.orgId, input.patientId);
  const instruments: InstrumentId[] = [];
  for (const [i, id] of input.instruments.entries()) {
    instruments.push(await instrumentOrThrow(ctx.db, ctx.orgId, id, `body.instruments.${i}`));
  }
  const clinicianOnly = instruments.filter((id) => getInstrument(id).rater === 'clinician');
  if (clinicianOnly.length) {
    throw new AppError(
      'validation-failed',
      `${clinicianOnly.join(', ')} is rated by a clinician, not completed by the patient.`,
      [{ field: 'body.instruments', message: 'Choose self-report instruments only.' }],
    );
  }
  const settings = await readSettings(ctx.db, ctx.orgId);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(ctx.now.getTime() + settings.measureLinkHours * 3_600_000);
  return ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('measure_links')
      .values({
        org_id: ctx.orgId,
        patient_id: input.patientId,
        instruments: [...new Set(instruments)],
        token_hash: hashLinkToken(token),
        kiosk: input.kiosk,
        created_by: ctx.user?.id ?? null,
        created_at: ctx.now,
        expires_at: expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'measure_link',
      entityId: id,
      patientId: input.patientId,
      details: { instruments, kiosk: input.kiosk },
    });
    return { id, url: `${appUrl}/m/${token}`, expiresAt: expiresAt.toISOString() };
  });
}

export type OpenLink = {
  id: string;
  orgId: string;
  patientId: string;
  kiosk: boolean;
  expiresAt: Date;
  /** Instruments still to answer, in the order asked. */
  remaining: InstrumentId[];
  clinicPhone: string | null;
};

/** A link that is unknown, expired or already completed is refused the same way: nothing is revealed. */
export async function openMeasureLink(db: Executor, token: string, now: Date): Promise<OpenLink> {
  const link = /^[A-Za-z0-9_-]{20,100}$/.test(token)
    ? await db
        .selectFrom('measure_links')
        .selectAll()
        .where('token_hash', '=', hashLinkToken(token))
        .executeTakeFirst()
    : undefined;
  if (!link || link.completed_at || link.expires_at <= now) {
    throw new AppError(
      'not-found',
      'This link has expired, was already used, or is not valid. Ask your clinic for a new one.',
    );
  }
  const answered = await db
    .selectFrom('measure_responses')
    .select('instrument')
    .where('link_id', '=', link.id)
    .execute();
  const done = new Set(answered.map((r) => r.instrument));
  const settings = await readSettings(db, link.org_id);
  return {
    id: link.id,
    orgId: link.org_id,
    patientId: link.patient_id,
    kiosk: link.kiosk,
    expiresAt: link.expires_at,
    remaining: link.instruments.filter((i): i is InstrumentId => isInstrumentId(i) && !done.has(i)),
    clinicPhone: settings.clinicPhone,
  };
}

/** The patient's own submission through a link: no account, the link is the authority. */
export async function submitViaLink(
  ctx: Omit<Ctx, 'orgId' | 'user'>,
  token: string,
  input: { instrument: string; answers: Record<string, unknown>; idempotencyKey: string },
  appUrl: string,
): Promise<SubmitResult & { remaining: InstrumentId[]; kiosk: boolean }> {
  const link = await openMeasureLink(ctx.db, token, ctx.now).catch(async (error) => {
    // A retry of a submission that already completed the link still gets its answer back.
    const replay = await replayThroughLink(ctx, token, input.idempotencyKey);
    if (replay) return replay;
    throw error;
  });
  if ('response' in link) return link;
  const linkCtx: Ctx = { ...ctx, orgId: link.orgId, user: null };
  const existing = await findByIdempotencyKey(ctx.db, link.orgId, input.idempotencyKey);
  if (!existing && !link.remaining.includes(input.instrument as InstrumentId)) {
    throw new AppError(
      'validation-failed',
      'This link does not ask for that questionnaire, or it was already answered.',
      [{ field: 'body.instrument', message: `Answer one of: ${link.remaining.join(', ')}.` }],
    );
  }
  const result = await submitResponse(
    linkCtx,
    { ...input, patientId: link.patientId, source: link.kiosk ? 'kiosk' : 'patient-link', linkId: link.id },
    appUrl,
  );
  const remaining = link.remaining.filter((i) => i !== input.instrument);
  if (remaining.length === 0) {
    await ctx.db
      .updateTable('measure_links')
      .set({ completed_at: ctx.now })
      .where('id', '=', link.id)
      .where('completed_at', 'is', null)
      .execute();
  }
  return { ...result, remaining, kiosk: link.kiosk };
}

async function replayThroughLink(ctx: Omit<Ctx, 'orgId' | 'user'>, token: string, idempotencyKey: string) {
  const link = await ctx.db
    .selectFrom('measure_links')
    .selectAll()
    .where('token_hash', '=', hashLinkToken(token))
    .executeTakeFirst();
  if (!link) return undefined;
  const existing = await findByIdempotencyKey(ctx.db, link.org_id, idempotencyKey);
  if (!existing || existing.patientId !== link.patient_id) return undefined;
  const settings = await readSettings(ctx.db, link.org_id);
  return {
    response: existing,
    created: false,
    alertId: null,
    crisis: existing.suicideRisk ? crisisResources(settings.clinicPhone) : null,
    remaining: [] as InstrumentId[],
    kiosk: link.kiosk,
  };
}
