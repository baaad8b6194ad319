import { type Insertable, sql } from 'kysely';
import type { Executor } from '../../context.ts';
import { prepared } from '../../db/connect.ts';
import type { SessionAlertsTable } from '../../db/schema.ts';
import { type AuditEntry, pendingAuditInsert } from '../audit/store.ts';
import type { AlertRow, EntryRow, SessionRow } from './store.ts';

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

/** What recording an entry needs of its session: the fields the rules read, and no more. */
export type SessionForEntry = Pick<
  SessionRow,
  | 'id'
  | 'org_id'
  | 'patient_id'
  | 'location_id'
  | 'status'
  | 'signed_at'
  | 'checked_in_at'
  | 'policies'
  | 'dose_started_at'
  | 'ended_at'
> & {
  /** The row version (xmin): it changes with every update of the session, and only then. */
  row_version: string;
  /** An entry with the client's id exists already. */
  replayed: boolean;
};

/** The session an entry is for, read without a lock, and whether the entry was stored before. */
export async function findSessionForEntry(
  db: Executor,
  orgId: string,
  sessionId: string,
  entryId: string,
): Promise<SessionForEntry | undefined> {
  const query = db
    .selectFrom('treatment_sessions as s')
    .select([
      's.id',
      's.org_id',
      's.patient_id',
      's.location_id',
      's.status',
      's.signed_at',
      's.checked_in_at',
      's.policies',
      's.dose_started_at',
      's.ended_at',
      sql<string>`s.xmin::text`.as('row_version'),
      sql<boolean>`EXISTS (SELECT 1 FROM session_entries WHERE id = ${entryId})`.as('replayed'),
    ])
    .where('s.org_id', '=', orgId)
    .where('s.id', '=', sessionId);
  const { rows } = await db.executeQuery(prepared('session-for-entry', query.compile()));
  return rows[0];
}

const ENTRY_COLUMN_NAMES = [
  'id',
  'org_id',
  'session_id',
  'kind',
  'pre_dose',
  'data',
  'client_at',
  'received_at',
  'late',
  'recorded_by',
] as const satisfies readonly (keyof EntryRow)[];
const ENTRY_COLUMNS = sql.join(ENTRY_COLUMN_NAMES.map((column) => sql.ref(column)));

export type NewEntry = Omit<EntryRow, 'data' | 'org_id' | 'session_id'> & { data: string };
export type NewAlert = { threshold_id: string; text: string; value: number; raised_at: Date };

type EntryWithAlert = EntryRow & {
  alert_id: string | null;
  threshold_id: string | null;
  text: string | null;
  value: string | null;
  raised_at: Date | null;
};

/**
 * Stores a new entry, its alerts and its audit record in one statement (so in one transaction),
 * provided the session row is still the version that was read: the decisions made from it (late,
 * before the dose, the thresholds, not discharged) then still hold, and the share lock taken here keeps
 * them holding until the commit, as the lock of the transactional path does. Undefined, with nothing
 * written, when the session changed or an entry with this id exists: the caller then takes that path.
 */
export async function insertEntryIfSessionUnchanged(
  db: Executor,
  seen: SessionForEntry,
  entry: NewEntry,
  alerts: NewAlert[],
  audit: AuditEntry[],
): Promise<{ entry: EntryRow; alerts: AlertRow[] } | undefined> {
  const statement = sql<EntryWithAlert>`
    WITH session AS (
      SELECT org_id, id FROM treatment_sessions
       WHERE org_id = ${seen.org_id} AND id = ${seen.id} AND xmin::text = ${seen.row_version}
         FOR SHARE
    ), entry AS (
      INSERT INTO session_entries (id, org_id, session_id, kind, pre_dose, data, client_at, received_at,
                                   late, recorded_by)
      SELECT ${entry.id}::uuid, session.org_id, session.id, ${entry.kind}, ${entry.pre_dose},
             ${entry.data}::jsonb, ${entry.client_at}::timestamptz, ${entry.received_at}::timestamptz,
             ${entry.late}, ${entry.recorded_by}::uuid
        FROM session
      ON CONFLICT (id) DO NOTHING
      RETURNING ${ENTRY_COLUMNS}
    ), alert AS (
      INSERT INTO session_alerts (org_id, session_id, entry_id, threshold_id, text, value, raised_at)
      SELECT entry.org_id, entry.session_id, entry.id, a.threshold_id, a.text, a.value, a.raised_at
        FROM entry, jsonb_to_recordset(${JSON.stringify(alerts)}::jsonb)
                      AS a(threshold_id text, text text, value numeric, raised_at timestamptz)
      RETURNING id, threshold_id, text, value, raised_at
    ), audited AS (${pendingAuditInsert(audit, 'entry')})
    SELECT ${sql.join(ENTRY_COLUMN_NAMES.map((column) => sql.ref(`entry.${column}`)))},
           alert.id AS alert_id, alert.threshold_id, alert.text, alert.value, alert.raised_at
      FROM entry LEFT JOIN alert ON true
     ORDER BY alert.raised_at, alert.threshold_id`;
  const { rows } = await db.executeQuery(prepared('entry-if-session-unchanged', statement.compile(db)));
  const first = rows[0];
  if (!first) return undefined;
  const { alert_id: _a, threshold_id: _t, text: _x, value: _v, raised_at: _r, ...stored } = first;
  return {
    entry: stored,
    alerts: rows.flatMap((row) =>
      row.alert_id && row.threshold_id && row.text !== null && row.value !== null && row.raised_at
        ? [
            {
              id: row.alert_id,
              org_id: stored.org_id,
              session_id: stored.session_id,
              entry_id: stored.id,
              threshold_id: row.threshold_id,
              text: row.text,
              value: row.value,
              raised_at: row.raised_at,
              acknowledged_at: null,
              acknowledged_by: null,
              acknowledged_by_name: null,
              acknowledgement_note: null,
            },
          ]
        : [],
    ),
  };
}
