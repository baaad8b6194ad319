import { randomUUID } from 'node:crypto';
import type { ChainedEntry } from '../../../domain/ledger/chain.ts';
import { type EntryKind, signedQuantity, witnessesRequired } from '../../../domain/ledger/kinds.ts';
import {
  BUILT_IN_LOSS_FIELDS,
  LOSS_REMINDER,
  type LossFormField,
  type LossType,
  noticeDueBy,
} from '../../../domain/ledger/loss-form.ts';
import {
  type BaseUnit,
  isQuantityProblem,
  openContainerRemainder,
  parseTenths,
  QUANTITY_MESSAGES,
  type Tenths,
  tenthsToNumber,
  toTenths,
} from '../../../domain/ledger/quantity.ts';
import { unattributedWasteLimit } from '../../../domain/ledger/waste-limit.ts';
import type { Ctx, Executor } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { AppError } from '../../http/problem.ts';
import { WasteBeyondRemainder } from './administration-remainder.ts';
import {
  appendEntries,
  type Cabinet,
  cabinetNameTaken,
  type EntryDraft,
  findBookingPatientId,
  findCabinet,
  findEntryRef,
  findLocationName,
  findLot,
  findLotByNumber,
  findProduct,
  InsufficientStock,
  insertCabinet,
  insertLot,
  insertProduct,
  type LedgerEntryView,
  listEntries,
  listLossFields,
  ndcTaken,
  type Product,
  patientExists,
  readWitnessPolicy,
  replaceLossFields,
} from './store.ts';
import { authenticateWitnesses, type WitnessInput } from './witness.ts';

export * from './session-ledger.ts';
export type { Cabinet, LedgerEntryView, Lot, Product } from './store.ts';

export function invalid(field: string, message: string): AppError {
  return new AppError('validation-failed', message, [{ field, message }]);
}

export function userId(ctx: Ctx): string {
  if (!ctx.user) throw new AppError('unauthenticated', 'Sign in first.');
  return ctx.user.id;
}

export function today(ctx: Ctx): string {
  return ctx.now.toISOString().slice(0, 10);
}

/** A positive amount in the product's base unit, as tenths. */
export function positiveQuantity(value: number, unit: BaseUnit, field = 'body.quantity'): Tenths {
  const tenths = toTenths(value, unit);
  if (isQuantityProblem(tenths)) throw invalid(field, QUANTITY_MESSAGES[tenths]);
  if (tenths <= 0) throw invalid(field, 'Enter a quantity greater than zero.');
  return tenths;
}

export async function lotOrThrow(db: Executor, ctx: Ctx, lotId: string, field = 'body.lotId') {
  const lot = await findLot(db, ctx.orgId, lotId);
  if (!lot) throw invalid(field, 'No such lot in this clinic.');
  const product = await findProduct(db, ctx.orgId, lot.productId);
  if (!product) throw invalid(field, 'No such lot in this clinic.');
  return { lot, product };
}

export async function cabinetOrThrow(db: Executor, ctx: Ctx, id: string, field = 'body.cabinetId') {
  const cabinet = await findCabinet(db, ctx.orgId, id);
  if (!cabinet) throw invalid(field, 'No such cabinet in this clinic.');
  return cabinet;
}

export function unitWord(unit: BaseUnit): string {
  return unit === 'mg' ? 'mg' : 'devices';
}

/** Appends inside the caller's transaction and writes the audit records in it too. */
export async function appendAudited(trx: Executor, ctx: Ctx, drafts: EntryDraft[]): Promise<ChainedEntry[]> {
  const entries = await appendEntries(trx, ctx.orgId, ctx.now, drafts).catch((error: unknown) => {
    throw error instanceof WasteBeyondRemainder ? beyondRemainder(error) : error;
  });
  await audit(
    trx,
    ctx,
    ...entries.map((e) => ({
      action: 'create' as const,
      entityType: 'ledger_entry',
      entityId: e.id,
      patientId: e.patient_id,
      details: { kind: e.kind, seq: e.seq, lotId: e.lot_id, cabinetId: e.cabinet_id },
    })),
  );
  return entries;
}

