import { hash } from 'node:crypto';

/** The chain rule of design.md ("Hash chains"), shared by the audit trail and the drug ledger. */
export const GENESIS_HASH = '0'.repeat(64);

type Canonical = string | null | boolean | Canonical[] | { [key: string]: Canonical };

function canonicalValue(value: unknown): Canonical {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) {
    throw new TypeError('timestamps must be given as ISO 8601 strings with microseconds, not Dates');
  }
  if (Array.isArray(value)) return value.map(canonicalValue);
  if (typeof value === 'object') {
    const out: { [key: string]: Canonical } = {};
    for (const key of Object.keys(value).sort()) {
      out[key] = canonicalValue((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  throw new TypeError(`cannot canonicalise a ${typeof value}`);
}

/** JSON with keys sorted at every level and numbers as strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalValue(value));
}

/** The hash of a row whose canonical JSON is already written out. */
export function chainHashOfCanonical(prevHash: string, canonical: string): string {
  // The one-shot hash is about twice as fast as createHash().update().digest() per small input.
  return hash('sha256', `${prevHash}\n${canonical}`, 'hex');
}

export function chainHash(prevHash: string, row: Record<string, unknown>): string {
  return chainHashOfCanonical(prevHash, canonicalJson(row));
}

export type ChainRow = {
  seq: string | number;
  prevHash: string;
  hash: string;
  fields: Record<string, unknown>;
};

export type ChainBreak = { seq: string; problem: string };

/**
 * Walks rows in seq order and returns the first break: a gap in seq, a prev_hash that does not name
 * the previous row, or a hash that does not match the row's contents.
 */
export function findChainBreak(
  rows: Iterable<ChainRow>,
  start: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): { break?: ChainBreak; head: { seq: number; hash: string } } {
  let expectedSeq = start.seq + 1;
  let prev = start.hash;
  for (const row of rows) {
    const seq = Number(row.seq);
    if (seq !== expectedSeq) {
      return {
        break: { seq: String(expectedSeq), problem: `gap: seq ${expectedSeq} is missing (next is ${seq})` },
        head: { seq: expectedSeq - 1, hash: prev },
      };
    }
    if (row.prevHash !== prev) {
      return {
        break: { seq: String(seq), problem: 'prev_hash does not match the previous row' },
        head: { seq: seq - 1, hash: prev },
      };
    }
    if (chainHash(prev, row.fields) !== row.hash) {
      return {
        break: { seq: String(seq), problem: 'hash does not match the row (altered)' },
        head: { seq: seq - 1, hash: prev },
      };
    }
    prev = row.hash;
    expectedSeq = seq + 1;
  }
  return { head: { seq: expectedSeq - 1, hash: prev } };
}
