import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import {
  type ChainedEntry,
  chainEntry,
  GENESIS_HASH,
  isoMicros,
  type StoredEntryText,
} from '../../../domain/ledger/chain.ts';
import type { EntryKind } from '../../../domain/ledger/kinds.ts';
import {
  type BaseUnit,
  formatTenths,
  parseTenths,
  type Tenths,
  tenthsToMl,
  tenthsToNumber,
} from '../../../domain/ledger/quantity.ts';
import type { Executor } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { recordedRecipient, withRecipients } from './administration-recipient.ts';
import { refuseWasteBeyondRemainder } from './administration-remainder.ts';

// ---- products, lots, cabinets

export type Product = {
  id: string;
  name: string;
  ndc: string;
  form: 'vial' | 'nasal-device';
  strength: string;
  baseUnit: BaseUnit;
  mgPerMl: number | null;
  mgPerDevice: number | null;
  containerSize: string;
  unitsPerContainer: number;
};

type ProductRow = {
  id: string;
  name: string;
  ndc: string;
  form: 'vial' | 'nasal-device';
  base_unit: BaseUnit;
  mg_per_ml: string | null;
  mg_per_device: string | null;
  container_size: string;
  units_per_container: string;
};

function toProduct(row: ProductRow): Product {
  const mgPerMl = row.mg_per_ml === null ? null : Number(row.mg_per_ml);
  const mgPerDevice = row.mg_per_device === null ? null : Number(row.mg_per_device);
  return {
    id: row.id,
    name: row.name,
    ndc: row.ndc,
    form: row.form,
    strength: mgPerMl !== null ? `${mgPerMl} mg/mL` : `${mgPerDevice ?? ''} mg per device`,
    baseUnit: row.base_unit,
    mgPerMl,
    mgPerDevice,
    containerSize: row.container_size,
    unitsPerContainer: Number(row.units_per_container),
  };
}

const PRODUCT_COLUMNS = [
  'id',
  'name',
  'ndc',
  'form',
  'base_unit',
  'mg_per_ml',
  'mg_per_device',
  'container_size',
  'units_per_container',
] as const;

export async function listProducts(db: Executor, orgId: string): Promise<Product[]> {
  const rows = await db
    .selectFrom('cs_products')
    .select(PRODUCT_COLUMNS)
    .where('org_id', '=', orgId)
    .orderBy('name')
    .execute();
  return rows.map(toProduct);
}