/** The chart and the inventory screen both refuse a waste beyond the remainder with these words. */
function beyondRemainder({ state }: WasteBeyondRemainder): AppError {
  const amount = (tenths: Tenths) => `${tenthsToNumber(tenths)} ${unitWord(state.baseUnit)}`;
  if (state.form !== 'vial') {
    return invalid(
      'body.quantity',
      'Nasal devices are used whole, so that administration left nothing to waste.',
    );
  }
  if (state.remainder === 0)
    return invalid('body.quantity', 'Nothing was left in the vial from that administration.');
  const left = `Only ${amount(state.remainder)} was left in the vial from that administration`;
  return invalid(
    'body.quantity',
    state.wasted > 0 ? `${left}, and ${amount(state.wasted)} of it is already wasted.` : `${left}.`,
  );
}

export function shortStock(error: InsufficientStock, unit: BaseUnit, field: string, where: string): AppError {
  return invalid(field, `Only ${tenthsToNumber(error.available)} ${unitWord(unit)} of ${where}.`);
}

/**
 * Appends in one transaction with its audit records. `drafts` may be built inside the transaction
 * (after the chain's lock) when they depend on what is there. A short balance becomes a 400.
 */
export async function append(
  ctx: Ctx,
  unit: BaseUnit,
  drafts: EntryDraft[] | ((trx: Executor) => Promise<EntryDraft[]>),
): Promise<ChainedEntry[]> {
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const list = typeof drafts === 'function' ? await drafts(trx) : drafts;
      return appendAudited(trx, ctx, list);
    });
  } catch (error) {
    if (error instanceof InsufficientStock) {
      throw shortStock(error, unit, 'body.quantity', 'this lot are in this cabinet');
    }
    throw error;
  }
}

export async function entryViews(ctx: Ctx, entries: ChainedEntry[]): Promise<LedgerEntryView[]> {
  const views = await listEntries(ctx.db, ctx.orgId, { ids: entries.map((e) => e.id), order: 'asc' });
  return entries.map((e) => views.find((v) => v.id === e.id) as LedgerEntryView);
}

// ---- products and cabinets

export async function addProduct(
  ctx: Ctx,
  input: {
    name: string;
    ndc: string;
    form: 'vial' | 'nasal-device';
    baseUnit: BaseUnit;
    mgPerMl?: number | null | undefined;
    mgPerDevice?: number | null | undefined;
    containerSize: string;
    unitsPerContainer: number;
  },
): Promise<Product> {
  if (input.baseUnit === 'mg' && !input.mgPerMl) {
    throw invalid('body.mgPerMl', 'Give the strength in mg/mL for a product counted in mg.');
  }
  if (input.baseUnit === 'device' && !input.mgPerDevice) {
    throw invalid('body.mgPerDevice', 'Give the mg per device for a product counted in devices.');
  }
  const units = positiveQuantity(input.unitsPerContainer, input.baseUnit, 'body.unitsPerContainer');
  if (await ndcTaken(ctx.db, ctx.orgId, input.ndc)) {
    throw new AppError('conflict', `A product with NDC ${input.ndc} already exists.`, [
      { field: 'body.ndc', message: 'This NDC is already in the product list.' },
    ]);
  }
  return ctx.db.transaction().execute(async (trx) => {
    const product = await insertProduct(
      trx,
      ctx.orgId,
      {
        ...input,
        mgPerMl: input.baseUnit === 'mg' ? (input.mgPerMl ?? null) : null,
        mgPerDevice: input.baseUnit === 'device' ? (input.mgPerDevice ?? null) : null,
        unitsPerContainer: units,
      },
      ctx.now,
    );
    await audit(trx, ctx, { action: 'create', entityType: 'cs_product', entityId: product.id });
    return product;
  });
}

