import { sql } from 'kysely';
import type { Executor } from '../../context.ts';
import type { PatientStatus, SexAtBirth } from '../../db/schema.ts';

export type PatientFields = {
  mrn?: string | undefined;
  legalGivenName: string;
  legalFamilyName: string;
  preferredName: string | null;
  dateOfBirth: string;
  sexAtBirth: SexAtBirth;
  genderIdentity: string | null;
  pronouns: string | null;
  phone: string | null;
  email: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  emergencyContactName: string | null;
  emergencyContactPhone: string | null;
  emergencyContactRelationship: string | null;
  driverName: string | null;
  driverPhone: string | null;
  referringClinician: string | null;
  primaryClinicianId: string | null;
  status: PatientStatus;
};

export type Patient = Omit<PatientFields, 'mrn'> & {
  id: string;
  mrn: string;
  version: number;
  careTeam: { id: string; name: string; roles: string[] }[];
  createdAt: string;
  updatedAt: string;
};

export type PatientSummary = Pick<
  Patient,
  'id' | 'mrn' | 'legalGivenName' | 'legalFamilyName' | 'preferredName' | 'dateOfBirth' | 'phone' | 'status'
>;

const COLUMN_OF = {
  legalGivenName: 'legal_given_name',
  legalFamilyName: 'legal_family_name',
  preferredName: 'preferred_name',
  dateOfBirth: 'date_of_birth',
  sexAtBirth: 'sex_at_birth',
  genderIdentity: 'gender_identity',
  pronouns: 'pronouns',
  phone: 'phone',
  email: 'email',
  addressLine1: 'address_line1',
  addressLine2: 'address_line2',
  city: 'city',
  state: 'state',
  postalCode: 'postal_code',
  emergencyContactName: 'emergency_contact_name',
  emergencyContactPhone: 'emergency_contact_phone',
  emergencyContactRelationship: 'emergency_contact_relationship',
  driverName: 'driver_name',
  driverPhone: 'driver_phone',
  referringClinician: 'referring_clinician',
  primaryClinicianId: 'primary_clinician_id',
  status: 'status',
} as const;

type Field = keyof typeof COLUMN_OF;
export const PATIENT_FIELDS = Object.keys(COLUMN_OF) as Field[];

function toRow(fields: Omit<PatientFields, 'mrn'>) {
  return Object.fromEntries(PATIENT_FIELDS.map((f) => [COLUMN_OF[f], fields[f]])) as {
    [K in Field as (typeof COLUMN_OF)[K]]: PatientFields[K];
  };
}

type Row = { [K in Field as (typeof COLUMN_OF)[K]]: PatientFields[K] } & {
  id: string;
  mrn: string;
  version: number;
  created_at: Date;
  updated_at: Date;
};