export async function findProduct(db: Executor, orgId: string, id: string): Promise<Product | undefined> {
  const row = await db
    .selectFrom('cs_products')
    .select(PRODUCT_COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toProduct(row) : undefined;
}

export async function ndcTaken(db: Executor, orgId: string, ndc: string): Promise<boolean> {
  const row = await db
    .selectFrom('cs_products')
    .select('id')
    .where('org_id', '=', orgId)
    .where('ndc', '=', ndc)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertProduct(
  db: Executor,
  orgId: string,
  input: {
    name: string;
    ndc: string;
    form: 'vial' | 'nasal-device';
    baseUnit: BaseUnit;
    mgPerMl: number | null;
    mgPerDevice: number | null;
    containerSize: string;
    unitsPerContainer: Tenths;
  },
  now: Date,
): Promise<Product> {
  const row = await db
    .insertInto('cs_products')
    .values({
      org_id: orgId,
      name: input.name,
      ndc: input.ndc,
      form: input.form,
      base_unit: input.baseUnit,
      mg_per_ml: input.mgPerMl === null ? null : String(input.mgPerMl),
      mg_per_device: input.mgPerDevice === null ? null : String(input.mgPerDevice),
      container_size: input.containerSize,
      units_per_container: formatTenths(input.unitsPerContainer),
      created_at: now,
    })
    .returning(PRODUCT_COLUMNS)
    .executeTakeFirstOrThrow();
  return toProduct(row);
}

export type Cabinet = { id: string; locationId: string; locationName: string; name: string };

function cabinetQuery(db: Executor, orgId: string) {
  return db
    .selectFrom('cs_cabinets as c')
    .innerJoin('locations as l', 'l.id', 'c.location_id')
    .select(['c.id', 'c.location_id as locationId', 'l.name as locationName', 'c.name'])
    .where('c.org_id', '=', orgId);
}

export async function listCabinets(db: Executor, orgId: string): Promise<Cabinet[]> {
  return cabinetQuery(db, orgId).orderBy('l.name').orderBy('c.name').execute();
}

export async function findCabinet(db: Executor, orgId: string, id: string): Promise<Cabinet | undefined> {
  return cabinetQuery(db, orgId).where('c.id', '=', id).executeTakeFirst();
}

export async function findLocationName(db: Executor, orgId: string, id: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('locations')
    .select('name')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.name;
}

export async function cabinetNameTaken(db: Executor, locationId: string, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('cs_cabinets')
    .select('id')
    .where('location_id', '=', locationId)
    .where(sql<boolean>`lower(name) = lower(${name})`)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertCabinet(
  db: Executor,
  orgId: string,
  input: { locationId: string; name: string },
  now: Date,
): Promise<string> {
  const row = await db
    .insertInto('cs_cabinets')
    .values({ org_id: orgId, location_id: input.locationId, name: input.name, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type Lot = {
  id: string;
  productId: string;
  lotNumber: string;
  expiresOn: string;
  supplierName: string;
  supplierAddress: string;
  supplierDea: string;
  invoiceNumber: string;
  invoiceDate: string;
};

function lotQuery(db: Executor, orgId: string) {
  return db
    .selectFrom('cs_lots')
    .select([
      'id',
      'product_id as productId',
      'lot_number as lotNumber',
      sql<string>`expires_on::text`.as('expiresOn'),
      'supplier_name as supplierName',
      'supplier_address as supplierAddress',
      'supplier_dea as supplierDea',
      'invoice_number as invoiceNumber',
      sql<string>`invoice_date::text`.as('invoiceDate'),
    ])
    .where('org_id', '=', orgId);
}

export async function listLots(db: Executor, orgId: string, productId?: string): Promise<Lot[]> {
  let q = lotQuery(db, orgId);
  if (productId) q = q.where('product_id', '=', productId);
  return q.orderBy('expires_on').orderBy('lot_number').execute();
}

export async function findLot(db: Executor, orgId: string, id: string): Promise<Lot | undefined> {
  return lotQuery(db, orgId).where('id', '=', id).executeTakeFirst();
}

export async function findLotByNumber(
  db: Executor,
  orgId: string,
  productId: string,
  lotNumber: string,
): Promise<Lot | undefined> {
  return lotQuery(db, orgId)
    .where('product_id', '=', productId)
    .where('lot_number', '=', lotNumber)
    .executeTakeFirst();
}

export async function insertLot(
  db: Executor,
  orgId: string,
  input: Omit<Lot, 'id'>,
  now: Date,
): Promise<string> {
  const row = await db
    .insertInto('cs_lots')
    .values({
      org_id: orgId,
      product_id: input.productId,
      lot_number: input.lotNumber,
      expires_on: input.expiresOn,
      supplier_name: input.supplierName,
      supplier_address: input.supplierAddress,
      supplier_dea: input.supplierDea,
      invoice_number: input.invoiceNumber,
      invoice_date: input.invoiceDate,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

// ---- stock

export type StockRow = {
  lotId: string;
  lotNumber: string;
  expiresOn: string;
  expired: boolean;
  productId: string;
  productName: string;
  baseUnit: BaseUnit;
  cabinetId: string;
  cabinetName: string;
  balance: number;
  balanceMl: number | null;
};

export async function listStock(
  db: Executor,
  orgId: string,
  today: string,
  filter: { cabinetId?: string; includeEmpty?: boolean } = {},
): Promise<StockRow[]> {
  let q = db
    .selectFrom('ledger_balances as b')
    .innerJoin('cs_lots as l', 'l.id', 'b.lot_id')
    .innerJoin('cs_products as p', 'p.id', 'l.product_id')
    .innerJoin('cs_cabinets as c', 'c.id', 'b.cabinet_id')
    .select([
      'b.lot_id',
      'l.lot_number',
      sql<string>`l.expires_on::text`.as('expires_on'),
      'p.id as product_id',
      'p.name as product_name',
      'p.base_unit',
      'p.mg_per_ml',
      'b.cabinet_id',
      'c.name as cabinet_name',
      sql<string>`b.balance::text`.as('balance'),
    ])
    .where('b.org_id', '=', orgId);
  if (!filter.includeEmpty) q = q.where('b.balance', '>', '0');
  if (filter.cabinetId) q = q.where('b.cabinet_id', '=', filter.cabinetId);
  const rows = await q.orderBy('p.name').orderBy('l.expires_on').orderBy('c.name').execute();
  return rows.map((r) => {
    const tenths = parseTenths(r.balance);
    return {
      lotId: r.lot_id,
      lotNumber: r.lot_number,
      expiresOn: r.expires_on,
      expired: r.expires_on < today,
      productId: r.product_id,
      productName: r.product_name,
      baseUnit: r.base_unit,
      cabinetId: r.cabinet_id,
      cabinetName: r.cabinet_name,
      balance: tenthsToNumber(tenths),
      balanceMl: tenthsToMl(tenths, r.mg_per_ml === null ? null : Number(r.mg_per_ml)),
    };
  });
}

// ---- appending to the chain

export type EntryDraft = {
  /** Given when another entry of the same use case refers to this one. */
  id?: string;
  kind: EntryKind;
  productId: string;
  lotId: string;
  cabinetId: string;
  /** Signed, in tenths of the base unit. */
  quantity: Tenths;
  actorId: string;
  witnessIds?: string[];
  patientId?: string | null;
  bookingId?: string | null;
  sessionId?: string | null;
  countId?: string | null;
  relatedEntryId?: string | null;
  details?: Record<string, unknown>;
};

export class InsufficientStock extends Error {
  constructor(
    readonly index: number,
    readonly available: Tenths,
  ) {
    super('insufficient stock');
  }
}

/** One appender per organisation's chain at a time (design.md, "Hash chains"). */
export async function lockLedger(db: Executor, orgId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`ledger_entries:${orgId}`}, 0))`.execute(db);
}

export async function lockedBalance(db: Executor, lotId: string, cabinetId: string): Promise<Tenths> {
  const row = await sql<{ balance: string }>`
    SELECT balance::text AS balance FROM ledger_balances
    WHERE lot_id = ${lotId} AND cabinet_id = ${cabinetId} FOR UPDATE`.execute(db);
  return row.rows[0] ? parseTenths(row.rows[0].balance) : 0;
}

export async function ledgerHead(db: Executor, orgId: string): Promise<{ seq: number; hash: string }> {
  const head = await db
    .selectFrom('ledger_entries')
    .select(['seq', 'hash'])
    .where('org_id', '=', orgId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return head ? { seq: Number(head.seq), hash: head.hash } : { seq: 0, hash: GENESIS_HASH };
}

/**
 * Appends entries in one transaction (the caller's): takes the chain's lock, records in each
 * administration's details the name and address of the patient it was given to (withRecipients), refuses
 * a waste naming an administration for more than it left (WasteBeyondRemainder), locks each balance row, refuses any
 * entry that would take a balance below zero, chains and inserts the entries, and writes the new
 * balances. Throws InsufficientStock naming the entry when stock is short.
 */
export async function appendEntries(
  trx: Executor,
  orgId: string,
  now: Date,
  given: EntryDraft[],
): Promise<ChainedEntry[]> {
  await lockLedger(trx, orgId);
  const drafts = await withRecipients(trx, orgId, given);
  await refuseWasteBeyondRemainder(trx, orgId, drafts);
  const balances = new Map<string, Tenths>();
  const afters: Tenths[] = [];
  for (const [index, draft] of drafts.entries()) {
    const key = `${draft.lotId}/${draft.cabinetId}`;
    const before = balances.get(key) ?? (await lockedBalance(trx, draft.lotId, draft.cabinetId));
    const after = before + draft.quantity;
    if (after < 0) throw new InsufficientStock(index, before);
    balances.set(key, after);
    afters.push(after);
  }
  let head = await ledgerHead(trx, orgId);
  const occurredAt = isoMicros(now);
  const chained = drafts.map((draft, i) => {
    const entry = chainEntry(head, {
      id: draft.id ?? randomUUID(),
      org_id: orgId,
      kind: draft.kind,
      occurred_at: occurredAt,
      product_id: draft.productId,
      lot_id: draft.lotId,
      cabinet_id: draft.cabinetId,
      quantity: formatTenths(draft.quantity),
      balance_after: formatTenths(afters[i] as Tenths),
      actor_id: draft.actorId,
      witness_ids: draft.witnessIds ?? [],
      patient_id: draft.patientId ?? null,
      booking_id: draft.bookingId ?? null,
      session_id: draft.sessionId ?? null,
      count_id: draft.countId ?? null,
      related_entry_id: draft.relatedEntryId ?? null,
      details: draft.details ?? {},
    });
    head = { seq: Number(entry.seq), hash: entry.hash };
    return entry;
  });
  await trx
    .insertInto('ledger_entries')
    .values(chained.map((e) => ({ ...e, details: JSON.stringify(e.details) })))
    .execute();
  for (const [key, balance] of balances) {
    const [lotId, cabinetId] = key.split('/') as [string, string];
    await trx
      .insertInto('ledger_balances')
      .values({
        org_id: orgId,
        lot_id: lotId,
        cabinet_id: cabinetId,
        balance: formatTenths(balance),
        last_seq: head.seq,
      })
      .onConflict((oc) =>
        oc
          .columns(['lot_id', 'cabinet_id'])
          .doUpdateSet({ balance: formatTenths(balance), last_seq: head.seq }),
      )
      .execute();
  }
  return chained;
}

// ---- reading the ledger

export type LedgerEntryView = {
  id: string;
  seq: number;
  kind: EntryKind;
  occurredAt: string;
  lotId: string;
  lotNumber: string;
  expiresOn: string;
  productId: string;
  productName: string;
  ndc: string;
  strength: string;
  containerSize: string;
  baseUnit: BaseUnit;
  cabinetId: string;
  cabinetName: string;
  locationId: string;
  locationName: string;
  quantity: number;
  quantityMl: number | null;
  balanceAfter: number;
  balanceAfterMl: number | null;
  actorId: string;
  actorName: string;
  witnessIds: string[];
  witnessNames: string[];
  patientId: string | null;
  patientName: string | null;
  patientAddress: string | null;
  patientMrn: string | null;
  bookingId: string | null;
  sessionId: string | null;
  countId: string | null;
  relatedEntryId: string | null;
  details: Record<string, unknown>;
  hash: string;
};

export type LedgerFilter = {
  from?: Date | undefined;
  to?: Date | undefined;
  productId?: string | undefined;
  lotId?: string | undefined;
  userId?: string | undefined;
  /** Entries of cabinets at this location. */
  locationId?: string | undefined;
  kinds?: EntryKind[] | undefined;
  /** Entries with seq below this (newest first paging). */
  beforeSeq?: number | undefined;
  ids?: string[] | undefined;
  /** Entries that name this one as their related entry (the waste of an administration's remainder). */
  relatedEntryId?: string | undefined;
  order?: 'asc' | 'desc';
  limit?: number;
};

export async function listEntries(
  db: Executor,
  orgId: string,
  filter: LedgerFilter,
): Promise<LedgerEntryView[]> {
  const where = [sql`e.org_id = ${orgId}`];
  if (filter.from) where.push(sql`e.occurred_at >= ${filter.from}`);
  if (filter.to) where.push(sql`e.occurred_at < ${filter.to}`);
  if (filter.productId) where.push(sql`e.product_id = ${filter.productId}`);
  if (filter.lotId) where.push(sql`e.lot_id = ${filter.lotId}`);
  if (filter.userId)
    where.push(sql`(e.actor_id = ${filter.userId} OR ${filter.userId}::uuid = ANY (e.witness_ids))`);
  if (filter.locationId) where.push(sql`c.location_id = ${filter.locationId}`);
  if (filter.kinds?.length) where.push(sql`e.kind IN (${sql.join(filter.kinds)})`);
  if (filter.beforeSeq !== undefined) where.push(sql`e.seq < ${filter.beforeSeq}`);
  if (filter.ids?.length) where.push(sql`e.id IN (${sql.join(filter.ids)})`);
  if (filter.relatedEntryId) where.push(sql`e.related_entry_id = ${filter.relatedEntryId}`);
  const order = filter.order === 'asc' ? sql`ASC` : sql`DESC`;
  const limit = filter.limit ?? 100_000;
  const rows = await sql<{
    id: string;
    seq: string;
    kind: EntryKind;
    occurred_at: string;
    lot_id: string;
    lot_number: string;
    expires_on: string;
    product_id: string;
    product_name: string;
    ndc: string;
    mg_per_ml: string | null;
    mg_per_device: string | null;
    container_size: string;
    base_unit: BaseUnit;
    cabinet_id: string;
    cabinet_name: string;
    location_id: string;
    location_name: string;
    quantity: string;
    balance_after: string;
    actor_id: string;
    actor_name: string;
    witness_ids: string[];
    witness_names: string[] | null;
    patient_id: string | null;
    patient_name: string | null;
    patient_address: string | null;
    patient_mrn: string | null;
    booking_id: string | null;
    session_id: string | null;
    count_id: string | null;
    related_entry_id: string | null;
    details: Record<string, unknown>;
    hash: string;
  }>`
    SELECT e.id, e.seq, e.kind, to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
      e.lot_id, l.lot_number, l.expires_on::text AS expires_on, e.product_id, p.name AS product_name, p.ndc,
      p.mg_per_ml::text AS mg_per_ml, p.mg_per_device::text AS mg_per_device, p.container_size, p.base_unit,
      e.cabinet_id, c.name AS cabinet_name, c.location_id, loc.name AS location_name,
      e.quantity::text AS quantity, e.balance_after::text AS balance_after,
      e.actor_id, a.name AS actor_name, e.witness_ids::text[] AS witness_ids,
      (SELECT array_agg(w.name ORDER BY array_position(e.witness_ids, w.id)) FROM users w
        WHERE w.id = ANY (e.witness_ids)) AS witness_names,
      e.patient_id, pt.legal_given_name || ' ' || pt.legal_family_name AS patient_name,
      concat_ws(', ', pt.address_line1, pt.address_line2, pt.city, pt.state, pt.postal_code) AS patient_address,
      pt.mrn AS patient_mrn,
      e.booking_id, e.session_id, e.count_id, e.related_entry_id, e.details, e.hash
    FROM ledger_entries e
    JOIN cs_lots l ON l.id = e.lot_id
    JOIN cs_products p ON p.id = e.product_id
    JOIN cs_cabinets c ON c.id = e.cabinet_id
    JOIN locations loc ON loc.id = c.location_id
    JOIN users a ON a.id = e.actor_id
    LEFT JOIN patients pt ON pt.id = e.patient_id
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY e.seq ${order}
    LIMIT ${limit}`.execute(db);
  return rows.rows.map((r) => {
    // Older entries did not record the recipient: they fall back to the patient's chart as it is now.
    const recorded = recordedRecipient(r.details);
    const mgPerMl = r.mg_per_ml === null ? null : Number(r.mg_per_ml);
    const quantity = parseTenths(r.quantity);
    const after = parseTenths(r.balance_after);
    return {
      id: r.id,
      seq: Number(r.seq),
      kind: r.kind,
      occurredAt: r.occurred_at,
      lotId: r.lot_id,
      lotNumber: r.lot_number,
      expiresOn: r.expires_on,
      productId: r.product_id,
      productName: r.product_name,
      ndc: r.ndc,
      strength: mgPerMl !== null ? `${mgPerMl} mg/mL` : `${Number(r.mg_per_device)} mg per device`,
      containerSize: r.container_size,
      baseUnit: r.base_unit,
      cabinetId: r.cabinet_id,
      cabinetName: r.cabinet_name,
      locationId: r.location_id,
      locationName: r.location_name,
      quantity: tenthsToNumber(quantity),
      quantityMl: tenthsToMl(quantity, mgPerMl),
      balanceAfter: tenthsToNumber(after),
      balanceAfterMl: tenthsToMl(after, mgPerMl),
      actorId: r.actor_id,
      actorName: r.actor_name,
      witnessIds: r.witness_ids,
      witnessNames: r.witness_names ?? [],
      patientId: r.patient_id,
      patientName: recorded ? recorded.patientName : r.patient_name,
      patientAddress: recorded ? recorded.patientAddress : r.patient_address || null,
      patientMrn: r.patient_mrn,
      bookingId: r.booking_id,
      sessionId: r.session_id,
      countId: r.count_id,
      relatedEntryId: r.related_entry_id,
      details: r.details,
      hash: r.hash,
    };
  });
}

// ---- verification reads

const CANONICAL_COLUMNS = sql.raw(`id, org_id, seq::text AS seq, kind,
  to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
  product_id, lot_id, cabinet_id, quantity::text AS quantity, balance_after::text AS balance_after,
  actor_id, witness_ids::text AS witness_ids, patient_id, booking_id, session_id, count_id,
  related_entry_id, details::text AS details, prev_hash, hash`);

/**
 * One organisation's chain in seq order, a page at a time, through one cursor in a read-only
 * snapshot: a single index scan however large the ledger (and whatever the planner's statistics),
 * and entries appended meanwhile do not move under the reader. `onPage` returns false to stop.
 * Returns the stored balances as of the same snapshot, so a write made during the read cannot
 * look like a balance that does not add up.
 */
export async function readLedgerChain(
  db: Db,
  orgId: string,
  onPage: (rows: StoredEntryText[]) => boolean,
  pageSize = 5_000,
): Promise<Map<string, Tenths>> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const balances = await storedBalances(trx, orgId);
      await sql`DECLARE ledger_chain NO SCROLL CURSOR FOR
        SELECT ${CANONICAL_COLUMNS} FROM ledger_entries
        WHERE org_id = ${orgId} ORDER BY ledger_entries.seq`.execute(trx);
      const fetchPage = () =>
        sql<StoredEntryText>`FETCH ${sql.raw(String(Math.trunc(pageSize)))} FROM ledger_chain`.execute(trx);
      // The next page is asked for before this one is checked, so PostgreSQL reads while Node hashes.
      let next = fetchPage();
      for (;;) {
        const page = await next;
        if (page.rows.length === 0) return balances;
        next = fetchPage();
        if (!onPage(page.rows)) {
          await next;
          return balances;
        }
      }
    });
}

export async function ledgerOrgs(db: Db): Promise<string[]> {
  const rows = await sql<{ org_id: string }>`
    SELECT DISTINCT org_id FROM ledger_balances UNION SELECT id FROM organisations ORDER BY 1`.execute(db);
  return rows.rows.map((r) => r.org_id);
}

export async function orgsWithBalances(db: Db): Promise<string[]> {
  const rows = await sql<{ org_id: string }>`SELECT DISTINCT org_id FROM ledger_balances ORDER BY 1`.execute(
    db,
  );
  return rows.rows.map((r) => r.org_id);
}

export async function ledgerHeads(db: Db): Promise<{ orgId: string; seq: number; hash: string }[]> {
  const rows = await sql<{ org_id: string; seq: string; hash: string }>`
    SELECT DISTINCT ON (org_id) org_id, seq, hash FROM ledger_entries ORDER BY org_id, seq DESC`.execute(db);
  return rows.rows.map((r) => ({ orgId: r.org_id, seq: Number(r.seq), hash: r.hash }));
}

export async function hashAtSeq(db: Executor, orgId: string, seq: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('ledger_entries')
    .select('hash')
    .where('org_id', '=', orgId)
    .where('seq', '=', String(seq))
    .executeTakeFirst();
  return row?.hash;
}

/** The stored balances of an organisation, to compare with the balances the chain adds up to. */
export async function storedBalances(db: Executor, orgId: string): Promise<Map<string, Tenths>> {
  const rows = await sql<{ lot_id: string; cabinet_id: string; balance: string }>`
    SELECT lot_id, cabinet_id, balance::text AS balance FROM ledger_balances WHERE org_id = ${orgId}`.execute(
    db,
  );
  return new Map(rows.rows.map((r) => [`${r.lot_id}/${r.cabinet_id}`, parseTenths(r.balance)]));
}

// ---- references from other records, policy

export async function patientExists(db: Executor, orgId: string, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('patients')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findBookingPatientId(
  db: Executor,
  orgId: string,
  id: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('bookings')
    .select('patient_id')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.patient_id;
}

export async function findEntryRef(
  db: Executor,
  orgId: string,
  id: string,
): Promise<{ id: string; kind: EntryKind; lotId: string; patientId: string | null } | undefined> {
  return db
    .selectFrom('ledger_entries')
    .select(['id', 'kind', 'lot_id as lotId', 'patient_id as patientId'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The witness rules are clinic policy columns of org_settings (added by migration 0008). */
export async function readWitnessPolicy(
  db: Executor,
  orgId: string,
): Promise<{ wasteWitnessRequired: boolean; adjustmentWitnessRequired: boolean }> {
  const row = await db
    .selectFrom('org_settings')
    .select(['waste_witness_required', 'adjustment_witness_required'])
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return {
    wasteWitnessRequired: row?.waste_witness_required ?? true,
    adjustmentWitnessRequired: row?.adjustment_witness_required ?? true,
  };
}

export async function listLossFields(
  db: Executor,
  orgId: string,
): Promise<{ key: string; label: string; required: boolean }[]> {
  return db
    .selectFrom('inventory_loss_fields')
    .select(['key', 'label', 'required'])
    .where('org_id', '=', orgId)
    .orderBy('position')
    .execute();
}

export async function replaceLossFields(
  db: Executor,
  orgId: string,
  fields: { key: string; label: string; required: boolean }[],
): Promise<void> {
  await db.deleteFrom('inventory_loss_fields').where('org_id', '=', orgId).execute();
  if (fields.length === 0) return;
  await db
    .insertInto('inventory_loss_fields')
    .values(fields.map((f, position) => ({ org_id: orgId, ...f, position })))
    .execute();
}

/** Adjustments already made against one lot of a count. */
export async function adjustedSoFar(db: Executor, countId: string, lotId: string): Promise<Tenths> {
  const row = await sql<{ total: string | null }>`
    SELECT sum(quantity)::text AS total FROM ledger_entries
    WHERE count_id = ${countId} AND lot_id = ${lotId} AND kind = 'adjustment'`.execute(db);
  return row.rows[0]?.total ? parseTenths(row.rows[0].total) : 0;
}