export async function addCabinet(ctx: Ctx, input: { locationId: string; name: string }): Promise<Cabinet> {
  const locationName = await findLocationName(ctx.db, ctx.orgId, input.locationId);
  if (!locationName) throw invalid('body.locationId', 'No such location in this clinic.');
  if (await cabinetNameTaken(ctx.db, input.locationId, input.name)) {
    throw new AppError('conflict', `This location already has a cabinet named "${input.name}".`, [
      { field: 'body.name', message: 'Choose a name not in use at this location.' },
    ]);
  }
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertCabinet(trx, ctx.orgId, input, ctx.now);
    await audit(trx, ctx, { action: 'create', entityType: 'cs_cabinet', entityId: id });
    return { id, locationId: input.locationId, locationName, name: input.name };
  });
}

// ---- stock movements

export type ReceiptInput = {
  productId: string;
  cabinetId: string;
  lotNumber: string;
  expiresOn: string;
  supplierName: string;
  supplierAddress: string;
  supplierDea: string;
  invoiceNumber: string;
  invoiceDate: string;
  containers: number;
};

export async function recordReceipt(ctx: Ctx, input: ReceiptInput): Promise<LedgerEntryView> {
  const actorId = userId(ctx);
  const product = await findProduct(ctx.db, ctx.orgId, input.productId);
  if (!product) throw invalid('body.productId', 'No such product in this clinic.');
  await cabinetOrThrow(ctx.db, ctx, input.cabinetId);
  const existing = await findLotByNumber(ctx.db, ctx.orgId, product.id, input.lotNumber);
  if (existing && existing.expiresOn !== input.expiresOn) {
    throw invalid(
      'body.expiresOn',
      `Lot ${input.lotNumber} is on record as expiring ${existing.expiresOn}; check the label.`,
    );
  }
  const perContainer = toTenths(product.unitsPerContainer, product.baseUnit) as Tenths;
  const entries = await append(ctx, product.baseUnit, async (trx) => {
    const lotId =
      existing?.id ?? (await insertLot(trx, ctx.orgId, { ...input, productId: product.id }, ctx.now));
    return [
      {
        kind: 'receipt',
        productId: product.id,
        lotId,
        cabinetId: input.cabinetId,
        quantity: perContainer * input.containers,
        actorId,
        details: {
          containers: input.containers,
          supplierName: input.supplierName,
          supplierAddress: input.supplierAddress,
          supplierDea: input.supplierDea,
          invoiceNumber: input.invoiceNumber,
          invoiceDate: input.invoiceDate,
        },
      },
    ];
  });
  return (await entryViews(ctx, entries))[0] as LedgerEntryView;
}

export async function recordAdministration(
  ctx: Ctx,
  input: {
    lotId: string;
    cabinetId: string;
    quantity: number;
    patientId: string;
    bookingId?: string | undefined;
    sessionId?: string | undefined;
    note?: string | null | undefined;
  },
): Promise<{ entry: LedgerEntryView; openContainerRemainder: number }> {
  const actorId = userId(ctx);
  const { lot, product } = await lotOrThrow(ctx.db, ctx, input.lotId);
  await cabinetOrThrow(ctx.db, ctx, input.cabinetId);
  if (lot.expiresOn < today(ctx)) {
    throw invalid(
      'body.lotId',
      `Lot ${lot.lotNumber} expired on ${lot.expiresOn}; it cannot be administered.`,
    );
  }
  const quantity = positiveQuantity(input.quantity, product.baseUnit);
  if (!(await patientExists(ctx.db, ctx.orgId, input.patientId))) {
    throw new AppError('not-found', 'No such patient in this clinic.');
  }
  if (input.bookingId) {
    const bookingPatient = await findBookingPatientId(ctx.db, ctx.orgId, input.bookingId);
    if (bookingPatient !== input.patientId) {
      throw invalid('body.bookingId', 'This booking is not one of this patient’s.');
    }
  }
  const [entry] = await append(ctx, product.baseUnit, [
    {
      kind: 'administration',
      productId: product.id,
      lotId: lot.id,
      cabinetId: input.cabinetId,
      quantity: -quantity,
      actorId,
      patientId: input.patientId,
      bookingId: input.bookingId ?? null,
      sessionId: input.sessionId ?? null,
      details: input.note ? { note: input.note } : {},
    },
  ]);
  const stored = entry as ChainedEntry;
  const [view] = await entryViews(ctx, [stored]);
  return {
    entry: view as LedgerEntryView,
    openContainerRemainder: tenthsToNumber(remainderAfter(stored, product)),
  };
}