function fromRow(row: Row, careTeam: Patient['careTeam']): Patient {
  const fields = Object.fromEntries(PATIENT_FIELDS.map((f) => [f, row[COLUMN_OF[f]]])) as Omit<
    PatientFields,
    'mrn'
  >;
  return {
    ...fields,
    id: row.id,
    mrn: row.mrn,
    version: row.version,
    careTeam,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The next number of a per-organisation counter, safe under concurrency (row lock by upsert). */
export async function nextCounter(db: Executor, orgId: string, name: string): Promise<number> {
  const row = await db
    .insertInto('org_counters')
    .values({ org_id: orgId, name, value: 1 })
    .onConflict((oc) => oc.columns(['org_id', 'name']).doUpdateSet({ value: sql`org_counters.value + 1` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

export async function insertPatient(
  db: Executor,
  orgId: string,
  mrn: string,
  fields: Omit<PatientFields, 'mrn'>,
  now: Date,
): Promise<string> {
  const row = await db
    .insertInto('patients')
    .values({ ...toRow(fields), org_id: orgId, mrn, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePatientRow(
  db: Executor,
  orgId: string,
  id: string,
  version: number,
  mrn: string,
  fields: Omit<PatientFields, 'mrn'>,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('patients')
    .set({ ...toRow(fields), mrn, updated_at: now, version: sql`version + 1` })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

async function careTeamOf(db: Executor, patientId: string): Promise<Patient['careTeam']> {
  const rows = await db
    .selectFrom('care_team_members as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select((eb) => [
      'u.id',
      'u.name',
      eb
        .selectFrom('user_roles as r')
        .whereRef('r.user_id', '=', 'u.id')
        .select((e) => e.fn.agg<string[]>('array_agg', ['r.role']).as('roles'))
        .as('roles'),
    ])
    .where('c.patient_id', '=', patientId)
    .orderBy('u.name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, roles: (r.roles ?? []).sort() }));
}

export async function findPatient(db: Executor, orgId: string, id: string): Promise<Patient | undefined> {
  const row = await db
    .selectFrom('patients')
    .select([...PATIENT_FIELDS.map((f) => COLUMN_OF[f]), 'id', 'mrn', 'version', 'created_at', 'updated_at'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return fromRow(row as Row, await careTeamOf(db, id));
}

export async function replaceCareTeam(
  db: Executor,
  orgId: string,
  patientId: string,
  userIds: string[],
): Promise<void> {
  await db.deleteFrom('care_team_members').where('patient_id', '=', patientId).execute();
  if (userIds.length === 0) return;
  await db
    .insertInto('care_team_members')
    .values(userIds.map((userId) => ({ org_id: orgId, patient_id: patientId, user_id: userId })))
    .execute();
}

/** Staff of this organisation among the ids, so a care team never names someone from elsewhere. */
export async function activeStaffIds(db: Executor, orgId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .select('u.id')
    .distinct()
    .where('u.org_id', '=', orgId)
    .where('u.active', '=', true)
    .where('r.role', '<>', 'patient')
    .where('u.id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function findPossibleDuplicates(
  db: Executor,
  orgId: string,
  fields: Pick<PatientFields, 'legalGivenName' | 'legalFamilyName' | 'dateOfBirth'>,
  exceptId?: string,
): Promise<PatientSummary[]> {
  let query = db
    .selectFrom('patients')
    .select(SUMMARY_COLUMNS)
    .where('org_id', '=', orgId)
    .where('date_of_birth', '=', fields.dateOfBirth)
    .where(sql<boolean>`lower(legal_given_name) = lower(${fields.legalGivenName})`)
    .where(sql<boolean>`lower(legal_family_name) = lower(${fields.legalFamilyName})`);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.limit(10).execute()).map(toSummary);
}

const SUMMARY_COLUMNS = [
  'id',
  'mrn',
  'legal_given_name',
  'legal_family_name',
  'preferred_name',
  'date_of_birth',
  'phone',
  'status',
] as const;

type SummaryRow = {
  id: string;
  mrn: string;
  legal_given_name: string;
  legal_family_name: string;
  preferred_name: string | null;
  date_of_birth: string;
  phone: string | null;
  status: PatientStatus;
};

function toSummary(row: SummaryRow): PatientSummary {
  return {
    id: row.id,
    mrn: row.mrn,
    legalGivenName: row.legal_given_name,
    legalFamilyName: row.legal_family_name,
    preferredName: row.preferred_name,
    dateOfBirth: row.date_of_birth,
    phone: row.phone,
    status: row.status,
  };
}

export type PatientQuery = {
  nameTokens: string[];
  dateOfBirth?: string | undefined;
  digits?: string | undefined;
  mrn?: string | undefined;
  status?: PatientStatus | undefined;
  limit: number;
  offset: number;
};

/** Name fragments, date of birth, MRN or phone digits; trigram indexes make fragments fast. */
export async function searchPatients(
  db: Executor,
  orgId: string,
  q: PatientQuery,
): Promise<PatientSummary[]> {
  let query = db.selectFrom('patients').select(SUMMARY_COLUMNS).where('org_id', '=', orgId);
  for (const token of q.nameTokens) {
    query = query.where('search_name', 'like', `%${escapeLike(token.toLowerCase())}%`);
  }
  if (q.dateOfBirth) query = query.where('date_of_birth', '=', q.dateOfBirth);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.digits) {
    const pattern = `%${escapeLike(q.digits)}%`;
    query = query.where((eb) =>
      eb.or([eb('phone_digits', 'like', pattern), eb(sql`lower(mrn)`, 'like', pattern)]),
    );
  }
  if (q.mrn) query = query.where(sql`lower(mrn)`, 'like', `%${escapeLike(q.mrn.toLowerCase())}%`);
  const filtered = q.nameTokens.length > 0 || q.digits !== undefined || q.mrn !== undefined;
  // With a fragment to match, find the matches through the trigram indexes and sort only those: an
  // expression order keeps the planner from walking all patients in name order testing each one.
  const ordered = filtered
    ? query.orderBy(sql`lower(legal_family_name)`).orderBy(sql`lower(legal_given_name)`)
    : query.orderBy('legal_family_name').orderBy('legal_given_name');
  const rows = await ordered.orderBy('id').limit(q.limit).offset(q.offset).execute();
  return rows.map(toSummary);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
