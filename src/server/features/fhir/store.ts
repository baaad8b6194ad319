import { type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool, sql } from 'kysely';
import { INSTRUMENT_IDS } from '../../../domain/instruments/index.ts';
import type { Executor } from '../../context.ts';
import type { Database, ResponseSource, SexAtBirth } from '../../db/schema.ts';
import type { DateBound } from './search-params.ts';

/** AND of OR: every inner list is one search parameter occurrence, its values alternatives. */
export type AndOr<T> = readonly (readonly T[])[];

const PATIENT_COLUMNS = [
  'id',
  'mrn',
  'version',
  'legal_given_name',
  'legal_family_name',
  'preferred_name',
  'date_of_birth',
  'sex_at_birth',
  'gender_identity',
  'pronouns',
  'phone',
  'email',
  'address_line1',
  'address_line2',
  'city',
  'state',
  'postal_code',
  'emergency_contact_name',
  'emergency_contact_phone',
  'emergency_contact_relationship',
  'updated_at',
] as const;

export type PatientRow = {
  id: string;
  mrn: string;
  version: number;
  legal_given_name: string;
  legal_family_name: string;
  preferred_name: string | null;
  date_of_birth: string;
  sex_at_birth: SexAtBirth;
  gender_identity: string | null;
  pronouns: string | null;
  phone: string | null;
  email: string | null;
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  emergency_contact_name: string | null;
  emergency_contact_phone: string | null;
  emergency_contact_relationship: string | null;
  updated_at: Date;
};

const RESPONSE_COLUMNS = [
  'id',
  'patient_id',
  'instrument',
  'answers',
  'total',
  'severity',
  'source',
  'entered_by',
  'completed_at',
] as const;

export type ResponseRow = {
  id: string;
  patient_id: string;
  instrument: string;
  answers: Record<string, number | null>;
  total: number | null;
  severity: string;
  source: ResponseSource;
  entered_by: string | null;
  completed_at: Date;
};

export type Page<T> = { rows: T[]; total: number };

function boundSql(column: string, bound: DateBound, calendarDate: boolean): RawBuilder<SqlBool> {
  const ref = sql.ref(column);
  const start = calendarDate ? bound.start.toISOString().slice(0, 10) : bound.start;
  const end = calendarDate ? bound.end.toISOString().slice(0, 10) : bound.end;
  // The stored value is an instant (or a whole day, for a date): see parseDate for the ranges.
  switch (bound.prefix) {
    case 'eq':
      return sql<SqlBool>`(${ref} >= ${start} AND ${ref} < ${end})`;
    case 'gt':
      return sql<SqlBool>`${ref} >= ${end}`;
    case 'lt':
      return sql<SqlBool>`${ref} < ${start}`;
    case 'ge':
      return sql<SqlBool>`${ref} >= ${start}`;
    case 'le':
      return sql<SqlBool>`${ref} < ${end}`;
  }
}

