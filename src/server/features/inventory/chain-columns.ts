/** The columns the chain is checked from, as text (see `StoredEntryText`). */
export const CHAIN_COLUMNS_SQL = `id, org_id, seq::text AS seq, kind,
  to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
  product_id, lot_id, cabinet_id, quantity::text AS quantity, balance_after::text AS balance_after,
  actor_id, witness_ids::text AS witness_ids, patient_id, booking_id, session_id, count_id,
  related_entry_id, details::text AS details, prev_hash, hash`;
