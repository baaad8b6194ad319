import type { Insertable } from 'kysely';
import type { Executor } from '../../context.ts';
import type { SessionAlertsTable } from '../../db/schema.ts';
import type { AlertRow, EntryRow } from './store.ts';

/**
 * The statements of recording one entry, each returning what it stored, so the answer to the nurse is
 * built from the write itself instead of reading the entry and the session's alerts again.
 */

/** The stored entry, or undefined when an entry with this id already exists (a replay). */
export async function insertEntryReturning(
  db: Executor,
  values: Omit<EntryRow, 'data'> & { data: string },
): Promise<EntryRow | undefined> {
  return db
    .insertInto('session_entries')
    .values(values)
    .onConflict((oc) => oc.column('id').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** The stored alerts in the order a chart lists them (raised, then threshold id, in SQL's collation). */
export async function insertAlertsReturning(
  db: Executor,
  rows: Insertable<SessionAlertsTable>[],
): Promise<AlertRow[]> {
  if (rows.length === 0) return [];
  return db
    .with('inserted', (w) => w.insertInto('session_alerts').values(rows).returningAll())
    .selectFrom('inserted')
    .selectAll()
    .orderBy('raised_at')
    .orderBy('threshold_id')
    .execute();
}
