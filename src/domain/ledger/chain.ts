import { canonicalJson, chainHashOfCanonical, GENESIS_HASH } from '../hash-chain.ts';
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

const CANONICAL_KEYS: readonly (keyof CanonicalEntry)[] = (
  [
    'id',
    'org_id',
    'seq',
    'kind',
    'occurred_at',
    'product_id',
    'lot_id',
    'cabinet_id',
    'quantity',
    'balance_after',
    'actor_id',
    'witness_ids',
    'patient_id',
    'booking_id',
    'session_id',
    'count_id',
    'related_entry_id',
    'details',
  ] as const
).toSorted();

/**
 * The same text as `canonicalJson` of the entry's business columns, written out field by field:
 * verifying a million entries spends most of its time here. Other keys (prev_hash, hash) are left out.
 */
export function canonicalEntryJson(entry: CanonicalEntry): string {
  let out = '{';
  for (const key of CANONICAL_KEYS) {
    const value = entry[key];
    const text =
      typeof value === 'string' ? JSON.stringify(value) : value === null ? 'null' : canonicalJson(value);
    out += `${out.length > 1 ? ',' : ''}"${key}":${text}`;
  }
  return `${out}}`;
}

export function entryHash(prevHash: string, entry: CanonicalEntry): string {
  return chainHashOfCanonical(prevHash, canonicalEntryJson(entry));
}

/** Links an entry after the given head: seq + 1, prev_hash and hash (design.md, "Hash chains"). */
export function chainEntry(
  head: { seq: number; hash: string },
  entry: Omit<CanonicalEntry, 'seq'>,
): ChainedEntry {
  const canonical: CanonicalEntry = { ...entry, seq: String(head.seq + 1) };
  return { ...canonical, prev_hash: head.hash, hash: entryHash(head.hash, canonical) };
}

/**
 * An entry as the verifier reads it from PostgreSQL: every column as text, with `details` (jsonb) and
 * `witness_ids` (uuid[]) left in their text forms, so that a million rows are not parsed into objects.
 */
export type StoredEntryText = Omit<ChainedEntry, 'details' | 'witness_ids'> & {
  details: string;
  witness_ids: string;
};

// uuid, bigint, numeric and timestamp text never holds a quote, backslash or control character, so
// quoting it is exactly what JSON.stringify would write.
const quoted = (value: string) => `"${value}"`;
const quotedOrNull = (value: string | null) => (value === null ? 'null' : `"${value}"`);

const STORED_ENCODERS: { [K in keyof CanonicalEntry]: (value: StoredEntryText[K]) => string } = {
  id: quoted,
  org_id: quoted,
  seq: quoted,
  kind: (value) => JSON.stringify(value),
  occurred_at: quoted,
  product_id: quoted,
  lot_id: quoted,
  cabinet_id: quoted,
  quantity: quoted,
  balance_after: quoted,
  actor_id: quoted,
  witness_ids: (value) => (value === '{}' ? '[]' : `["${value.slice(1, -1).split(',').join('","')}"]`),
  patient_id: quotedOrNull,
  booking_id: quotedOrNull,
  session_id: quotedOrNull,
  count_id: quotedOrNull,
  related_entry_id: quotedOrNull,
  details: (value) => (value === '{}' ? '{}' : canonicalJson(JSON.parse(value))),
};

/** The same text as `canonicalEntryJson` of the parsed entry, written from its stored text. */
export function canonicalStoredEntryJson(row: StoredEntryText): string {
  let out = '{';
  for (const key of CANONICAL_KEYS) {
    const encode = STORED_ENCODERS[key] as (value: unknown) => string;
    out += `${out.length > 1 ? ',' : ''}"${key}":${encode(row[key])}`;
  }
  return `${out}}`;
}

export function storedEntryHash(prevHash: string, row: StoredEntryText): string {
  return chainHashOfCanonical(prevHash, canonicalStoredEntryJson(row));
}

/** The text forms PostgreSQL gives for an entry (uuid[] as `{a,b}`, jsonb as JSON). */
export function toStoredText(entry: ChainedEntry): StoredEntryText {
  return {
    ...entry,
    witness_ids: `{${entry.witness_ids.join(',')}}`,
    details: JSON.stringify(entry.details),
  };
}
