import { type Selectable, sql } from 'kysely';
import type { Executor } from '../../context.ts';
import type { LeadStatus, LeadsTable } from '../../db/schema.ts';

export type LeadSummary = {
  id: string;
  name: string;
  phone: string;
  email: string | null;
  bestTime: LeadsTable['best_time'];
  preferredContact: LeadsTable['preferred_contact'];
  status: LeadStatus;
  urgent: boolean;
  urgentReason: string | null;
  selfCheckTotal: number | null;
  selfCheckSeverity: string | null;
  patientId: string | null;
  createdAt: string;
  updatedAt: string;
};

export type LeadDetail = LeadSummary & {
  message: string | null;
  consentText: string;
  consentedAt: string;
  selfCheck: number[] | null;
};

export type LeadEvent = {
  id: string;
  at: string;
  kind: 'created' | 'status' | 'note' | 'converted';
  userId: string | null;
  userName: string | null;
  fromStatus: LeadStatus | null;
  toStatus: LeadStatus | null;
  note: string | null;
  patientId: string | null;
};

const SUMMARY_COLUMNS = [
  'id',
  'name',
  'phone',
  'email',
  'best_time',
  'preferred_contact',
  'status',
  'urgent',
  'urgent_reason',
  'self_check_total',
  'self_check_severity',
  'patient_id',
  'created_at',
  'updated_at',
] as const;

type SummaryRow = Pick<Selectable<LeadsTable>, (typeof SUMMARY_COLUMNS)[number]>;