/** What is left in the container an administration opened, from the entry's balance after it. */
export function remainderAfter(entry: ChainedEntry, product: Product): Tenths {
  const dose = -parseTenths(entry.quantity);
  const before = parseTenths(entry.balance_after) + dose;
  const perContainer = toTenths(product.unitsPerContainer, product.baseUnit) as Tenths;
  return openContainerRemainder(before, dose, perContainer);
}

async function requiredWitnesses(ctx: Ctx, kind: EntryKind, witnesses: WitnessInput[]) {
  const policy = await readWitnessPolicy(ctx.db, ctx.orgId);
  return authenticateWitnesses(ctx, witnesses, witnessesRequired(kind, policy));
}

export type WasteInput = {
  lotId: string;
  cabinetId: string;
  quantity: number;
  patientId?: string | undefined;
  administrationEntryId?: string | undefined;
  reason: string;
  witnesses: WitnessInput[];
};

/** A waste entry checked and witnessed, not yet written. */
export type PreparedWaste = { unit: BaseUnit; draft: EntryDraft };

/**
 * Checks a waste and authenticates its witnesses before any transaction opens: a wrong witness
 * password still counts towards the sign-in throttle, and nothing is written.
 */
export async function prepareWaste(ctx: Ctx, input: WasteInput): Promise<PreparedWaste> {
  const actorId = userId(ctx);
  const { lot, product } = await lotOrThrow(ctx.db, ctx, input.lotId);
  await cabinetOrThrow(ctx.db, ctx, input.cabinetId);
  const quantity = positiveQuantity(input.quantity, product.baseUnit);
  let patientId = input.patientId ?? null;
  if (input.administrationEntryId) {
    const administration = await findEntryRef(ctx.db, ctx.orgId, input.administrationEntryId);
    if (administration?.kind !== 'administration' || administration.lotId !== lot.id) {
      throw invalid('body.administrationEntryId', 'Name an administration from this lot.');
    }
    if (patientId && patientId !== administration.patientId) {
      throw invalid('body.patientId', 'The administration was for another patient.');
    }
    patientId = administration.patientId;
  } else {
    // Clinic policy derived from dea-form-41 (waste-limit.ts): more than one container is destruction.
    const limit = unattributedWasteLimit(toTenths(product.unitsPerContainer, product.baseUnit) as Tenths);
    if (quantity > limit) {
      const container = product.form === 'vial' ? 'vial' : 'device';
      const content = product.baseUnit === 'mg' ? ` (${tenthsToNumber(limit)} mg)` : '';
      throw invalid(
        'body.quantity',
        `Without an administration named, waste at most one ${container}${content}. Dispose of more than one ${container} through destruction, with two witnesses.`,
      );
    }
  }
  if (patientId && !(await patientExists(ctx.db, ctx.orgId, patientId))) {
    throw new AppError('not-found', 'No such patient in this clinic.');
  }
  const witnesses = await requiredWitnesses(ctx, 'waste', input.witnesses);
  return {
    unit: product.baseUnit,
    draft: {
      kind: 'waste',
      productId: product.id,
      lotId: lot.id,
      cabinetId: input.cabinetId,
      quantity: -quantity,
      actorId,
      witnessIds: witnesses.map((w) => w.id),
      patientId,
      relatedEntryId: input.administrationEntryId ?? null,
      details: { reason: input.reason },
    },
  };
}

