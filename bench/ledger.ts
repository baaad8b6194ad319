/**
 * Ledger benchmark (npx tsx bench/ledger.ts), on a fresh database of the PostgreSQL at
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres):
 * - 32 concurrent writers append administrations to the same lot for BENCH_SECONDS (default 10):
 *   entries per second, and a check that none was lost or duplicated and the balance is exact;
 * - `ledger verify` over LEDGER_ENTRIES (default 1,000,000) entries, written in bulk beforehand.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type ChainedEntry, chainEntry, GENESIS_HASH, isoMicros } from '../src/domain/ledger/chain.ts';
import { formatTenths } from '../src/domain/ledger/quantity.ts';
import { createDb, type Db, withDatabase } from '../src/server/db/connect.ts';
import { migrate } from '../src/server/db/migrate.ts';
import {
  appendEntries,
  insertCabinet,
  insertLot,
  insertProduct,
} from '../src/server/features/inventory/store.ts';
import { verifyLedgerChain } from '../src/server/features/inventory/verify.ts';
import { createOrganisation } from '../src/server/features/orgs/store.ts';

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ENTRIES = Number(process.env.LEDGER_ENTRIES ?? 1_000_000);
const WRITERS = 32;

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  await client.query(statement);
  await client.end();
}

async function setUp(db: Db, now: Date) {
  const orgId = await createOrganisation(db, { name: `Bench ${randomUUID().slice(0, 8)}`, isPrimary: false });
  const location = await db
    .insertInto('locations')
    .values({
      org_id: orgId,
      name: 'Bench',
      address_line1: '1 A St',
      city: 'X',
      state: 'NY',
      postal_code: '10001',
      time_zone: 'UTC',
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const user = await db
    .insertInto('users')
    .values({ org_id: orgId, email: `bench-${randomUUID()}@x.test`, name: 'Bench Nurse', updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const product = await insertProduct(
    db,
    orgId,
    {
      name: 'Ketamine',
      ndc: '0409-2051-05',
      form: 'vial',
      baseUnit: 'mg',
      mgPerMl: 50,
      mgPerDevice: null,
      containerSize: '10 mL vial',
      unitsPerContainer: 5000,
    },
    now,
  );
  const cabinetId = await insertCabinet(db, orgId, { locationId: location.id, name: 'Safe' }, now);
  const lotId = await insertLot(
    db,
    orgId,
    {
      productId: product.id,
      lotNumber: 'B1',
      expiresOn: '2030-01-01',
      supplierName: 'S',
      supplierAddress: 'A',
      supplierDea: 'RS1234563',
      invoiceNumber: 'I',
      invoiceDate: '2026-01-01',
    },
    now,
  );
  return { orgId, actorId: user.id, productId: product.id, cabinetId, lotId };
}

async function writers(db: Db) {
  const now = new Date();
  const s = await setUp(db, now);
  const stock = 10_000_000;
  await db
    .transaction()
    .execute((trx) => appendEntries(trx, s.orgId, now, [{ ...s, kind: 'receipt', quantity: stock }]));
  let ok = 0;
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (Date.now() < end) {
        await db
          .transaction()
          .execute((trx) =>
            appendEntries(trx, s.orgId, new Date(), [{ ...s, kind: 'administration', quantity: -1 }]),
          );
        ok += 1;
      }
    }),
  );
  const count = await db
    .selectFrom('ledger_entries')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('org_id', '=', s.orgId)
    .executeTakeFirstOrThrow();
  const balance = await db
    .selectFrom('ledger_balances')
    .select('balance')
    .where('lot_id', '=', s.lotId)
    .executeTakeFirstOrThrow();
  const verified = await verifyLedgerChain(db, s.orgId);
  return {
    perSecond: Math.round(ok / SECONDS),
    acknowledged: ok,
    stored: Number(count.n) - 1,
    balanceExact: balance.balance === formatTenths(stock - ok),
    verified: verified.ok,
  };
}

async function bulk(db: Db, n: number) {
  const now = new Date();
  const s = await setUp(db, now);
  let head = { seq: 0, hash: GENESIS_HASH };
  let balance = 0;
  const batch: ChainedEntry[] = [];
  const flush = async () => {
    if (!batch.length) return;
    await db
      .insertInto('ledger_entries')
      .values(batch.map((e) => ({ ...e, details: JSON.stringify(e.details) })))
      .execute();
    batch.length = 0;
  };
  const at = isoMicros(now);
  for (let i = 0; i < n; i++) {
    const quantity = i % 10 === 0 ? 5000 : -100;
    balance += quantity;
    const entry = chainEntry(head, {
      id: randomUUID(),
      org_id: s.orgId,
      kind: quantity > 0 ? 'receipt' : 'administration',
      occurred_at: at,
      product_id: s.productId,
      lot_id: s.lotId,
      cabinet_id: s.cabinetId,
      quantity: formatTenths(quantity),
      balance_after: formatTenths(balance),
      actor_id: s.actorId,
      witness_ids: [],
      patient_id: null,
      booking_id: null,
      session_id: null,
      count_id: null,
      related_entry_id: null,
      details: {},
    });
    head = { seq: Number(entry.seq), hash: entry.hash };
    batch.push(entry);
    if (batch.length === 2000) await flush();
    if (i % 100_000 === 0) process.stderr.write(`written ${i}\n`);
  }
  await flush();
  await db
    .insertInto('ledger_balances')
    .values({
      org_id: s.orgId,
      lot_id: s.lotId,
      cabinet_id: s.cabinetId,
      balance: formatTenths(balance),
      last_seq: head.seq,
    })
    .execute();
  const started = performance.now();
  const report = await verifyLedgerChain(db, s.orgId);
  return { entries: report.entries, ok: report.ok, seconds: (performance.now() - started) / 1000 };
}

const name = `ledger_bench_${process.pid}`;
await admin(`CREATE DATABASE ${name}`);
const db = createDb(withDatabase(SERVER, name));
try {
  await migrate(db, () => {});
  const w = await writers(db);
  console.log(
    `32 writers, one lot, ${SECONDS} s: ${w.perSecond} entries/s; acknowledged ${w.acknowledged}, stored ${w.stored}, balance exact: ${w.balanceExact}, chain verifies: ${w.verified}`,
  );
  const v = await bulk(db, ENTRIES);
  console.log(`ledger verify over ${v.entries} entries: ${v.seconds.toFixed(1)} s (ok: ${v.ok})`);
} finally {
  await db.destroy();
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
