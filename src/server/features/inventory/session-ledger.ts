import type { ChainedEntry } from '../../../domain/ledger/chain.ts';
import {
  type BaseUnit,
  isQuantityProblem,
  QUANTITY_MESSAGES,
  type Tenths,
  tenthsToNumber,
  toTenths,
} from '../../../domain/ledger/quantity.ts';
import type { Ctx, Executor } from '../../context.ts';
import type { FieldError } from '../../http/problem.ts';
import { administrationRemainder } from './administration-remainder.ts';
import { appendAudited, remainderAfter, shortStock, userId } from './service.ts';
import {
  type Cabinet,
  findCabinet,
  findLot,
  findProduct,
  InsufficientStock,
  type LedgerEntryView,
  type Lot,
  listEntries,
  type Product,
} from './store.ts';

/** The chart's dose is witnessed as stock is: by someone who signs in on the spot. */
export { authenticateWitnesses, type WitnessInput } from './witness.ts';

// The session chart's side of the ledger (issue 6, item 8): the chart checks the lot and cabinet with
// these before it opens its transaction, then writes its own row and the ledger entry in that one
// transaction, so either both are written or neither.

export type SessionRoute = 'iv-ketamine' | 'esketamine';

/** IV ketamine is drawn from vials counted in mg; esketamine is given from nasal devices counted whole. */
const ROUTE_PRODUCT: Record<SessionRoute, { form: Product['form']; baseUnit: BaseUnit; words: string }> = {
  'iv-ketamine': { form: 'vial', baseUnit: 'mg', words: 'ketamine vials (counted in mg)' },
  esketamine: { form: 'nasal-device', baseUnit: 'device', words: 'esketamine nasal devices' },
};

export type SessionStock = { lot: Lot; product: Product; cabinet: Cabinet; quantity: Tenths };

export type SessionStockRequest = {
  lotId: string;
  cabinetId: string;
  route: SessionRoute;
  /** The session's location: stock is given from a cabinet there. */
  locationId: string;
  /** The day of the dose at the location (YYYY-MM-DD): a lot that expired before it is refused. */
  doseDay: string;
  /** mg for IV ketamine, devices for esketamine. */
  quantity: number;
  /** The body field the quantity comes from (`body.doseMg`, `body.deviceTimes`). */
  quantityField: string;
  /** Esketamine: the mg per device the protocol phase counts with. */
  deviceMg?: number | undefined;
};

/**
 * The lot and cabinet a chart names for its dose, checked without writing anything: the lot is this
 * clinic's, of a product that fits the session's route, not expired on the day of the dose, in a
 * cabinet of the session's location. The balance is checked later, under the ledger's lock.
 */
export async function checkSessionStock(
  db: Executor,
  ctx: Ctx,
  input: SessionStockRequest,
): Promise<{ stock: SessionStock | null; problems: FieldError[] }> {
  const problems: FieldError[] = [];
  const lot = await findLot(db, ctx.orgId, input.lotId);
  const product = lot ? await findProduct(db, ctx.orgId, lot.productId) : undefined;
  const wanted = ROUTE_PRODUCT[input.route];
  if (!lot || !product) {
    problems.push({ field: 'body.lotId', message: 'No such lot in this clinic.' });
  } else if (product.form !== wanted.form || product.baseUnit !== wanted.baseUnit) {
    problems.push({
      field: 'body.lotId',
      message: `Lot ${lot.lotNumber} is ${product.name}; this session is given from ${wanted.words}.`,
    });
  } else if (
    input.route === 'esketamine' &&
    input.deviceMg !== undefined &&
    product.mgPerDevice !== input.deviceMg
  ) {
    problems.push({
      field: 'body.lotId',
      message: `Lot ${lot.lotNumber} holds ${product.mgPerDevice} mg per device; this session counts ${input.deviceMg} mg devices.`,
    });
  } else if (lot.expiresOn < input.doseDay) {
    problems.push({
      field: 'body.lotId',
      message: `Lot ${lot.lotNumber} expired on ${lot.expiresOn}, before the day of the dose (${input.doseDay}).`,
    });
  }
  const cabinet = await findCabinet(db, ctx.orgId, input.cabinetId);
  if (!cabinet) {
    problems.push({ field: 'body.cabinetId', message: 'No such cabinet in this clinic.' });
  } else if (cabinet.locationId !== input.locationId) {
    problems.push({
      field: 'body.cabinetId',
      message: `${cabinet.name} is at ${cabinet.locationName}; give from a cabinet at this session’s location.`,
    });
  }
  const quantity = toTenths(input.quantity, wanted.baseUnit);
  if (isQuantityProblem(quantity)) {
    problems.push({ field: input.quantityField, message: QUANTITY_MESSAGES[quantity] });
  }
  if (problems.length > 0 || !lot || !product || !cabinet || isQuantityProblem(quantity)) {
    return { stock: null, problems };
  }
  return { stock: { lot, product, cabinet, quantity }, problems };
}

