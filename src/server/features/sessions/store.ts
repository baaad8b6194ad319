import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Executor } from '../../context.ts';
import type {
  AdministrationChange,
  SessionAdministrationChangesTable,
  SessionAdministrationsTable,
  SessionAlertsTable,
  SessionEntriesTable,
  TreatmentSessionsTable,
} from '../../db/schema.ts';

export type SessionRow = Selectable<TreatmentSessionsTable>;
export type EntryRow = Selectable<SessionEntriesTable>;
export type AlertRow = Selectable<SessionAlertsTable>;
export type AdministrationRow = Selectable<SessionAdministrationsTable>;
export type ChangeRow = Selectable<SessionAdministrationChangesTable>;

/** The channel every session write notifies; the board listens to it. */
export const BOARD_CHANNEL = 'ketaflow_board';

/**
 * Tells every app instance's board that a session changed. Called after the write committed; its own
 * commit does not wait for the WAL flush (a lost notification only delays a board refresh), so it
 * holds the notify-queue lock for microseconds. A failure is swallowed: the write already stands.
 */
export type BookingForSession = {
  id: string;
  patientId: string;
  locationId: string;
  chairId: string;
  route: 'iv-ketamine' | 'esketamine';
  protocolId: string;
  protocolVersion: number;
  phaseId: string;
  plannedSessionId: string | null;
  status: string;
  driverName: string;
  timeZone: string;
  localDate: string;
  todayLocal: string;
  sexAtBirth: string;
};

export async function findBookingForSession(
  db: Executor,
  orgId: string,
  bookingId: string,
  now: Date,
): Promise<BookingForSession | undefined> {
  const row = await db
    .selectFrom('bookings as b')
    .innerJoin('locations as l', 'l.id', 'b.location_id')
    .innerJoin('patients as p', 'p.id', 'b.patient_id')
    .select([
      'b.id',
      'b.patient_id',
      'b.location_id',
      'b.chair_id',
      'b.route',
      'b.protocol_id',
      'b.protocol_version',
      'b.phase_id',
      'b.planned_session_id',
      'b.status',
      'b.driver_name',
      'l.time_zone',
      'p.sex_at_birth',
      sql<string>`to_char(b.starts_at AT TIME ZONE l.time_zone, 'YYYY-MM-DD')`.as('local_date'),
      sql<string>`to_char(${now}::timestamptz AT TIME ZONE l.time_zone, 'YYYY-MM-DD')`.as('today_local'),
    ])
    .where('b.org_id', '=', orgId)
    .where('b.id', '=', bookingId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    patientId: row.patient_id,
    locationId: row.location_id,
    chairId: row.chair_id,
    route: row.route,
    protocolId: row.protocol_id,
    protocolVersion: row.protocol_version,
    phaseId: row.phase_id,
    plannedSessionId: row.planned_session_id,
    status: row.status,
    driverName: row.driver_name,
    timeZone: row.time_zone,
    localDate: row.local_date,
    todayLocal: row.today_local,
    sexAtBirth: row.sex_at_birth,
  };
}

