import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import type { StoredEntryText } from '../../../domain/ledger/chain.ts';
import { LedgerVerifier } from '../../../domain/ledger/verify.ts';
import { CHAIN_COLUMNS_SQL } from './chain-columns.ts';

/** What the main thread hands a worker: which slice of which chain, seen through which snapshot. */
export type SliceJob = {
  url: string;
  snapshot: string;
  orgId: string;
  from: number;
  to: number;
  pageSize: number;
};

/**
 * Checks one slice of a ledger chain in a worker thread, on its own connection, inside the snapshot
 * the main thread exported, so every slice sees the same ledger. Posts `{ entries }` after each page
 * and `{ slice }` at the end.
 */
async function checkSlice(job: SliceJob): Promise<void> {
  if (!/^[0-9A-F-]+$/i.test(job.snapshot)) throw new Error('not a snapshot id');
  const client = new pg.Client({ connectionString: job.url });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(`SET TRANSACTION SNAPSHOT '${job.snapshot}'`);
    await client.query(
      `DECLARE ledger_slice NO SCROLL CURSOR FOR SELECT ${CHAIN_COLUMNS_SQL} FROM ledger_entries
        WHERE org_id = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq`,
      [job.orgId, job.from, job.to],
    );
    const verifier = LedgerVerifier.fromSeq(job.from);
    const fetchPage = () =>
      client.query<StoredEntryText>(`FETCH ${Math.trunc(job.pageSize)} FROM ledger_slice`);
    let next = fetchPage();
    for (;;) {
      const page = await next;
      if (page.rows.length === 0) break;
      next = fetchPage();
      const intact = verifier.feed(page.rows);
      parentPort?.postMessage({ entries: page.rows.length });
      if (!intact) {
        await next;
        break;
      }
    }
    await client.query('COMMIT');
    parentPort?.postMessage({ slice: verifier.sliceSummary(job.from, job.to) });
  } finally {
    await client.end();
  }
}

await checkSlice(workerData as SliceJob);
