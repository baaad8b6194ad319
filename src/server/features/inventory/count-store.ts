import { sql } from 'kysely';
import {
  type BaseUnit,
  formatTenths,
  parseTenths,
  type Tenths,
  tenthsToNumber,
} from '../../../domain/ledger/quantity.ts';
import type { Executor } from '../../context.ts';
import type { CountKind, CountStatus } from '../../db/schema.ts';

export type CountMethod = 'counted' | 'estimated';
export type CountTiming = 'opening' | 'closing';
export type DiscrepancyAction = 'investigate' | 'explain' | 'report';

export type CountView = {
  id: string;
  kind: CountKind;
  timing: CountTiming | null;
  cabinetId: string;
  cabinetName: string;
  countedBy: string;
  countedByName: string;
  countedAt: string;
  ledgerSeq: number;
  lines: {
    lotId: string;
    lotNumber: string;
    productName: string;
    baseUnit: BaseUnit;
    expected: number;
    counted: number;
    difference: number;
    method: CountMethod;
  }[];
  discrepancies: number;
  status: CountStatus;
  notes: { action: DiscrepancyAction; note: string; byName: string; at: string }[];
};

/** Balances of every lot in a cabinet (the caller holds the ledger lock, so they are exact). */
export async function cabinetBalances(db: Executor, cabinetId: string): Promise<Map<string, Tenths>> {
  const rows = await sql<{ lot_id: string; balance: string }>`
    SELECT lot_id, balance::text AS balance FROM ledger_balances WHERE cabinet_id = ${cabinetId}`.execute(db);
  return new Map(rows.rows.map((r) => [r.lot_id, parseTenths(r.balance)]));
}

