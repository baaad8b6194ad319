import { sql } from 'kysely';
import type { Executor } from '../../context.ts';

/** SQL of the REMS forms and serious adverse events. The session's own tables are only read. */

export type SessionRecord = {
  id: string;
  patientId: string;
  route: 'iv-ketamine' | 'esketamine';
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sexAtBirth: string;
  mrn: string;
  location: {
    id: string;
    name: string;
    addressLine1: string;
    addressLine2: string | null;
    city: string;
    state: string;
    postalCode: string;
    phone: string | null;
    timeZone: string;
  };
  /** The location's calendar day of the first device (or of check-in before any dose). */
  treatmentDate: string;
  todayLocal: string;
  doseStartedAt: Date | null;
  signedAt: Date | null;
  signedBy: string | null;
};

export async function findSessionRecord(
  db: Executor,
  orgId: string,
  sessionId: string,
  now: Date,
): Promise<SessionRecord | undefined> {
  const row = await db
    .selectFrom('treatment_sessions as s')
    .innerJoin('patients as p', (j) =>
      j.onRef('p.id', '=', 's.patient_id').onRef('p.org_id', '=', 's.org_id'),
    )
    .innerJoin('locations as l', (j) =>
      j.onRef('l.id', '=', 's.location_id').onRef('l.org_id', '=', 's.org_id'),
    )
    .select([
      's.id',
      's.patient_id',
      's.route',
      's.dose_started_at',
      's.signed_at',
      's.signed_by',
      'p.legal_given_name',
      'p.legal_family_name',
      'p.date_of_birth',
      'p.sex_at_birth',
      'p.mrn',
      'l.id as location_id',
      'l.name as location_name',
      'l.address_line1',
      'l.address_line2',
      'l.city',
      'l.state',
      'l.postal_code',
      'l.phone',
      'l.time_zone',
      sql<string>`to_char(coalesce(s.dose_started_at, s.checked_in_at) AT TIME ZONE l.time_zone, 'YYYY-MM-DD')`.as(
        'treatment_date',
      ),
      sql<string>`to_char(${now}::timestamptz AT TIME ZONE l.time_zone, 'YYYY-MM-DD')`.as('today_local'),
    ])
    .where('s.org_id', '=', orgId)
    .where('s.id', '=', sessionId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    patientId: row.patient_id,
    route: row.route,
    givenName: row.legal_given_name,
    familyName: row.legal_family_name,
    dateOfBirth: row.date_of_birth,
    sexAtBirth: row.sex_at_birth,
    mrn: row.mrn,
    location: {
      id: row.location_id,
      name: row.location_name,
      addressLine1: row.address_line1,
      addressLine2: row.address_line2,
      city: row.city,
      state: row.state,
      postalCode: row.postal_code,
      phone: row.phone,
      timeZone: row.time_zone,
    },
    treatmentDate: row.treatment_date,
    todayLocal: row.today_local,
    doseStartedAt: row.dose_started_at,
    signedAt: row.signed_at,
    signedBy: row.signed_by,
  };
}

export async function findUserContact(db: Executor, orgId: string, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('org_id', '=', orgId)
    .where('id', '=', userId)
    .executeTakeFirst();
}

/** The patient's esketamine sessions dosed before this one, newest first. */
export async function previousEsketamineSessions(
  db: Executor,
  orgId: string,
  patientId: string,
  before: Date,
): Promise<{ id: string; doseStartedAt: Date }[]> {
  const rows = await db
    .selectFrom('treatment_sessions')
    .select(['id', 'dose_started_at'])
    .where('org_id', '=', orgId)
    .where('patient_id', '=', patientId)
    .where('route', '=', 'esketamine')
    .where('dose_started_at', 'is not', null)
    .where('dose_started_at', '<', before)
    .orderBy('dose_started_at', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, doseStartedAt: r.dose_started_at as Date }));
}

export type Answers = Record<string, unknown>;

export async function findAnswers(
  db: Executor,
  orgId: string,
  sessionId: string,
): Promise<{ answers: Answers; updatedAt: Date } | undefined> {
  const row = await db
    .selectFrom('rems_form_answers')
    .select(['answers', 'updated_at'])
    .where('org_id', '=', orgId)
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  return row ? { answers: row.answers as Answers, updatedAt: row.updated_at } : undefined;
}

/** The answers saved for the newest of these sessions that has any. */
export async function latestAnswersOf(
  db: Executor,
  orgId: string,
  sessionIds: string[],
): Promise<{ sessionId: string; answers: Answers } | undefined> {
  if (sessionIds.length === 0) return undefined;
  const rows = await db
    .selectFrom('rems_form_answers')
    .select(['session_id', 'answers'])
    .where('org_id', '=', orgId)
    .where('session_id', 'in', sessionIds)
    .execute();
  for (const id of sessionIds) {
    const row = rows.find((r) => r.session_id === id);
    if (row) return { sessionId: id, answers: row.answers as Answers };
  }
  return undefined;
}