function toSummary(row: SummaryRow): LeadSummary {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone,
    email: row.email,
    bestTime: row.best_time,
    preferredContact: row.preferred_contact,
    status: row.status,
    urgent: row.urgent,
    urgentReason: row.urgent_reason,
    selfCheckTotal: row.self_check_total,
    selfCheckSeverity: row.self_check_severity,
    patientId: row.patient_id,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export type NewLead = {
  orgId: string;
  name: string;
  phone: string;
  email: string | null;
  bestTime: LeadsTable['best_time'];
  preferredContact: LeadsTable['preferred_contact'];
  message: string | null;
  consentText: string;
  selfCheck: number[] | null;
  selfCheckTotal: number | null;
  selfCheckSeverity: string | null;
  urgent: boolean;
  urgentReason: string | null;
  now: Date;
};

export async function insertLead(db: Executor, lead: NewLead): Promise<string> {
  const { id } = await db
    .insertInto('leads')
    .values({
      org_id: lead.orgId,
      name: lead.name,
      phone: lead.phone,
      email: lead.email,
      best_time: lead.bestTime,
      preferred_contact: lead.preferredContact,
      message: lead.message,
      consent_text: lead.consentText,
      consented_at: lead.now,
      self_check: lead.selfCheck ? JSON.stringify(lead.selfCheck) : null,
      self_check_total: lead.selfCheckTotal,
      self_check_severity: lead.selfCheckSeverity,
      urgent: lead.urgent,
      urgent_reason: lead.urgentReason,
      created_at: lead.now,
      updated_at: lead.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function insertLeadEvent(
  db: Executor,
  event: {
    orgId: string;
    leadId: string;
    at: Date;
    userId: string | null;
    kind: LeadEvent['kind'];
    fromStatus?: LeadStatus | null;
    toStatus?: LeadStatus | null;
    note?: string | null;
    patientId?: string | null;
  },
): Promise<void> {
  await db
    .insertInto('lead_events')
    .values({
      org_id: event.orgId,
      lead_id: event.leadId,
      at: event.at,
      user_id: event.userId,
      kind: event.kind,
      from_status: event.fromStatus ?? null,
      to_status: event.toStatus ?? null,
      note: event.note ?? null,
      patient_id: event.patientId ?? null,
    })
    .execute();
}

export async function countSpam(
  db: Executor,
  orgId: string,
  day: string,
  reason: 'honeypot' | 'too-fast',
): Promise<void> {
  await db
    .insertInto('lead_spam_counts')
    .values({ org_id: orgId, day, reason, count: 1 })
    .onConflict((oc) =>
      oc.columns(['org_id', 'day', 'reason']).doUpdateSet({ count: sql`lead_spam_counts.count + 1` }),
    )
    .execute();
}

export async function spamCounts(
  db: Executor,
  orgId: string,
  sinceDay: string,
): Promise<{ honeypot: number; tooFast: number }> {
  const rows = await db
    .selectFrom('lead_spam_counts')
    .select(['reason', (eb) => eb.fn.sum<string>('count').as('total')])
    .where('org_id', '=', orgId)
    .where('day', '>=', sinceDay)
    .groupBy('reason')
    .execute();
  const of = (reason: string) => Number(rows.find((r) => r.reason === reason)?.total ?? 0);
  return { honeypot: of('honeypot'), tooFast: of('too-fast') };
}

export async function listLeadRows(
  db: Executor,
  orgId: string,
  filter: { statuses: LeadStatus[]; limit: number; offset: number },
): Promise<{ items: LeadSummary[]; total: number }> {
  let query = db.selectFrom('leads').where('org_id', '=', orgId);
  if (filter.statuses.length) query = query.where('status', 'in', filter.statuses);
  const [rows, count] = await Promise.all([
    query
      .select([...SUMMARY_COLUMNS])
      .orderBy('urgent', 'desc')
      .orderBy('created_at', 'asc')
      .orderBy('id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => toSummary(r)), total: Number(count.n) };
}

export async function findLead(db: Executor, orgId: string, id: string): Promise<LeadDetail | undefined> {
  const row = await db
    .selectFrom('leads')
    .select([...SUMMARY_COLUMNS, 'message', 'consent_text', 'consented_at', 'self_check'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    ...toSummary(row),
    message: row.message,
    consentText: row.consent_text,
    consentedAt: new Date(row.consented_at).toISOString(),
    selfCheck: Array.isArray(row.self_check) ? (row.self_check as number[]) : null,
  };
}

export async function listLeadEvents(db: Executor, orgId: string, leadId: string): Promise<LeadEvent[]> {
  const rows = await db
    .selectFrom('lead_events as e')
    .leftJoin('users as u', 'u.id', 'e.user_id')
    .select([
      'e.id',
      'e.at',
      'e.kind',
      'e.user_id',
      'u.name as user_name',
      'e.from_status',
      'e.to_status',
      'e.note',
      'e.patient_id',
    ])
    .where('e.org_id', '=', orgId)
    .where('e.lead_id', '=', leadId)
    .orderBy('e.at')
    .orderBy('e.position')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: new Date(r.at).toISOString(),
    kind: r.kind,
    userId: r.user_id,
    userName: r.user_name,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    note: r.note,
    patientId: r.patient_id,
  }));
}

/** Moves the lead only if it is still in the status the user saw; false when someone moved it first. */
export async function updateLeadStatus(
  db: Executor,
  orgId: string,
  id: string,
  from: LeadStatus,
  to: LeadStatus,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('leads')
    .set({ status: to, updated_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function touchLead(db: Executor, orgId: string, id: string, now: Date): Promise<void> {
  await db
    .updateTable('leads')
    .set({ updated_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function linkLeadToPatient(
  db: Executor,
  orgId: string,
  id: string,
  patientId: string,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('leads')
    .set({ patient_id: patientId, updated_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('patient_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Staff who work the queue: where "a new callback request" notices go. */
export async function leadStaffEmails(
  db: Executor,
  orgId: string,
  roles: readonly string[],
): Promise<string[]> {
  if (roles.length === 0) return [];
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .select('u.email')
    .distinct()
    .where('u.org_id', '=', orgId)
    .where('u.active', '=', true)
    .where('r.role', 'in', roles as never)
    .orderBy('u.email')
    .execute();
  return rows.map((r) => r.email);
}