export async function insertCount(
  db: Executor,
  orgId: string,
  count: {
    cabinetId: string;
    kind: CountKind;
    timing: CountTiming | null;
    countedBy: string;
    countedAt: Date;
    ledgerSeq: number;
    lines: { lotId: string; expected: Tenths; counted: Tenths; method: CountMethod }[];
  },
): Promise<string> {
  const discrepancies = count.lines.filter((l) => l.counted !== l.expected).length;
  const { id } = await db
    .insertInto('inventory_counts')
    .values({
      org_id: orgId,
      cabinet_id: count.cabinetId,
      kind: count.kind,
      timing: count.timing,
      counted_by: count.countedBy,
      counted_at: count.countedAt,
      ledger_seq: count.ledgerSeq,
      discrepancies,
      status: discrepancies === 0 ? 'balanced' : 'open',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (count.lines.length) {
    await db
      .insertInto('inventory_count_lines')
      .values(
        count.lines.map((l) => ({
          count_id: id,
          org_id: orgId,
          lot_id: l.lotId,
          expected: formatTenths(l.expected),
          counted: formatTenths(l.counted),
          difference: formatTenths(l.counted - l.expected),
          method: l.method,
        })),
      )
      .execute();
  }
  return id;
}

export type CountFilter = {
  id?: string;
  kinds?: CountKind[];
  from?: Date;
  to?: Date;
  limit?: number;
  offset?: number;
};

function filteredCounts(db: Executor, orgId: string, filter: CountFilter) {
  let q = db.selectFrom('inventory_counts as k').where('k.org_id', '=', orgId);
  if (filter.id) q = q.where('k.id', '=', filter.id);
  if (filter.kinds?.length) q = q.where('k.kind', 'in', filter.kinds);
  if (filter.from) q = q.where('k.counted_at', '>=', filter.from);
  if (filter.to) q = q.where('k.counted_at', '<', filter.to);
  return q;
}

/** How many counts match, so a screen can say whether older ones are still to come. */
export async function countMatchingCounts(db: Executor, orgId: string, filter: CountFilter): Promise<number> {
  const row = await filteredCounts(db, orgId, filter)
    .select((eb) => eb.fn.countAll<string>().as('total'))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

export async function listCountViews(
  db: Executor,
  orgId: string,
  filter: CountFilter = {},
): Promise<CountView[]> {
  const counts = await filteredCounts(db, orgId, filter)
    .innerJoin('cs_cabinets as c', 'c.id', 'k.cabinet_id')
    .innerJoin('users as u', 'u.id', 'k.counted_by')
    .select([
      'k.id',
      'k.kind',
      'k.timing',
      'k.cabinet_id',
      'c.name as cabinet_name',
      'k.counted_by',
      'u.name as counted_by_name',
      sql<string>`to_char(k.counted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('counted_at'),
      'k.ledger_seq',
      'k.discrepancies',
      'k.status',
    ])
    // The id breaks ties so that paging by offset never shows a count twice or skips one.
    .orderBy('k.counted_at', 'desc')
    .orderBy('k.id', 'desc')
    .limit(filter.limit ?? 200)
    .offset(filter.offset ?? 0)
    .execute();
  if (counts.length === 0) return [];
  const ids = counts.map((c) => c.id);
  const lines = await db
    .selectFrom('inventory_count_lines as x')
    .innerJoin('cs_lots as l', 'l.id', 'x.lot_id')
    .innerJoin('cs_products as p', 'p.id', 'l.product_id')
    .select([
      'x.count_id',
      'x.lot_id',
      'l.lot_number',
      'p.name as product_name',
      'p.base_unit',
      sql<string>`x.expected::text`.as('expected'),
      sql<string>`x.counted::text`.as('counted'),
      sql<string>`x.difference::text`.as('difference'),
      'x.method',
    ])
    .where('x.count_id', 'in', ids)
    .orderBy('p.name')
    .orderBy('l.lot_number')
    .execute();
  const notes = await db
    .selectFrom('inventory_count_notes as n')
    .innerJoin('users as u', 'u.id', 'n.by_user')
    .select([
      'n.count_id',
      'n.action',
      'n.note',
      'u.name as by_name',
      sql<string>`to_char(n.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('at'),
    ])
    .where('n.count_id', 'in', ids)
    .orderBy('n.at')
    .execute();
  const n = (text: string) => tenthsToNumber(parseTenths(text));
  return counts.map((c) => ({
    id: c.id,
    kind: c.kind,
    timing: c.timing,
    cabinetId: c.cabinet_id,
    cabinetName: c.cabinet_name,
    countedBy: c.counted_by,
    countedByName: c.counted_by_name,
    countedAt: c.counted_at,
    ledgerSeq: Number(c.ledger_seq),
    lines: lines
      .filter((l) => l.count_id === c.id)
      .map((l) => ({
        lotId: l.lot_id,
        lotNumber: l.lot_number,
        productName: l.product_name,
        baseUnit: l.base_unit,
        expected: n(l.expected),
        counted: n(l.counted),
        difference: n(l.difference),
        method: l.method,
      })),
    discrepancies: c.discrepancies,
    status: c.status,
    notes: notes
      .filter((x) => x.count_id === c.id)
      .map((x) => ({ action: x.action, note: x.note, byName: x.by_name, at: x.at })),
  }));
}

/** Locks the count row so two people working one discrepancy move it one step at a time. */
export async function lockCount(
  db: Executor,
  orgId: string,
  id: string,
): Promise<{ status: CountStatus; cabinetId: string } | undefined> {
  const row = await sql<{ status: CountStatus; cabinet_id: string }>`
    SELECT status, cabinet_id FROM inventory_counts WHERE org_id = ${orgId} AND id = ${id} FOR UPDATE`.execute(
    db,
  );
  const r = row.rows[0];
  return r ? { status: r.status, cabinetId: r.cabinet_id } : undefined;
}

export async function addCountNote(
  db: Executor,
  orgId: string,
  note: {
    countId: string;
    action: DiscrepancyAction;
    note: string;
    byUser: string;
    at: Date;
    status: CountStatus;
  },
): Promise<void> {
  await db
    .insertInto('inventory_count_notes')
    .values({
      org_id: orgId,
      count_id: note.countId,
      action: note.action,
      note: note.note,
      by_user: note.byUser,
      at: note.at,
    })
    .execute();
  await db
    .updateTable('inventory_counts')
    .set({ status: note.status })
    .where('id', '=', note.countId)
    .execute();
}

export async function findCountLine(
  db: Executor,
  countId: string,
  lotId: string,
): Promise<{ difference: Tenths } | undefined> {
  const row = await sql<{ difference: string }>`
    SELECT difference::text AS difference FROM inventory_count_lines
    WHERE count_id = ${countId} AND lot_id = ${lotId}`.execute(db);
  return row.rows[0] ? { difference: parseTenths(row.rows[0].difference) } : undefined;
}