export async function upsertAnswers(
  db: Executor,
  values: { orgId: string; sessionId: string; patientId: string; answers: Answers; by: string; at: Date },
): Promise<void> {
  await db
    .insertInto('rems_form_answers')
    .values({
      org_id: values.orgId,
      session_id: values.sessionId,
      patient_id: values.patientId,
      answers: JSON.stringify(values.answers),
      updated_by: values.by,
      updated_at: values.at,
    })
    .onConflict((oc) =>
      oc.columns(['org_id', 'session_id']).doUpdateSet({
        answers: JSON.stringify(values.answers),
        updated_by: values.by,
        updated_at: values.at,
      }),
    )
    .execute();
}

export type SubmissionRow = {
  submittedAt: Date;
  submittedBy: string;
  submittedByName: string;
  confirmationNumber: string | null;
  recordedAt: Date;
};

export async function findSubmission(
  db: Executor,
  orgId: string,
  sessionId: string,
): Promise<SubmissionRow | undefined> {
  const row = await db
    .selectFrom('rems_form_submissions')
    .select(['submitted_at', 'submitted_by', 'submitted_by_name', 'confirmation_number', 'recorded_at'])
    .where('org_id', '=', orgId)
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  return row
    ? {
        submittedAt: row.submitted_at,
        submittedBy: row.submitted_by,
        submittedByName: row.submitted_by_name,
        confirmationNumber: row.confirmation_number,
        recordedAt: row.recorded_at,
      }
    : undefined;
}

/** False when the session already has a submission (the first one stands). */
export async function insertSubmission(
  db: Executor,
  values: {
    orgId: string;
    sessionId: string;
    patientId: string;
    submittedAt: Date;
    by: string;
    byName: string;
    confirmationNumber: string | null;
    form: unknown;
    at: Date;
  },
): Promise<boolean> {
  const row = await db
    .insertInto('rems_form_submissions')
    .values({
      org_id: values.orgId,
      session_id: values.sessionId,
      patient_id: values.patientId,
      submitted_at: values.submittedAt,
      submitted_by: values.by,
      submitted_by_name: values.byName,
      confirmation_number: values.confirmationNumber,
      form: JSON.stringify(values.form),
      recorded_at: values.at,
    })
    .onConflict((oc) => oc.columns(['org_id', 'session_id']).doNothing())
    .returning('session_id')
    .executeTakeFirst();
  return row !== undefined;
}