/**
 * Writes the administration's ledger entry, with its audit record, in the caller's transaction: the
 * nurse is the actor, the patient, booking and session are named. Too little of the lot in the cabinet
 * is a 400 on `body.lotId` and, thrown inside the caller's transaction, undoes everything it wrote.
 */
export async function appendSessionAdministration(
  trx: Executor,
  ctx: Ctx,
  stock: SessionStock,
  input: { entryId: string; patientId: string; bookingId: string; sessionId: string },
): Promise<{ entry: ChainedEntry; openContainerRemainder: number }> {
  const { lot, product, cabinet } = stock;
  try {
    const [entry] = await appendAudited(trx, ctx, [
      {
        id: input.entryId,
        kind: 'administration',
        productId: product.id,
        lotId: lot.id,
        cabinetId: cabinet.id,
        quantity: -stock.quantity,
        actorId: userId(ctx),
        patientId: input.patientId,
        bookingId: input.bookingId,
        sessionId: input.sessionId,
      },
    ]);
    const stored = entry as ChainedEntry;
    return { entry: stored, openContainerRemainder: tenthsToNumber(remainderAfter(stored, product)) };
  } catch (error) {
    if (error instanceof InsufficientStock) {
      throw shortStock(
        error,
        product.baseUnit,
        'body.lotId',
        `lot ${lot.lotNumber} are in ${cabinet.name}; ${tenthsToNumber(stock.quantity)} are needed`,
      );
    }
    throw error;
  }
}

export type SessionWasteView = {
  entryId: string;
  quantity: number;
  unit: BaseUnit;
  reason: string;
  recordedBy: string;
  witnesses: string[];
  at: string;
};

export type SessionLedgerState = {
  administration: LedgerEntryView;
  /** What the product comes in: the remainder is left in a vial, or in a pack of devices. */
  form: Product['form'];
  /** What the administration left in the container it opened, in the product's base unit. */
  remainder: number;
  /** The remainder not yet accounted for by a waste entry that names the administration. */
  outstanding: number;
  /** The latest waste entry naming the administration. */
  waste: SessionWasteView | null;
};

/** An administration's entry, what it left in its open container, and the waste recorded against it. */
export async function sessionLedgerState(
  db: Executor,
  orgId: string,
  administrationEntryId: string,
): Promise<SessionLedgerState | null> {
  const [[administration], left, wastes] = await Promise.all([
    listEntries(db, orgId, { ids: [administrationEntryId] }),
    administrationRemainder(db, orgId, administrationEntryId),
    listEntries(db, orgId, { relatedEntryId: administrationEntryId, kinds: ['waste'], order: 'asc' }),
  ]);
  if (!administration || !left) return null;
  const latest = wastes.at(-1);
  return {
    administration,
    form: left.form,
    remainder: tenthsToNumber(left.remainder),
    outstanding: tenthsToNumber(Math.max(0, left.remainder - left.wasted)),
    waste: latest
      ? {
          entryId: latest.id,
          quantity: -latest.quantity,
          unit: left.baseUnit,
          reason: String(latest.details.reason ?? ''),
          recordedBy: latest.actorName,
          witnesses: latest.witnessNames,
          at: latest.occurredAt,
        }
      : null,
  };
}
