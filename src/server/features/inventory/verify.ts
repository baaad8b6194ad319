import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { formatTenths } from '../../../domain/ledger/quantity.ts';
import {
  type ChainSlice,
  joinSlices,
  type LedgerBreak,
  LedgerVerifier,
} from '../../../domain/ledger/verify.ts';
import type { Db } from '../../db/connect.ts';
import { hashAtSeq, inSnapshot, ledgerOrgs, orgsWithBalances, readLedgerChain } from './store.ts';
import type { SliceJob } from './verify-slice.ts';

export type ExpectedLedgerHead = { orgId?: string; seq: number; hash: string };

export type LedgerChainReport = {
  orgId: string;
  ok: boolean;
  entries: number;
  head: { seq: number; hash: string } | null;
  firstBad?: LedgerBreak;
};

export type VerifyOptions = {
  expected?: { seq: number; hash: string } | undefined;
  onProgress?: ((entries: number) => void) | undefined;
  pageSize?: number | undefined;
  /**
   * Check slices of a long chain side by side in worker threads, each on its own connection to
   * `url` in the same snapshot. Chains shorter than `minEntries` (default 200,000) are read in
   * one pass.
   */
  parallel?: { url: string; workers?: number; minEntries?: number } | undefined;
};

type Checked = {
  ok: boolean;
  entries: number;
  head: { seq: number; hash: string };
  firstBad?: LedgerBreak;
  balances: Map<string, number>;
  stored: Map<string, number>;
};

/**
 * Recomputes every hash and every running balance of one organisation's ledger, checks the stored
 * balances against the sums, and, when given, that the chain still reaches an expected head.
 */
export async function verifyLedgerChain(
  db: Db,
  orgId: string,
  options: VerifyOptions = {},
): Promise<LedgerChainReport> {
  // Slices only say whether the chain is intact; a broken one is read again in one pass, which
  // names the first bad entry.
  const sliced = options.parallel ? await checkInSlices(db, orgId, options) : undefined;
  const checked = sliced?.ok ? sliced : await checkInOnePass(db, orgId, options);
  let firstBad = checked.firstBad;
  if (!firstBad) {
    for (const [key, balance] of checked.stored) {
      const sum = checked.balances.get(key) ?? 0;
      if (sum !== balance) {
        firstBad = {
          seq: checked.head.seq,
          reason: `the stored balance of lot/cabinet ${key} is ${formatTenths(balance)} but the ledger adds up to ${formatTenths(sum)}`,
        };
        break;
      }
    }
  }
  const expected = options.expected;
  if (!firstBad && expected) {
    const actual = await hashAtSeq(db, orgId, expected.seq);
    if (actual === undefined) {
      firstBad = {
        seq: checked.head.seq + 1,
        reason: `expected head ${expected.seq} is gone: the ledger ends at ${checked.head.seq} (entries were removed)`,
      };
    } else if (actual !== expected.hash) {
      firstBad = { seq: expected.seq, reason: `entry ${expected.seq} no longer has the expected hash` };
    }
  }
  return {
    orgId,
    ok: !firstBad,
    entries: checked.entries,
    head: checked.head.seq === 0 ? null : checked.head,
    ...(firstBad ? { firstBad } : {}),
  };
}

async function checkInOnePass(db: Db, orgId: string, options: VerifyOptions): Promise<Checked> {
  const verifier = new LedgerVerifier();
  const stored = await readLedgerChain(
    db,
    orgId,
    (page) => {
      const intact = verifier.feed(page);
      options.onProgress?.(verifier.entries);
      return intact;
    },
    options.pageSize,
  );
  return {
    ok: !verifier.firstBad,
    entries: verifier.entries,
    head: verifier.head,
    ...(verifier.firstBad ? { firstBad: verifier.firstBad } : {}),
    balances: verifier.balances,
    stored,
  };
}

/** Undefined when the chain is too short to be worth the threads. */
async function checkInSlices(db: Db, orgId: string, options: VerifyOptions): Promise<Checked | undefined> {
  const parallel = options.parallel as NonNullable<VerifyOptions['parallel']>;
  return inSnapshot(db, orgId, async ({ snapshot, entries, lastSeq, stored }) => {
    if (entries < (parallel.minEntries ?? 200_000)) return undefined;
    const workers = Math.max(2, parallel.workers ?? Math.min(4, availableParallelism()));
    const span = Math.ceil(lastSeq / workers);
    let done = 0;
    const slices = await Promise.all(
      Array.from({ length: workers }, (_, i) => ({
        from: i * span + 1,
        to: Math.min(lastSeq, (i + 1) * span),
      }))
        .filter((range) => range.from <= range.to)
        .map((range) =>
          runSlice(
            { url: parallel.url, snapshot, orgId, ...range, pageSize: options.pageSize ?? 5_000 },
            (n) => {
              done += n;
              options.onProgress?.(done);
            },
          ),
        ),
    );
    const joined = joinSlices(slices);
    if (!joined.ok) return { ok: false, entries: 0, head: { seq: 0, hash: '' }, balances: new Map(), stored };
    return { ok: true, entries: joined.entries, head: joined.head, balances: joined.balances, stored };
  });
}

function runSlice(job: SliceJob, onEntries: (n: number) => void): Promise<ChainSlice> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./verify-slice-worker.js', import.meta.url), { workerData: job });
    let slice: ChainSlice | undefined;
    worker.on('message', (message: { entries?: number; slice?: ChainSlice }) => {
      if (message.entries) onEntries(message.entries);
      if (message.slice) slice = message.slice;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (slice) resolve(slice);
      else reject(new Error(`ledger verification worker stopped (exit code ${code})`));
    });
  });
}

export class AmbiguousHead extends Error {
  constructor() {
    super('several clinics keep a ledger here: name the organisation in the expected head');
  }
}

/** Every organisation's ledger; an expected head without an organisation needs a single chain. */
export async function verifyAllLedgers(
  db: Db,
  expectHeads: ExpectedLedgerHead[],
  onProgress?: (entries: number) => void,
  parallel?: VerifyOptions['parallel'],
): Promise<{ ok: boolean; chains: LedgerChainReport[] }> {
  const orgs = await ledgerOrgs(db);
  const withStock = await orgsWithBalances(db);
  const single = orgs.length === 1 ? orgs[0] : withStock.length === 1 ? withStock[0] : undefined;
  if (!single && expectHeads.some((h) => !h.orgId)) throw new AmbiguousHead();
  const chains: LedgerChainReport[] = [];
  for (const orgId of orgs) {
    const expected = expectHeads.find((h) => h.orgId === orgId || (!h.orgId && orgId === single));
    const report = await verifyLedgerChain(db, orgId, { expected, onProgress, parallel });
    if (report.entries > 0 || expected || !report.ok) chains.push(report);
  }
  for (const head of expectHeads) {
    if (head.orgId && !orgs.includes(head.orgId)) {
      chains.push({
        orgId: head.orgId,
        ok: false,
        entries: 0,
        head: null,
        firstBad: { seq: head.seq, reason: 'no such organisation' },
      });
    }
  }
  return { ok: chains.every((c) => c.ok), chains };
}
