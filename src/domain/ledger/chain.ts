import { chainHash, GENESIS_HASH } from '../hash-chain.ts';
import type { EntryKind } from './kinds.ts';

export { GENESIS_HASH };

/**
 * The business columns of a ledger entry in canonical form, exactly as they come back from
 * PostgreSQL as text: timestamps ISO 8601 UTC with microseconds, quantities as numeric(12, 1) text.
 */
export type CanonicalEntry = {
  id: string;
  org_id: string;
  seq: string;
  kind: EntryKind;
  occurred_at: string;
  product_id: string;
  lot_id: string;
  cabinet_id: string;
  quantity: string;
  balance_after: string;
  actor_id: string;
  witness_ids: string[];
  patient_id: string | null;
  booking_id: string | null;
  session_id: string | null;
  count_id: string | null;
  related_entry_id: string | null;
  details: Record<string, unknown>;
};

export type ChainedEntry = CanonicalEntry & { prev_hash: string; hash: string };

/** PostgreSQL keeps microseconds; a JavaScript Date has milliseconds, so the last three digits are 0. */
export function isoMicros(at: Date): string {
  return at.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function entryHash(prevHash: string, entry: CanonicalEntry): string {
  return chainHash(prevHash, entry);
}

/** Links an entry after the given head: seq + 1, prev_hash and hash (design.md, "Hash chains"). */
export function chainEntry(
  head: { seq: number; hash: string },
  entry: Omit<CanonicalEntry, 'seq'>,
): ChainedEntry {
  const canonical: CanonicalEntry = { ...entry, seq: String(head.seq + 1) };
  return { ...canonical, prev_hash: head.hash, hash: entryHash(head.hash, canonical) };
}