/** Writes a prepared waste, with its audit record, in the caller's transaction. */
export async function appendWaste(trx: Executor, ctx: Ctx, waste: PreparedWaste): Promise<ChainedEntry> {
  try {
    const [entry] = await appendAudited(trx, ctx, [waste.draft]);
    return entry as ChainedEntry;
  } catch (error) {
    if (error instanceof InsufficientStock) {
      throw shortStock(error, waste.unit, 'body.quantity', 'this lot are in this cabinet');
    }
    throw error;
  }
}

export async function recordWaste(ctx: Ctx, input: WasteInput): Promise<LedgerEntryView> {
  const waste = await prepareWaste(ctx, input);
  const [entry] = await append(ctx, waste.unit, [waste.draft]);
  return (await entryViews(ctx, [entry as ChainedEntry]))[0] as LedgerEntryView;
}

export async function recordTransfer(
  ctx: Ctx,
  input: { lotId: string; fromCabinetId: string; toCabinetId: string; quantity: number },
): Promise<LedgerEntryView[]> {
  const actorId = userId(ctx);
  const { lot, product } = await lotOrThrow(ctx.db, ctx, input.lotId);
  const from = await cabinetOrThrow(ctx.db, ctx, input.fromCabinetId, 'body.fromCabinetId');
  const to = await cabinetOrThrow(ctx.db, ctx, input.toCabinetId, 'body.toCabinetId');
  if (from.id === to.id)
    throw invalid('body.toCabinetId', 'Choose a different cabinet to move the stock to.');
  const quantity = positiveQuantity(input.quantity, product.baseUnit);
  const outId = randomUUID();
  const base = { productId: product.id, lotId: lot.id, actorId };
  const entries = await append(ctx, product.baseUnit, [
    {
      ...base,
      id: outId,
      kind: 'transfer-out',
      cabinetId: from.id,
      quantity: signedQuantity('transfer-out', quantity),
      details: { toCabinetId: to.id },
    },
    {
      ...base,
      kind: 'transfer-in',
      cabinetId: to.id,
      quantity: signedQuantity('transfer-in', quantity),
      relatedEntryId: outId,
      details: { fromCabinetId: from.id },
    },
  ]);
  return entryViews(ctx, entries);
}

export async function recordReturn(
  ctx: Ctx,
  input: {
    lotId: string;
    cabinetId: string;
    quantity: number;
    recipientName: string;
    recipientDea: string;
    recipientAddress: string;
  },
): Promise<LedgerEntryView> {
  const actorId = userId(ctx);
  const { lot, product } = await lotOrThrow(ctx.db, ctx, input.lotId);
  await cabinetOrThrow(ctx.db, ctx, input.cabinetId);
  const quantity = positiveQuantity(input.quantity, product.baseUnit);
  const [entry] = await append(ctx, product.baseUnit, [
    {
      kind: 'return',
      productId: product.id,
      lotId: lot.id,
      cabinetId: input.cabinetId,
      quantity: -quantity,
      actorId,
      details: {
        recipientName: input.recipientName,
        recipientDea: input.recipientDea,
        recipientAddress: input.recipientAddress,
      },
    },
  ]);
  return (await entryViews(ctx, [entry as ChainedEntry]))[0] as LedgerEntryView;
}

/** DEA Form 41 data: the product's NDC, name, strength and form, quantity, date, method, place, two witnesses. */
export async function recordDestruction(
  ctx: Ctx,
  input: {
    lotId: string;
    cabinetId: string;
    quantity: number;
    method: string;
    place: string;
    witnesses: WitnessInput[];
  },
): Promise<LedgerEntryView> {
  const actorId = userId(ctx);
  const { lot, product } = await lotOrThrow(ctx.db, ctx, input.lotId);
  await cabinetOrThrow(ctx.db, ctx, input.cabinetId);
  const quantity = positiveQuantity(input.quantity, product.baseUnit);
  const witnesses = await requiredWitnesses(ctx, 'destruction', input.witnesses);
  const [entry] = await append(ctx, product.baseUnit, [
    {
      kind: 'destruction',
      productId: product.id,
      lotId: lot.id,
      cabinetId: input.cabinetId,
      quantity: -quantity,
      actorId,
      witnessIds: witnesses.map((w) => w.id),
      details: {
        method: input.method,
        place: input.place,
        ndc: product.ndc,
        productName: product.name,
        strength: product.strength,
        form: product.form,
      },
    },
  ]);
  return (await entryViews(ctx, [entry as ChainedEntry]))[0] as LedgerEntryView;
}

