import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import type { AuditAction } from './store.ts';

export type AuditFilter = {
  userId?: string | undefined;
  patientId?: string | undefined;
  action?: AuditAction | undefined;
  /** Inclusive calendar dates, UTC. */
  from?: string | undefined;
  to?: string | undefined;
  sort: 'at' | '-at';
};

export type AuditItem = {
  id: string;
  seq: string | null;
  at: string;
  userId: string | null;
  userEmail: string | null;
  roles: string[];
  action: string;
  entityType: string;
  entityId: string | null;
  patientId: string | null;
  requestId: string | null;
  ip: string | null;
  outcome: string;
};

function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

function conditions(ctx: Ctx, filter: AuditFilter) {
  const parts = [sql`org_id = ${ctx.orgId}`];
  if (filter.userId) parts.push(sql`user_id = ${filter.userId}`);
  if (filter.patientId) parts.push(sql`patient_id = ${filter.patientId}`);
  if (filter.action) parts.push(sql`action = ${filter.action}`);
  if (filter.from) parts.push(sql`at >= ${`${filter.from}T00:00:00Z`}::timestamptz`);
  if (filter.to) parts.push(sql`at < ${dayAfter(filter.to)}::timestamptz`);
  return sql<boolean>`${sql.join(parts, sql` AND `)}`;
}

function matching(ctx: Ctx, filter: AuditFilter) {
  const where = conditions(ctx, filter);
  const common = [
    'at',
    'user_id',
    'user_email',
    'roles',
    'action',
    'entity_type',
    'entity_id',
    'patient_id',
    'request_id',
    'ip',
    'outcome',
  ] as const;
  // Rows still waiting for the sealer are shown too, so the trail is complete to the second.
  const sealed = ctx.db
    .selectFrom('audit_log')
    .select([sql<string>`seq::text`.as('id'), sql<string | null>`seq::text`.as('seq'), ...common])
    .where(where);
  const pending = ctx.db
    .selectFrom('audit_pending')
    .select([sql<string>`'pending-' || id`.as('id'), sql<string | null>`null::text`.as('seq'), ...common])
    .where(where);
  return ctx.db.selectFrom(sealed.unionAll(pending).as('a'));
}

type Row = {
  id: string;
  seq: string | null;
  at: Date;
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
};

function toItem(row: Row): AuditItem {
  return {
    id: row.id,
    seq: row.seq,
    at: row.at.toISOString(),
    userId: row.user_id,
    userEmail: row.user_email,
    roles: row.roles,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    patientId: row.patient_id,
    requestId: row.request_id,
    ip: row.ip,
    outcome: row.outcome,
  };
}

async function fetchRows(ctx: Ctx, filter: AuditFilter, limit: number, offset: number) {
  const direction = filter.sort === 'at' ? 'asc' : 'desc';
  const rows = await matching(ctx, filter)
    .selectAll()
    .orderBy('at', direction)
    .orderBy(
      sql`seq::bigint`,
      sql.raw(`${direction} nulls ${direction === 'asc' ? 'last' : 'first'}`) as never,
    )
    .limit(limit)
    .offset(offset)
    .execute();
  return (rows as Row[]).map(toItem);
}

export async function searchAudit(ctx: Ctx, filter: AuditFilter, page: { limit: number; offset: number }) {
  const items = await fetchRows(ctx, filter, page.limit, page.offset);
  const total = await matching(ctx, filter)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  await audit(ctx.db, ctx, {
    action: 'read',
    entityType: 'audit_log',
    details: { filter: { ...filter }, returned: items.length },
  });
  return { items, total: Number(total.n) };
}

// A spreadsheet must not run a cell as a formula (CSV injection).
export function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined ? '' : Array.isArray(value) ? value.join(' ') : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const EXPORT_LIMIT = 100_000;

export async function exportAuditCsv(ctx: Ctx, filter: AuditFilter): Promise<string> {
  const items = await fetchRows(ctx, filter, EXPORT_LIMIT, 0);
  const header = [
    'seq',
    'at',
    'userId',
    'userEmail',
    'roles',
    'action',
    'entityType',
    'entityId',
    'patientId',
    'requestId',
    'ip',
    'outcome',
  ] as const;
  const lines = [header.join(',')];
  for (const item of items) lines.push(header.map((key) => csvCell(item[key])).join(','));
  await audit(ctx.db, ctx, {
    action: 'export',
    entityType: 'audit_log',
    details: { filter: { ...filter }, rows: items.length, format: 'csv' },
  });
  return `${lines.join('\r\n')}\r\n`;
}