export async function findSessionByBooking(
  db: Executor,
  orgId: string,
  bookingId: string,
): Promise<SessionRow | undefined> {
  return db
    .selectFrom('treatment_sessions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('booking_id', '=', bookingId)
    .executeTakeFirst();
}

export async function findSession(
  db: Executor,
  orgId: string,
  id: string,
  lock = false,
): Promise<SessionRow | undefined> {
  let query = db
    .selectFrom('treatment_sessions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function insertSession(
  db: Executor,
  values: Insertable<TreatmentSessionsTable>,
): Promise<SessionRow | undefined> {
  return db
    .insertInto('treatment_sessions')
    .values(values)
    .onConflict((oc) => oc.columns(['org_id', 'booking_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function updateSession(
  db: Executor,
  orgId: string,
  id: string,
  values: Updateable<TreatmentSessionsTable> & { updated_at: Date },
): Promise<void> {
  await db
    .updateTable('treatment_sessions')
    .set(values)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function insertEntry(
  db: Executor,
  values: Omit<EntryRow, 'data'> & { data: string },
): Promise<boolean> {
  const inserted = await db
    .insertInto('session_entries')
    .values(values)
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function findEntry(db: Executor, id: string): Promise<EntryRow | undefined> {
  return db.selectFrom('session_entries').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listEntries(db: Executor, orgId: string, sessionId: string): Promise<EntryRow[]> {
  return db
    .selectFrom('session_entries')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('session_id', '=', sessionId)
    .orderBy('client_at')
    .orderBy('received_at')
    .execute();
}

export async function listAlerts(db: Executor, orgId: string, sessionIds: string[]): Promise<AlertRow[]> {
  if (sessionIds.length === 0) return [];
  return db
    .selectFrom('session_alerts')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('session_id', 'in', sessionIds)
    .orderBy('raised_at')
    .orderBy('threshold_id')
    .execute();
}

export async function acknowledgeAlertRow(
  db: Executor,
  orgId: string,
  sessionId: string,
  alertId: string,
  by: { id: string; name: string; note: string | null; at: Date },
): Promise<'done' | 'missing' | 'already'> {
  const updated = await db
    .updateTable('session_alerts')
    .set({
      acknowledged_at: by.at,
      acknowledged_by: by.id,
      acknowledged_by_name: by.name,
      acknowledgement_note: by.note,
    })
    .where('org_id', '=', orgId)
    .where('session_id', '=', sessionId)
    .where('id', '=', alertId)
    .where('acknowledged_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (updated) return 'done';
  const exists = await db
    .selectFrom('session_alerts')
    .select('id')
    .where('org_id', '=', orgId)
    .where('session_id', '=', sessionId)
    .where('id', '=', alertId)
    .executeTakeFirst();
  return exists ? 'already' : 'missing';
}

export type GateDecisionRow = {
  id: string;
  entryId: string;
  blockedReason: string;
  decision: 'proceed' | 'do-not-dose';
  reason: string;
  decidedBy: string;
  deciderName: string;
  decidedAt: Date;
};

export async function listGateDecisions(
  db: Executor,
  orgId: string,
  sessionId: string,
): Promise<GateDecisionRow[]> {
  const rows = await db
    .selectFrom('session_gate_decisions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('session_id', '=', sessionId)
    .orderBy('decided_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    entryId: r.entry_id,
    blockedReason: r.blocked_reason,
    decision: r.decision,
    reason: r.reason,
    decidedBy: r.decided_by,
    deciderName: r.decider_name,
    decidedAt: r.decided_at,
  }));
}

export async function insertGateDecision(
  db: Executor,
  values: {
    org_id: string;
    session_id: string;
    entry_id: string;
    blocked_reason: string;
    decision: 'proceed' | 'do-not-dose';
    reason: string;
    decided_by: string;
    decider_name: string;
    decided_at: Date;
  },
): Promise<string> {
  const { id } = await db
    .insertInto('session_gate_decisions')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** The session's administration, with the witness's name for the chart. */
export async function findAdministration(
  db: Executor,
  orgId: string,
  sessionId: string,
): Promise<(AdministrationRow & { witness_name: string }) | undefined> {
  const row = await db
    .selectFrom('session_administrations as a')
    .leftJoin('users as w', (join) => join.onRef('w.id', '=', 'a.witness_id').on('w.org_id', '=', orgId))
    .selectAll('a')
    .select('w.name as witness_name')
    .where('a.org_id', '=', orgId)
    .where('a.session_id', '=', sessionId)
    .executeTakeFirst();
  return row ? { ...row, witness_name: row.witness_name ?? '' } : undefined;
}

export async function insertAdministration(
  db: Executor,
  values: Omit<AdministrationRow, 'id' | 'dose_mg' | 'pump_rate_ml_per_h' | 'calculation'> & {
    dose_mg: number;
    pump_rate_ml_per_h: number | null;
    calculation: string | null;
  },
): Promise<void> {
  await db.insertInto('session_administrations').values(values).execute();
}

export async function endAdministration(db: Executor, orgId: string, sessionId: string, at: Date) {
  await db
    .updateTable('session_administrations')
    .set({ ended_at: at })
    .where('org_id', '=', orgId)
    .where('session_id', '=', sessionId)
    .where('ended_at', 'is', null)
    .execute();
}

export async function insertChange(
  db: Executor,
  values: {
    id: string;
    org_id: string;
    session_id: string;
    change: AdministrationChange;
    at: Date;
    reason: string | null;
    pump_rate_ml_per_h: number | null;
    received_at: Date;
    recorded_by: string;
  },
): Promise<boolean> {
  const row = await db
    .insertInto('session_administration_changes')
    .values(values)
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function findChange(db: Executor, id: string): Promise<ChangeRow | undefined> {
  return db.selectFrom('session_administration_changes').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listChanges(db: Executor, orgId: string, sessionId: string): Promise<ChangeRow[]> {
  return db
    .selectFrom('session_administration_changes')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('session_id', '=', sessionId)
    .orderBy('at')
    .execute();
}

export async function listAddenda(db: Executor, orgId: string, sessionId: string) {
  return db
    .selectFrom('session_addenda')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('session_id', '=', sessionId)
    .orderBy('signed_at')
    .execute();
}

export async function insertAddendum(
  db: Executor,
  values: {
    org_id: string;
    session_id: string;
    text: string;
    signed_by: string;
    signer_name: string;
    signature_meaning: string;
    signed_at: Date;
  },
): Promise<string> {
  const { id } = await db
    .insertInto('session_addenda')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** The dose the signed plan holds for a planned session: the latest dose decision, else the plan's. */
export async function findPlannedDose(
  db: Executor,
  orgId: string,
  plannedSessionId: string,
): Promise<
  | { source: 'dose-decision' | 'planned-session'; doseMg: number; calculation: unknown; status: string }
  | undefined
> {
  const planned = await db
    .selectFrom('planned_sessions')
    .select(['dose_mg', 'calculation', 'status'])
    .where('org_id', '=', orgId)
    .where('id', '=', plannedSessionId)
    .executeTakeFirst();
  if (!planned) return undefined;
  const decision = await db
    .selectFrom('dose_decisions')
    .select(['dose_mg', 'calculation'])
    .where('org_id', '=', orgId)
    .where('planned_session_id', '=', plannedSessionId)
    .where('dose_mg', 'is not', null)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (decision?.dose_mg) {
    return {
      source: 'dose-decision',
      doseMg: Number(decision.dose_mg),
      calculation: decision.calculation,
      status: planned.status,
    };
  }
  return {
    source: 'planned-session',
    doseMg: Number(planned.dose_mg),
    calculation: planned.calculation,
    status: planned.status,
  };
}

/** Session charting moves a planned session on to "given" (the only column it may change). */
export async function markPlannedSessionGiven(db: Executor, orgId: string, id: string): Promise<void> {
  await db
    .updateTable('planned_sessions')
    .set({ status: 'given' })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', 'planned')
    .execute();
}

export async function findStaff(db: Executor, orgId: string, userId: string) {
  return db
    .selectFrom('users')
    .leftJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.name', 'users.active', sql<string[]>`array_agg(user_roles.role)`.as('roles')])
    .where('users.org_id', '=', orgId)
    .where('users.id', '=', userId)
    .groupBy(['users.id', 'users.name', 'users.active'])
    .executeTakeFirst();
}

export async function userName(db: Executor, userId: string): Promise<string> {
  const row = await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
  return row?.name ?? '';
}

export type SessionHeader = {
  patientName: string;
  mrn: string;
  chairName: string;
  locationName: string;
  timeZone: string;
  bookingStartsAt: Date;
};

export async function findSessionHeader(db: Executor, session: SessionRow): Promise<SessionHeader> {
  const row = await db
    .selectFrom('patients as p')
    .innerJoin('chairs as c', (join) => join.on('c.id', '=', session.chair_id))
    .innerJoin('locations as l', (join) => join.on('l.id', '=', session.location_id))
    .innerJoin('bookings as b', (join) => join.on('b.id', '=', session.booking_id))
    .select([
      'p.legal_given_name',
      'p.legal_family_name',
      'p.preferred_name',
      'p.mrn',
      'c.name as chair_name',
      'l.name as location_name',
      'l.time_zone',
      'b.starts_at',
    ])
    .where('p.id', '=', session.patient_id)
    .executeTakeFirstOrThrow();
  return {
    patientName: `${row.preferred_name ?? row.legal_given_name} ${row.legal_family_name}`,
    mrn: row.mrn,
    chairName: row.chair_name,
    locationName: row.location_name,
    timeZone: row.time_zone,
    bookingStartsAt: row.starts_at,
  };
}

/** Sessions of one local day at a location (for the board). */
export async function listLocationSessions(
  db: Executor,
  orgId: string,
  locationId: string,
  timeZone: string,
  now: Date,
): Promise<SessionRow[]> {
  return db
    .selectFrom('treatment_sessions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('location_id', '=', locationId)
    .where(
      sql<boolean>`(checked_in_at AT TIME ZONE ${timeZone})::date = (${now}::timestamptz AT TIME ZONE ${timeZone})::date`,
    )
    .orderBy('checked_in_at')
    .execute();
}

export async function listInstructionLinks(db: Executor, orgId: string, sessionId: string) {
  return db
    .selectFrom('discharge_instruction_links')
    .select(['id', 'created_at', 'expires_at', 'opened_at'])
    .where('org_id', '=', orgId)
    .where('session_id', '=', sessionId)
    .orderBy('created_at')
    .execute();
}

export async function findLocationZone(
  db: Executor,
  orgId: string,
  id: string,
): Promise<{ id: string; name: string; timeZone: string } | undefined> {
  const row = await db
    .selectFrom('locations')
    .select(['id', 'name', 'time_zone'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { id: row.id, name: row.name, timeZone: row.time_zone } : undefined;
}
