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
 *
 * `LedgerVerifier.fromSeq(n)` checks a slice of the chain that starts at entry n, for checking
 * slices side by side: what a slice cannot know (the hash before it, each balance before it) is
 * taken from its first entries and handed to `joinSlices`, which checks them against the slices
 * before.
 */
export class LedgerVerifier {
  head: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH };
  entries = 0;
  firstBad: LedgerBreak | undefined;
  readonly balances = new Map<string, number>();
  /** Slices only: the prev_hash of the first entry, and each balance before its first entry here. */
  firstPrevHash: string | null = null;
  readonly opening = new Map<string, number>();
  private readonly slice: boolean;

  constructor(from?: { seq: number }) {
    this.slice = from !== undefined && from.seq > 1;
    if (from) this.head = { seq: from.seq - 1, hash: this.slice ? '' : GENESIS_HASH };
  }

  static fromSeq(seq: number): LedgerVerifier {
    return new LedgerVerifier({ seq });
  }

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

  /** What a slice ending at `to` hands to `joinSlices`. */
  sliceSummary(from: number, to: number): ChainSlice {
    const missing =
      !this.firstBad && this.head.seq !== to
        ? { seq: this.head.seq + 1, reason: `entry ${this.head.seq + 1} is missing` }
        : undefined;
    const firstBad = this.firstBad ?? missing;
    return {
      from,
      to,
      entries: this.entries,
      firstPrevHash: this.firstPrevHash,
      head: this.head,
      opening: [...this.opening],
      closing: [...this.balances],
      ...(firstBad ? { firstBad } : {}),
    };
  }

  private check(entry: StoredEntryText): LedgerBreak | undefined {
    const seq = Number(entry.seq);
    const expected = this.head.seq + 1;
    if (seq !== expected) {
      return { seq: expected, reason: `entry ${expected} is missing (the next entry is ${seq})` };
    }
    if (this.slice && this.entries === 0) this.firstPrevHash = entry.prev_hash;
    else if (entry.prev_hash !== this.head.hash) {
      return { seq, reason: 'prev_hash does not name the previous entry' };
    }
    const hash = entry.hash;
    if (storedEntryHash(entry.prev_hash, entry) !== hash) {
      return { seq, reason: 'hash does not match the entry (altered)' };
    }
    const key = `${entry.lot_id}/${entry.cabinet_id}`;
    const quantity = parseTenths(entry.quantity);
    let before = this.balances.get(key);
    if (before === undefined) {
      before = this.slice ? parseTenths(entry.balance_after) - quantity : 0;
      if (this.slice) this.opening.set(key, before);
    }
    const after = before + quantity;
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

/** One slice of a chain checked on its own (plain data, so it can cross from a worker thread). */
export type ChainSlice = {
  from: number;
  to: number;
  entries: number;
  firstPrevHash: string | null;
  head: { seq: number; hash: string };
  opening: [string, number][];
  closing: [string, number][];
  firstBad?: LedgerBreak;
};

/**
 * Joins slices checked side by side, in seq order: each must start where the one before ended, with
 * its first prev_hash naming that slice's last hash and each opening balance equal to the balance
 * so far. Says only whether the whole chain is intact; where it is not, the sequential check names
 * the first bad entry.
 */
export function joinSlices(
  slices: readonly ChainSlice[],
):
  | { ok: true; entries: number; head: { seq: number; hash: string }; balances: Map<string, number> }
  | { ok: false } {
  let head = { seq: 0, hash: GENESIS_HASH };
  let entries = 0;
  const balances = new Map<string, number>();
  for (const slice of slices) {
    if (slice.firstBad || slice.from !== head.seq + 1 || slice.entries === 0) return { ok: false };
    if (slice.from > 1 && slice.firstPrevHash !== head.hash) return { ok: false };
    for (const [key, before] of slice.opening) {
      if ((balances.get(key) ?? 0) !== before) return { ok: false };
    }
    for (const [key, after] of slice.closing) balances.set(key, after);
    head = slice.head;
    entries += slice.entries;
  }
  return { ok: true, entries, head, balances };
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
