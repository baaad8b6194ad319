import {
  applyTextPack,
  INSTRUMENT_IDS,
  INSTRUMENTS,
  type InstrumentDefinition,
  type InstrumentId,
  isInstrumentId,
  type TextPack,
} from '../../../domain/instruments/index.ts';
import type { Ctx, Executor } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { AppError } from '../../http/problem.ts';

/** The instruments as this clinic shows them: with its text packs applied where loaded. */
export async function clinicInstruments(db: Executor, orgId: string): Promise<InstrumentDefinition[]> {
  const packs = await db
    .selectFrom('text_packs')
    .select(['instrument', 'pack'])
    .where('org_id', '=', orgId)
    .execute();
  const byInstrument = new Map(packs.map((p) => [p.instrument, p.pack as TextPack]));
  return INSTRUMENT_IDS.map((id) => {
    const pack = byInstrument.get(id);
    if (!pack) return INSTRUMENTS[id];
    const applied = applyTextPack(INSTRUMENTS[id], pack);
    return applied.ok ? applied.definition : INSTRUMENTS[id];
  });
}

export async function clinicInstrument(
  db: Executor,
  orgId: string,
  id: InstrumentId,
): Promise<InstrumentDefinition> {
  return (await clinicInstruments(db, orgId)).find((d) => d.id === id) as InstrumentDefinition;
}

export async function loadTextPack(
  ctx: Ctx,
  instrument: string,
  pack: Omit<TextPack, 'instrument'>,
): Promise<InstrumentDefinition> {
  if (!isInstrumentId(instrument)) throw new AppError('not-found', `No instrument "${instrument}".`);
  const full: TextPack = { ...pack, instrument };
  const applied = applyTextPack(INSTRUMENTS[instrument], full);
  if (!applied.ok) {
    throw new AppError(
      'validation-failed',
      'The text pack does not fit the instrument.',
      applied.problems.map((p) => ({ field: p.item ? `body.items.${p.item}` : 'body', message: p.message })),
    );
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('text_packs')
      .values({
        org_id: ctx.orgId,
        instrument,
        pack: JSON.stringify(full),
        loaded_by: ctx.user?.id ?? null,
        loaded_at: ctx.now,
      })
      .onConflict((oc) =>
        oc
          .columns(['org_id', 'instrument'])
          .doUpdateSet({ pack: JSON.stringify(full), loaded_by: ctx.user?.id ?? null, loaded_at: ctx.now }),
      )
      .execute();
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'text_pack',
      entityId: instrument,
      details: { version: pack.version },
    });
  });
  return applied.definition;
}
