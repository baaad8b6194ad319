import { formatTenths } from '../../../domain/ledger/quantity.ts';
import { type LedgerBreak, LedgerVerifier } from '../../../domain/ledger/verify.ts';
import type { Db } from '../../db/connect.ts';
import { hashAtSeq, ledgerOrgs, orgsWithBalances, readLedgerChain } from './store.ts';

export type ExpectedLedgerHead = { orgId?: string; seq: number; hash: string };

export type LedgerChainReport = {
  orgId: string;
  ok: boolean;
  entries: number;
  head: { seq: number; hash: string } | null;
  firstBad?: LedgerBreak;
};

/**
 * Recomputes every hash and every running balance of one organisation's ledger, checks the stored
 * balances against the sums, and, when given, that the chain still reaches an expected head.
 */
export async function verifyLedgerChain(
  db: Db,
  orgId: string,
  expected?: { seq: number; hash: string },
  onProgress?: (entries: number) => void,
  pageSize?: number,
): Promise<LedgerChainReport> {
  const verifier = new LedgerVerifier();
  const stored = await readLedgerChain(
    db,
    orgId,
    (page) => {
      const intact = verifier.feed(page);
      onProgress?.(verifier.entries);
      return intact;
    },
    pageSize,
  );
  let firstBad = verifier.firstBad;
  if (!firstBad) {
    for (const [key, balance] of stored) {
      const sum = verifier.balances.get(key) ?? 0;
      if (sum !== balance) {
        firstBad = {
          seq: verifier.head.seq,
          reason: `the stored balance of lot/cabinet ${key} is ${formatTenths(balance)} but the ledger adds up to ${formatTenths(sum)}`,
        };
        break;
      }
    }
  }
  if (!firstBad && expected) {
    const actual = await hashAtSeq(db, orgId, expected.seq);
    if (actual === undefined) {
      firstBad = {
        seq: verifier.head.seq + 1,
        reason: `expected head ${expected.seq} is gone: the ledger ends at ${verifier.head.seq} (entries were removed)`,
      };
    } else if (actual !== expected.hash) {
      firstBad = { seq: expected.seq, reason: `entry ${expected.seq} no longer has the expected hash` };
    }
  }
  return {
    orgId,
    ok: !firstBad,
    entries: verifier.entries,
    head: verifier.head.seq === 0 ? null : verifier.head,
    ...(firstBad ? { firstBad } : {}),
  };
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
): Promise<{ ok: boolean; chains: LedgerChainReport[] }> {
  const orgs = await ledgerOrgs(db);
  const withStock = await orgsWithBalances(db);
  const single = orgs.length === 1 ? orgs[0] : withStock.length === 1 ? withStock[0] : undefined;
  if (!single && expectHeads.some((h) => !h.orgId)) throw new AmbiguousHead();
  const chains: LedgerChainReport[] = [];
  for (const orgId of orgs) {
    const expected = expectHeads.find((h) => h.orgId === orgId || (!h.orgId && orgId === single));
    const report = await verifyLedgerChain(db, orgId, expected, onProgress);
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
