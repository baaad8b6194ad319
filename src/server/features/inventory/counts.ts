import type { ChainedEntry } from '../../../domain/ledger/chain.ts';
import { witnessesRequired } from '../../../domain/ledger/kinds.ts';
import {
  isQuantityProblem,
  QUANTITY_MESSAGES,
  type Tenths,
  toTenths,
} from '../../../domain/ledger/quantity.ts';
import { addDays } from '../../../domain/protocols/dates.ts';
import type { Ctx } from '../../context.ts';
import type { CountKind, CountStatus } from '../../db/schema.ts';
import { audit } from '../../http/audit.ts';
import { AppError } from '../../http/problem.ts';
import {
  addCountNote,
  type CountMethod,
  type CountTiming,
  type CountView,
  cabinetBalances,
  countMatchingCounts,
  type DiscrepancyAction,
  findCountLine,
  insertCount,
  listCountViews,
  lockCount,
} from './count-store.ts';
import {
  append,
  cabinetOrThrow,
  entryViews,
  invalid,
  type LedgerEntryView,
  lotOrThrow,
  userId,
} from './service.ts';
import { adjustedSoFar, ledgerHead, lockLedger, readWitnessPolicy } from './store.ts';
import { authenticateWitnesses, type WitnessInput } from './witness.ts';

export type { CountView } from './count-store.ts';

/**
 * A count compares what is in the cabinet with what the ledger says should be, lot by lot. Every
 * lot with stock must be counted. Initial and biennial inventories (21 CFR 1304.11, `dea-1304-11`)
 * say whether they were taken at the opening or close of business and whether an opened container
 * was counted or estimated.
 */
export async function recordCount(
  ctx: Ctx,
  input: {
    cabinetId: string;
    kind: CountKind;
    timing?: CountTiming | undefined;
    lines: { lotId: string; counted: number; method: CountMethod }[];
  },
): Promise<CountView> {
  const actorId = userId(ctx);
  await cabinetOrThrow(ctx.db, ctx, input.cabinetId);
  if ((input.kind === 'initial' || input.kind === 'biennial') && !input.timing) {
    throw invalid(
      'body.timing',
      'Say whether the inventory was taken at the opening or the close of business.',
    );
  }
  const lines: { lotId: string; counted: Tenths; method: CountMethod }[] = [];
  for (const [i, line] of input.lines.entries()) {
    if (input.lines.findIndex((l) => l.lotId === line.lotId) !== i) {
      throw invalid(`body.lines.${i}.lotId`, 'Count each lot once.');
    }
    const { product } = await lotOrThrow(ctx.db, ctx, line.lotId, `body.lines.${i}.lotId`);
    const counted = toTenths(line.counted, product.baseUnit);
    if (isQuantityProblem(counted)) throw invalid(`body.lines.${i}.counted`, QUANTITY_MESSAGES[counted]);
    if (counted < 0) throw invalid(`body.lines.${i}.counted`, 'A count cannot be negative.');
    lines.push({ lotId: line.lotId, counted, method: line.method });
  }
  const id = await ctx.db.transaction().execute(async (trx) => {
    // Under the ledger's lock no entry can slip in between reading the balances and saving the count.
    await lockLedger(trx, ctx.orgId);
    const balances = await cabinetBalances(trx, input.cabinetId);
    const missing = [...balances].filter(([lotId, b]) => b > 0 && !lines.some((l) => l.lotId === lotId));
    if (missing.length) {
      throw invalid(
        'body.lines',
        `Count every lot in the cabinet: ${missing.length} lot(s) with stock are missing.`,
      );
    }
    const head = await ledgerHead(trx, ctx.orgId);
    const countId = await insertCount(trx, ctx.orgId, {
      cabinetId: input.cabinetId,
      kind: input.kind,
      timing: input.timing ?? null,
      countedBy: actorId,
      countedAt: ctx.now,
      ledgerSeq: head.seq,
      lines: lines.map((l) => ({ ...l, expected: balances.get(l.lotId) ?? 0 })),
    });
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'inventory_count',
      entityId: countId,
      details: { kind: input.kind, cabinetId: input.cabinetId },
    });
    return countId;
  });
  return readCount(ctx, id, false);
}

export async function readCount(ctx: Ctx, id: string, audited = true): Promise<CountView> {
  const [count] = await listCountViews(ctx.db, ctx.orgId, { id });
  if (!count) throw new AppError('not-found', 'No such count in this clinic.');
  if (audited) await audit(ctx.db, ctx, { action: 'read', entityType: 'inventory_count', entityId: id });
  return count;
}

export type CountListQuery = { from?: string; to?: string; limit: number; offset: number };