export async function lossForm(ctx: Ctx): Promise<LossFormField[]> {
  const extra = await listLossFields(ctx.db, ctx.orgId);
  return [...BUILT_IN_LOSS_FIELDS, ...extra.map((f) => ({ ...f, builtIn: false }))];
}

export async function setLossFields(
  ctx: Ctx,
  fields: { key: string; label: string; required: boolean }[],
): Promise<LossFormField[]> {
  const keys = new Set<string>(BUILT_IN_LOSS_FIELDS.map((f) => f.key));
  for (const [i, f] of fields.entries()) {
    if (keys.has(f.key)) throw invalid(`body.fields.${i}.key`, 'Each question needs its own key.');
    keys.add(f.key);
  }
  await ctx.db.transaction().execute(async (trx) => {
    await replaceLossFields(trx, ctx.orgId, fields);
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'inventory_loss_fields',
      entityId: ctx.orgId,
      details: { keys: fields.map((f) => f.key) },
    });
  });
  return lossForm(ctx);
}

export async function recordLoss(
  ctx: Ctx,
  input: {
    lotId: string;
    cabinetId: string;
    quantity: number;
    discoveredOn: string;
    lossType: LossType;
    policeNotified: boolean;
    policeReport?: string | null | undefined;
    value?: number | undefined;
    stepsTaken?: string | null | undefined;
    extra?: Record<string, string> | undefined;
  },
): Promise<{ entry: LedgerEntryView; reminder: string; noticeDueBy: string }> {
  const actorId = userId(ctx);
  const { lot, product } = await lotOrThrow(ctx.db, ctx, input.lotId);
  await cabinetOrThrow(ctx.db, ctx, input.cabinetId);
  const quantity = positiveQuantity(input.quantity, product.baseUnit);
  if (input.discoveredOn > today(ctx))
    throw invalid('body.discoveredOn', 'The discovery date cannot be in the future.');
  if (input.policeNotified && !input.policeReport) {
    throw invalid(
      'body.policeReport',
      'Give the police report number (or say the police were not notified).',
    );
  }
  const questions = await listLossFields(ctx.db, ctx.orgId);
  const extra = input.extra ?? {};
  for (const key of Object.keys(extra)) {
    if (!questions.some((q) => q.key === key)) throw invalid(`body.extra.${key}`, 'Unknown question.');
  }
  for (const q of questions) {
    if (q.required && !extra[q.key]?.trim()) throw invalid(`body.extra.${q.key}`, `Answer: ${q.label}.`);
  }
  const due = noticeDueBy(input.discoveredOn);
  const [entry] = await append(ctx, product.baseUnit, [
    {
      kind: 'loss',
      productId: product.id,
      lotId: lot.id,
      cabinetId: input.cabinetId,
      quantity: -quantity,
      actorId,
      details: {
        discoveredOn: input.discoveredOn,
        lossType: input.lossType,
        policeNotified: input.policeNotified,
        policeReport: input.policeReport ?? null,
        value: input.value === undefined ? null : String(input.value),
        stepsTaken: input.stepsTaken ?? null,
        ndc: product.ndc,
        productName: product.name,
        strength: product.strength,
        form: product.form,
        extra,
        noticeDueBy: due,
      },
    },
  ]);
  return {
    entry: (await entryViews(ctx, [entry as ChainedEntry]))[0] as LedgerEntryView,
    reminder: `${LOSS_REMINDER} Written notice due by ${due}.`,
    noticeDueBy: due,
  };
}

export async function witnessPolicy(ctx: Ctx) {
  return readWitnessPolicy(ctx.db, ctx.orgId);
}
