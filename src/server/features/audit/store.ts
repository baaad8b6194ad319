import { sql } from 'kysely';
import { type ChainRow, chainHash, GENESIS_HASH } from '../../../domain/hash-chain.ts';
import type { Executor } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import type { AuditOutcome } from '../../db/schema.ts';

export type AuditAction =
  | 'create'
  | 'read'
  | 'update'
  | 'delete'
  | 'sign-in'
  | 'sign-out'
  | 'failed-sign-in'
  | 'export'
  | 'print'
  | 'permission-change';

export const AUDIT_ACTIONS: AuditAction[] = [
  'create',
  'read',
  'update',
  'delete',
  'sign-in',
  'sign-out',
  'failed-sign-in',
  'export',
  'print',
  'permission-change',
];

export type AuditEntry = {
  orgId: string;
  at: Date;
  userId: string | null;
  userEmail: string | null;
  roles: string[];
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  patientId?: string | null;
  requestId: string | null;
  ip: string | null;
  outcome?: AuditOutcome;
  /** Never patient data: ids, changed field names, old and new roles. */
  details?: Record<string, unknown>;
};

function pendingRow(e: AuditEntry) {
  return {
    org_id: e.orgId,
    at: e.at,
    user_id: e.userId,
    user_email: e.userEmail,
    roles: e.roles,
    action: e.action,
    entity_type: e.entityType,
    entity_id: e.entityId ?? null,
    patient_id: e.patientId ?? null,
    request_id: e.requestId,
    ip: e.ip,
    outcome: e.outcome ?? 'success',
    details: JSON.stringify(e.details ?? {}),
  };
}

export async function insertPendingAudit(db: Executor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insertInto('audit_pending').values(entries.map(pendingRow)).execute();
}

/**
 * The rows insertPendingAudit writes, as a data-modifying CTE for a single statement that also makes
 * the audited change: they are written only when the CTE named `onlyIf` yields a row, so the audit
 * record stands or falls with the change, as it does in a shared transaction.
 */
export function pendingAuditInsert(entries: AuditEntry[], onlyIf: string) {
  return sql`
    INSERT INTO audit_pending (org_id, at, user_id, user_email, roles, action, entity_type, entity_id,
                               patient_id, request_id, ip, outcome, details)
    SELECT r.org_id, r.at, r.user_id, r.user_email, r.roles, r.action, r.entity_type, r.entity_id,
           r.patient_id, r.request_id, r.ip, r.outcome, r.details::jsonb
      FROM jsonb_to_recordset(${JSON.stringify(entries.map(pendingRow))}::jsonb) AS r(
             org_id uuid, at timestamptz, user_id uuid, user_email text, roles text[], action text,
             entity_type text, entity_id text, patient_id uuid, request_id text, ip text, outcome text,
             details text)
     WHERE EXISTS (SELECT 1 FROM ${sql.table(onlyIf)})`;
}

// One sealer at a time across every instance; one appender per chain.
const SEALER_LOCK_KEY = 7_281_002;
const ISO_MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

type ChainFields = {
  org_id: string;
  at: string;
  user_id: string | null;
  user_email: string | null;
  roles: string[];
  action: string;
  entity_type: string;
  entity_id: string | null;
  patient_id: string | null;
  request_id: string | null;
  ip: string | null;
  outcome: string;
  details: Record<string, unknown>;
};

const chainColumns = sql.raw(
  `org_id, to_char(at AT TIME ZONE 'UTC', ${ISO_MICROS}) AS at, user_id, user_email, roles, action,
   entity_type, entity_id, patient_id, request_id, ip, outcome, details`,
);

/** Moves pending audit rows into each organisation's chain, oldest first. Returns how many. */
export async function sealPendingAudit(db: Db, batchSize = 1000): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const lock = await sql<{
      ok: boolean;
    }>`SELECT pg_try_advisory_xact_lock(${SEALER_LOCK_KEY}) AS ok`.execute(trx);
    if (!lock.rows[0]?.ok) return 0;
    const pending = await sql<ChainFields & { id: string }>`
      SELECT id, ${chainColumns} FROM audit_pending ORDER BY id LIMIT ${batchSize}`.execute(trx);
    if (pending.rows.length === 0) return 0;
    const byOrg = new Map<string, typeof pending.rows>();
    for (const row of pending.rows) byOrg.set(row.org_id, [...(byOrg.get(row.org_id) ?? []), row]);
    for (const [orgId, rows] of byOrg) {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`audit_log:${orgId}`}, 0))`.execute(trx);
      const head = await trx
        .selectFrom('audit_log')
        .select(['seq', 'hash'])
        .where('org_id', '=', orgId)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      let seq = Number(head?.seq ?? 0);
      let prev = head?.hash ?? GENESIS_HASH;
      const values = rows.map(({ id: _id, ...fields }) => {
        seq += 1;
        const hash = chainHash(prev, { ...fields, seq });
        const row = {
          ...fields,
          seq,
          prev_hash: prev,
          hash,
          outcome: fields.outcome as AuditOutcome,
          details: JSON.stringify(fields.details),
        };
        prev = hash;
        return row;
      });
      await trx.insertInto('audit_log').values(values).execute();
    }
    await trx
      .deleteFrom('audit_pending')
      .where(
        'id',
        'in',
        pending.rows.map((row) => row.id),
      )
      .execute();
    return pending.rows.length;
  });
}

/** Reads one organisation's chain in seq order, a page at a time, for verification. */
export async function* readAuditChain(db: Db, orgId: string, pageSize = 5000): AsyncGenerator<ChainRow[]> {
  let after = 0;
  for (;;) {
    const page = await sql<ChainFields & { seq: string; prev_hash: string; hash: string }>`
      SELECT seq, prev_hash, hash, ${chainColumns} FROM audit_log
      WHERE org_id = ${orgId} AND seq > ${after} ORDER BY seq LIMIT ${pageSize}`.execute(db);
    if (page.rows.length === 0) return;
    yield page.rows.map(({ seq, prev_hash, hash, ...fields }) => ({
      seq,
      prevHash: prev_hash,
      hash,
      fields: { ...fields, seq },
    }));
    after = Number(page.rows.at(-1)?.seq);
  }
}

export async function auditChainOrgs(db: Db): Promise<string[]> {
  const rows = await sql<{ org_id: string }>`
    SELECT id AS org_id FROM organisations UNION SELECT DISTINCT org_id FROM audit_log ORDER BY 1`.execute(
    db,
  );
  return rows.rows.map((row) => row.org_id);
}

export async function auditHeads(db: Db): Promise<{ orgId: string; seq: string; hash: string }[]> {
  const rows = await sql<{ org_id: string; seq: string; hash: string }>`
    SELECT DISTINCT ON (org_id) org_id, seq, hash FROM audit_log ORDER BY org_id, seq DESC`.execute(db);
  return rows.rows.map((row) => ({ orgId: row.org_id, seq: row.seq, hash: row.hash }));
}

export async function countUnsealedOlderThan(db: Db, cutoff: Date): Promise<number> {
  const row = await db
    .selectFrom('audit_pending')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('at', '<', cutoff)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function hashAt(db: Db, orgId: string, seq: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('audit_log')
    .select('hash')
    .where('org_id', '=', orgId)
    .where('seq', '=', String(seq))
    .executeTakeFirst();
  return row?.hash;
}