/**
 * Counts newest first, a page at a time, between two calendar days (UTC, both included, as in the
 * reports), with how many match: older shift counts and their discrepancy notes stay reachable.
 */
export async function listCounts(
  ctx: Ctx,
  query: CountListQuery,
): Promise<{ counts: CountView[]; total: number }> {
  const filter = {
    ...(query.from ? { from: new Date(`${query.from}T00:00:00Z`) } : {}),
    ...(query.to ? { to: new Date(`${addDays(query.to, 1)}T00:00:00Z`) } : {}),
  };
  const counts = await listCountViews(ctx.db, ctx.orgId, {
    ...filter,
    limit: query.limit,
    offset: query.offset,
  });
  const total = await countMatchingCounts(ctx.db, ctx.orgId, filter);
  await audit(ctx.db, ctx, {
    action: 'read',
    entityType: 'inventory_count',
    details: { list: counts.length, from: query.from ?? null, to: query.to ?? null, offset: query.offset },
  });
  return { counts, total };
}

const NEXT_STATUS: Record<DiscrepancyAction, { from: CountStatus[]; to: CountStatus }> = {
  investigate: { from: ['open'], to: 'investigating' },
  explain: { from: ['open', 'investigating'], to: 'explained' },
  report: { from: ['open', 'investigating', 'explained'], to: 'reported' },
};

/** open → investigating → explained | reported; a theft or significant loss is reported (dea-1301-76). */
export async function workDiscrepancy(
  ctx: Ctx,
  id: string,
  input: { action: DiscrepancyAction; note: string },
): Promise<CountView> {
  const byUser = userId(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    const count = await lockCount(trx, ctx.orgId, id);
    if (!count) throw new AppError('not-found', 'No such count in this clinic.');
    const step = NEXT_STATUS[input.action];
    if (!step.from.includes(count.status)) {
      throw new AppError('conflict', `This count is ${count.status}; it cannot be marked ${step.to}.`, [
        { field: 'body.action', message: `Not possible while the count is ${count.status}.` },
      ]);
    }
    await addCountNote(trx, ctx.orgId, {
      countId: id,
      action: input.action,
      note: input.note,
      byUser,
      at: ctx.now,
      status: step.to,
    });
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'inventory_count',
      entityId: id,
      details: { action: input.action, status: step.to },
    });
  });
  return readCount(ctx, id, false);
}

/**
 * Corrects the ledger to what a count found, only for a lot whose count differed, in the direction
 * of the difference and no further than it, with a reason and (clinic policy) a witness.
 */
export async function recordAdjustment(
  ctx: Ctx,
  input: {
    countId: string;
    lotId: string;
    cabinetId: string;
    quantity: number;
    reason: string;
    witnesses: WitnessInput[];
  },
): Promise<LedgerEntryView> {
  const actorId = userId(ctx);
  const { lot, product } = await lotOrThrow(ctx.db, ctx, input.lotId);
  const quantity = toTenths(input.quantity, product.baseUnit);
  if (isQuantityProblem(quantity)) throw invalid('body.quantity', QUANTITY_MESSAGES[quantity]);
  if (quantity === 0) throw invalid('body.quantity', 'An adjustment of zero changes nothing.');
  const [count] = await listCountViews(ctx.db, ctx.orgId, { id: input.countId });
  if (!count) throw invalid('body.countId', 'No such count in this clinic.');
  if (count.cabinetId !== input.cabinetId)
    throw invalid('body.cabinetId', 'The count was of another cabinet.');
  const policy = await readWitnessPolicy(ctx.db, ctx.orgId);
  const witnesses = await authenticateWitnesses(
    ctx,
    input.witnesses,
    witnessesRequired('adjustment', policy),
  );
  const [entry] = await append(ctx, product.baseUnit, async (trx) => {
    await lockLedger(trx, ctx.orgId);
    const line = await findCountLine(trx, input.countId, lot.id);
    if (!line || line.difference === 0) {
      throw invalid('body.lotId', 'Adjust only a lot whose count differed from the ledger.');
    }
    const done = await adjustedSoFar(trx, input.countId, lot.id);
    const total = done + quantity;
    if (Math.sign(quantity) !== Math.sign(line.difference) || Math.abs(total) > Math.abs(line.difference)) {
      throw invalid(
        'body.quantity',
        `The count found a difference of ${line.difference / 10}; adjustments so far total ${done / 10}.`,
      );
    }
    return [
      {
        kind: 'adjustment',
        productId: product.id,
        lotId: lot.id,
        cabinetId: input.cabinetId,
        quantity,
        actorId,
        witnessIds: witnesses.map((w) => w.id),
        countId: input.countId,
        details: { reason: input.reason },
      },
    ];
  });
  return (await entryViews(ctx, [entry as ChainedEntry]))[0] as LedgerEntryView;
}