function anyOf(conditions: readonly Expression<SqlBool>[]): RawBuilder<SqlBool> {
  if (conditions.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(conditions, sql` OR `)})`;
}

function dateConditions(
  column: string,
  groups: AndOr<DateBound>,
  calendarDate = false,
): RawBuilder<SqlBool>[] {
  return groups.map((group) => anyOf(group.map((b) => boundSql(column, b, calendarDate))));
}

function inList(column: string, group: readonly string[]): RawBuilder<SqlBool> {
  if (group.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`${sql.ref(column)} IN (${sql.join(group)})`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export type PatientSearch = {
  /** Each group: MRNs any of which matches, or 'any' for every MRN of the clinic's system. */
  mrns: AndOr<string | 'any'>;
  /** Fragments matched at the start of any name part, case-insensitively. */
  names: AndOr<string>;
  birthDate: AndOr<DateBound>;
  lastUpdated: AndOr<DateBound>;
};

function patientConditions(q: PatientSearch): RawBuilder<SqlBool>[] {
  const conditions: RawBuilder<SqlBool>[] = [];
  for (const group of q.mrns) {
    if (group.includes('any')) continue;
    conditions.push(inList('mrn', group));
  }
  for (const group of q.names) {
    conditions.push(
      anyOf(
        group.map((fragment) => {
          const f = escapeLike(fragment.toLowerCase());
          // search_name is lower(given family preferred): a name part starts at the start or after a space.
          return sql<SqlBool>`(search_name LIKE ${`${f}%`} OR search_name LIKE ${`% ${f}%`})`;
        }),
      ),
    );
  }
  conditions.push(...dateConditions('date_of_birth', q.birthDate, true));
  conditions.push(...dateConditions('updated_at', q.lastUpdated));
  return conditions;
}

export async function findPatientRow(
  db: Executor,
  orgId: string,
  id: string,
): Promise<PatientRow | undefined> {
  return db
    .selectFrom('patients')
    .select(PATIENT_COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function searchPatientRows(
  db: Executor,
  orgId: string,
  q: PatientSearch,
  count: number,
  offset: number,
): Promise<Page<PatientRow>> {
  const where = (eb: ExpressionBuilder<Database, 'patients'>) =>
    eb.and([eb('org_id', '=', orgId), ...patientConditions(q)]);
  const [rows, total] = await Promise.all([
    count === 0
      ? []
      : db
          .selectFrom('patients')
          .select(PATIENT_COLUMNS)
          .where(where)
          .orderBy('legal_family_name')
          .orderBy('legal_given_name')
          .orderBy('id')
          .limit(count)
          .offset(offset)
          .execute(),
    db
      .selectFrom('patients')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where(where)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Filters on stored questionnaire responses (QuestionnaireResponse and the Observations derived from them). */
export type ResponseSearch = {
  /** Patient ids; an id that is not a UUID never matches, so callers leave it out of its group. */
  patientIds: AndOr<string>;
  instruments: AndOr<string>;
  /** On completed_at: authored, date and _lastUpdated all mean it, as responses are never changed. */
  completed: AndOr<DateBound>;
};

function responseConditions(q: ResponseSearch): RawBuilder<SqlBool>[] {
  return [
    ...q.patientIds.map((group) => inList('patient_id', group)),
    ...q.instruments.map((group) => inList('instrument', group)),
    ...dateConditions('completed_at', q.completed),
  ];
}

function responsesOf(db: Executor, orgId: string, q: ResponseSearch) {
  return db.selectFrom('measure_responses').where((eb) =>
    eb.and([
      eb('org_id', '=', orgId),
      // Only instruments this server knows how to describe.
      eb('instrument', 'in', INSTRUMENT_IDS),
      ...responseConditions(q),
    ]),
  );
}

export async function findResponseRow(
  db: Executor,
  orgId: string,
  id: string,
): Promise<ResponseRow | undefined> {
  return db
    .selectFrom('measure_responses')
    .select(RESPONSE_COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('instrument', 'in', INSTRUMENT_IDS)
    .executeTakeFirst();
}

export async function searchResponseRows(
  db: Executor,
  orgId: string,
  q: ResponseSearch,
  count: number,
  offset: number,
): Promise<Page<ResponseRow>> {
  const [rows, total] = await Promise.all([
    count === 0
      ? []
      : responsesOf(db, orgId, q)
          .select(RESPONSE_COLUMNS)
          .orderBy('completed_at')
          .orderBy('id')
          .limit(count)
          .offset(offset)
          .execute(),
    responsesOf(db, orgId, q)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** One kind of Observation derived from responses: an instrument's total, or one of its items. */
export type SeriesKey = { suffix: string; instrument: string; itemId?: string | undefined };

/**
 * Observations are not stored: each series selects the responses it is derived from, and the
 * series are unioned so paging and the total count span all of them.
 */
export async function searchObservationRows(
  db: Executor,
  orgId: string,
  series: readonly SeriesKey[],
  q: ResponseSearch,
  count: number,
  offset: number,
): Promise<Page<ResponseRow & { suffix: string }>> {
  const [first, ...rest] = series.map((s) =>
    responsesOf(db, orgId, q)
      .select([...RESPONSE_COLUMNS, sql.lit(s.suffix).as('suffix')])
      .where('instrument', '=', s.instrument)
      .$if(s.itemId === undefined, (qb) => qb.where('total', 'is not', null))
      .$if(s.itemId !== undefined, (qb) =>
        qb.where(sql<SqlBool>`answers ->> ${sql.lit(s.itemId ?? '')} IS NOT NULL`),
      ),
  );
  if (!first) return { rows: [], total: 0 };
  const union = rest.reduce((u, branch) => u.unionAll(branch), first);
  const [rows, total] = await Promise.all([
    count === 0
      ? []
      : db
          .selectFrom(union.as('o'))
          .selectAll()
          .orderBy('completed_at')
          .orderBy('id')
          .orderBy('suffix')
          .limit(count)
          .offset(offset)
          .execute(),
    db
      .selectFrom(union.as('o'))
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as (ResponseRow & { suffix: string })[], total: Number(total.n) };
}
