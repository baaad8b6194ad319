import {
  type ChainedEntry,
  GENESIS_HASH,
  type StoredEntryText,
  storedEntryHash,
  toStoredText,
} from './chain.ts';
import { formatTenths, parseTenths } from './quantity.ts';

export type LedgerBreak = { seq: number; reason: string };

/**
 * A running verification that can be fed one page of entries at a time: every hash, the seq
 * without gaps, and every running balance of each lot in each cabinet (never negative, and equal
 * to the previous balance plus the entry's quantity).
 */
export class LedgerVerifier {
  head: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH };
  entries = 0;
  firstBad: LedgerBreak | undefined;
  readonly balances = new Map<string, number>();

  /** Checks a page in seq order; returns false once a break is found (later pages are ignored). */
  feed(page: Iterable<StoredEntryText>): boolean {
    if (this.firstBad) return false;
    for (const entry of page) {
      const problem = this.check(entry);
      if (problem) {
        this.firstBad = problem;
        return false;
      }
    }
    return true;
  }

  private check(entry: StoredEntryText): LedgerBreak | undefined {
    const seq = Number(entry.seq);
    const expected = this.head.seq + 1;
    if (seq !== expected) {
      return { seq: expected, reason: `entry ${expected} is missing (the next entry is ${seq})` };
    }
    if (entry.prev_hash !== this.head.hash) {
      return { seq, reason: 'prev_hash does not name the previous entry' };
    }
    const hash = entry.hash;
    if (storedEntryHash(this.head.hash, entry) !== hash) {
      return { seq, reason: 'hash does not match the entry (altered)' };
    }
    const key = `${entry.lot_id}/${entry.cabinet_id}`;
    const before = this.balances.get(key) ?? 0;
    const after = before + parseTenths(entry.quantity);
    if (after < 0) return { seq, reason: `running balance would be negative (${formatTenths(after)})` };
    if (after !== parseTenths(entry.balance_after)) {
      return {
        seq,
        reason: `balance_after ${entry.balance_after} should be ${formatTenths(after)} (previous ${formatTenths(before)} plus ${entry.quantity})`,
      };
    }
    this.balances.set(key, after);
    this.head = { seq, hash };
    this.entries += 1;
    return undefined;
  }
}

export function verifyEntries(entries: Iterable<ChainedEntry>): {
  ok: boolean;
  entries: number;
  head: { seq: number; hash: string };
  firstBad?: LedgerBreak;
} {
  const verifier = new LedgerVerifier();
  verifier.feed(Array.from(entries, toStoredText));
  return {
    ok: !verifier.firstBad,
    entries: verifier.entries,
    head: verifier.head,
    ...(verifier.firstBad ? { firstBad: verifier.firstBad } : {}),
  };
}

/** Parses `ORG_ID:SEQ:HASH` or, where there is a single chain, `SEQ:HASH`. */
export function parseExpectHead(text: string): { orgId?: string; seq: number; hash: string } | undefined {
  const match = /^(?:([0-9a-f-]{36}):)?(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!match) return undefined;
  return { ...(match[1] ? { orgId: match[1] } : {}), seq: Number(match[2]), hash: match[3] as string };
}