export type DashboardFilter = {
  status?: 'due' | 'overdue' | 'submitted' | undefined;
  locationId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

export type DashboardRow = {
  sessionId: string;
  patientId: string;
  patientName: string;
  mrn: string;
  locationId: string;
  locationName: string;
  treatmentDate: string;
  dueBy: string;
  todayLocal: string;
  signed: boolean;
  submittedAt: Date | null;
  submittedByName: string | null;
  confirmationNumber: string | null;
};

export const DASHBOARD_LIMIT = 500;

/** Esketamine sessions that were dosed, with their due day (treatment day + `dueDays`) and submission. */
export async function listDashboard(
  db: Executor,
  orgId: string,
  filter: DashboardFilter,
  dueDays: number,
  now: Date,
): Promise<DashboardRow[]> {
  const statusSql =
    filter.status === 'submitted'
      ? sql`sub.session_id IS NOT NULL`
      : filter.status === 'due'
        ? sql`sub.session_id IS NULL AND f.due_by >= f.today_local`
        : filter.status === 'overdue'
          ? sql`sub.session_id IS NULL AND f.due_by < f.today_local`
          : sql`true`;
  const result = await sql<{
    session_id: string;
    patient_id: string;
    given: string;
    preferred: string | null;
    family: string;
    mrn: string;
    location_id: string;
    location_name: string;
    treatment_date: string;
    due_by: string;
    today_local: string;
    signed: boolean;
    submitted_at: Date | null;
    submitted_by_name: string | null;
    confirmation_number: string | null;
  }>`
    WITH f AS (
      SELECT s.id, s.org_id, s.patient_id, s.location_id, l.name AS location_name, s.signed_at,
        to_char(s.dose_started_at AT TIME ZONE l.time_zone, 'YYYY-MM-DD') AS treatment_date,
        to_char((s.dose_started_at AT TIME ZONE l.time_zone)::date + ${dueDays}::int, 'YYYY-MM-DD') AS due_by,
        to_char(${now}::timestamptz AT TIME ZONE l.time_zone, 'YYYY-MM-DD') AS today_local
      FROM treatment_sessions s
      JOIN locations l ON l.org_id = s.org_id AND l.id = s.location_id
      WHERE s.org_id = ${orgId} AND s.route = 'esketamine' AND s.dose_started_at IS NOT NULL
        ${filter.locationId ? sql`AND s.location_id = ${filter.locationId}` : sql``}
    )
    SELECT f.id AS session_id, f.patient_id, p.legal_given_name AS given, p.preferred_name AS preferred,
      p.legal_family_name AS family, p.mrn, f.location_id, f.location_name, f.treatment_date, f.due_by,
      f.today_local, f.signed_at IS NOT NULL AS signed, sub.submitted_at, sub.submitted_by_name,
      sub.confirmation_number
    FROM f
    JOIN patients p ON p.org_id = f.org_id AND p.id = f.patient_id
    LEFT JOIN rems_form_submissions sub ON sub.org_id = f.org_id AND sub.session_id = f.id
    WHERE ${statusSql}
      ${filter.from ? sql`AND f.treatment_date >= ${filter.from}` : sql``}
      ${filter.to ? sql`AND f.treatment_date <= ${filter.to}` : sql``}
    ORDER BY sub.session_id IS NOT NULL, f.due_by, f.treatment_date, f.id
    LIMIT ${DASHBOARD_LIMIT}`.execute(db);
  return result.rows.map((r) => ({
    sessionId: r.session_id,
    patientId: r.patient_id,
    patientName: `${r.preferred ?? r.given} ${r.family}`,
    mrn: r.mrn,
    locationId: r.location_id,
    locationName: r.location_name,
    treatmentDate: r.treatment_date,
    dueBy: r.due_by,
    todayLocal: r.today_local,
    signed: r.signed,
    submittedAt: r.submitted_at,
    submittedByName: r.submitted_by_name,
    confirmationNumber: r.confirmation_number,
  }));
}

export type ClinicField = { key: string; label: string; required: boolean };

export async function listClinicFields(
  db: Executor,
  orgId: string,
  form: 'rems-adverse-effects' | 'medwatch-3500',
): Promise<ClinicField[]> {
  return db
    .selectFrom('rems_clinic_fields')
    .select(['key', 'label', 'required'])
    .where('org_id', '=', orgId)
    .where('form', '=', form)
    .orderBy('position')
    .execute();
}

export async function replaceClinicFields(
  db: Executor,
  orgId: string,
  form: 'rems-adverse-effects' | 'medwatch-3500',
  fields: ClinicField[],
): Promise<void> {
  await db.deleteFrom('rems_clinic_fields').where('org_id', '=', orgId).where('form', '=', form).execute();
  if (fields.length === 0) return;
  await db
    .insertInto('rems_clinic_fields')
    .values(fields.map((f, position) => ({ org_id: orgId, form, ...f, position })))
    .execute();
}

export type SaeRow = {
  id: string;
  sessionId: string;
  patientId: string;
  eventDate: string;
  outcomes: string[];
  report: Record<string, unknown>;
  recordedBy: string;
  recordedByName: string;
  recordedAt: Date;
};

export async function insertSae(
  db: Executor,
  values: Omit<SaeRow, 'id'> & { orgId: string },
): Promise<string> {
  const { id } = await db
    .insertInto('serious_adverse_events')
    .values({
      org_id: values.orgId,
      session_id: values.sessionId,
      patient_id: values.patientId,
      event_date: values.eventDate,
      outcomes: values.outcomes,
      report: JSON.stringify(values.report),
      recorded_by: values.recordedBy,
      recorded_by_name: values.recordedByName,
      recorded_at: values.recordedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export type SaeFilter = {
  sessionId?: string | undefined;
  patientId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

export const SAE_LIMIT = 1000;

export async function listSaes(
  db: Executor,
  orgId: string,
  filter: SaeFilter & { id?: string },
): Promise<SaeRow[]> {
  let query = db
    .selectFrom('serious_adverse_events')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('event_date', 'desc')
    .orderBy('recorded_at', 'desc')
    .limit(SAE_LIMIT);
  if (filter.id) query = query.where('id', '=', filter.id);
  if (filter.sessionId) query = query.where('session_id', '=', filter.sessionId);
  if (filter.patientId) query = query.where('patient_id', '=', filter.patientId);
  if (filter.from) query = query.where('event_date', '>=', filter.from);
  if (filter.to) query = query.where('event_date', '<=', filter.to);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    sessionId: r.session_id,
    patientId: r.patient_id,
    eventDate: r.event_date,
    outcomes: r.outcomes,
    report: r.report as Record<string, unknown>,
    recordedBy: r.recorded_by,
    recordedByName: r.recorded_by_name,
    recordedAt: r.recorded_at,
  }));
}

export async function patientLabels(
  db: Executor,
  orgId: string,
  ids: string[],
): Promise<Map<string, { name: string; mrn: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('patients')
    .select(['id', 'legal_given_name', 'preferred_name', 'legal_family_name', 'mrn'])
    .where('org_id', '=', orgId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      { name: `${r.preferred_name ?? r.legal_given_name} ${r.legal_family_name}`, mrn: r.mrn },
    ]),
  );
}
