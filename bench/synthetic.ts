/**
 * Synthetic clinic data for benchmarks, inserted straight into PostgreSQL (no HTTP, no audit):
 * 100,000 patients in the primary organisation with realistic names, dates of birth, phones and
 * MRNs (MRN-000001… after any the clinic already has); one patient with 300 PHQ-9 responses and a
 * course of treatment dates; 1 or 2 PHQ-9s for everyone past intake. Then VACUUM ANALYZE, as
 * autovacuum would in a clinic's steady state.
 */
import { sql } from 'kysely';
import type { Db } from '../src/server/db/connect.ts';

const GIVEN = [
  'Aaliyah',
  'Aaron',
  'Abigail',
  'Adam',
  'Adrian',
  'Aisha',
  'Alan',
  'Albert',
  'Alejandro',
  'Alex',
  'Alexis',
  'Alice',
  'Alicia',
  'Amanda',
  'Amir',
  'Ana',
  'Andrea',
  'Andrew',
  'Angela',
  'Anthony',
  'Ava',
  'Benjamin',
  'Brandon',
  'Brian',
  'Brittany',
  'Caleb',
  'Camila',
  'Carlos',
  'Carmen',
  'Caroline',
  'Chloe',
  'Christopher',
  'Daniel',
  'David',
  'Deborah',
  'Diana',
  'Diego',
  'Dylan',
  'Elena',
  'Elijah',
  'Elizabeth',
  'Emily',
  'Emma',
  'Eric',
  'Ethan',
  'Fatima',
  'Gabriel',
  'Grace',
  'Hannah',
  'Hector',
  'Isabella',
  'Jacob',
  'Jamal',
  'James',
  'Jasmine',
  'Jennifer',
  'Jessica',
  'John',
  'Jordan',
  'Jose',
  'Joseph',
  'Joshua',
  'Julia',
  'Kayla',
  'Kevin',
  'Khalid',
  'Kimberly',
  'Laura',
  'Lauren',
  'Leah',
  'Liam',
  'Linda',
  'Lucas',
  'Luis',
  'Malik',
  'Maria',
  'Mark',
  'Matthew',
  'Maya',
  'Mei',
  'Michael',
  'Michelle',
  'Mohammed',
  'Natalie',
  'Nathan',
  'Nicole',
  'Noah',
  'Olivia',
  'Omar',
  'Patricia',
  'Paul',
  'Priya',
  'Rachel',
  'Rebecca',
  'Ricardo',
  'Robert',
  'Ryan',
  'Samantha',
  'Samuel',
  'Sarah',
  'Sofia',
  'Stephanie',
  'Steven',
  'Tariq',
  'Thomas',
  'Tyler',
  'Valerie',
  'Victoria',
  'Wei',
  'William',
  'Xavier',
  'Yusuf',
  'Zoe',
];

const FAMILY = [
  'Adams',
  'Ahmed',
  'Ali',
  'Allen',
  'Alvarez',
  'Anderson',
  'Baker',
  'Brooks',
  'Brown',
  'Campbell',
  'Carter',
  'Castillo',
  'Chavez',
  'Chen',
  'Clark',
  'Collins',
  'Cook',
  'Cruz',
  'Davis',
  'Diaz',
  'Edwards',
  'Evans',
  'Flores',
  'Garcia',
  'Gomez',
  'Gonzalez',
  'Green',
  'Gupta',
  'Gutierrez',
  'Hall',
  'Harris',
  'Hernandez',
  'Hill',
  'Huang',
  'Jackson',
  'James',
  'Johnson',
  'Jones',
  'Kelly',
  'Khan',
  'Kim',
  'King',
  'Lee',
  'Lewis',
  'Li',
  'Liu',
  'Lopez',
  'Martin',
  'Martinez',
  'Miller',
  'Mitchell',
  'Moore',
  'Morales',
  'Morgan',
  'Murphy',
  'Nelson',
  'Nguyen',
  'Ortiz',
  'Parker',
  'Patel',
  'Perez',
  'Phillips',
  'Ramirez',
  'Reyes',
  'Rivas',
  'Rivera',
  'Roberts',
  'Robinson',
  'Rodriguez',
  'Rogers',
  'Ruiz',
  'Sanchez',
  'Scott',
  'Shah',
  'Singh',
  'Smith',
  'Stewart',
  'Taylor',
  'Thomas',
  'Thompson',
  'Torres',
  'Tran',
  'Turner',
  'Walker',
  'Wang',
  'White',
  'Williams',
  'Wilson',
  'Wong',
  'Wright',
  'Yang',
  'Young',
  'Zhang',
  'Oliveira',
  'Silva',
  'Cohen',
  'Levy',
  'Okafor',
  'Mensah',
  'Kowalski',
  'Novak',
  'Rossi',
  'Russo',
  'Schmidt',
  'Muller',
  'Dubois',
  'Petrov',
  'Ivanova',
  'Sato',
  'Tanaka',
  'Park',
  'Choi',
  'Rivero',
  'Riviera',
  'Driver',
  'Trevino',
];

const PLACES: [city: string, state: string, zip: string, area: string][] = [
  ['New York', 'NY', '10001', '212'],
  ['Brooklyn', 'NY', '11201', '718'],
  ['Jersey City', 'NJ', '07302', '201'],
  ['Yonkers', 'NY', '10701', '914'],
  ['Stamford', 'CT', '06901', '203'],
  ['Hoboken', 'NJ', '07030', '551'],
];

const textArray = (values: string[]) => sql`${sql.val(values)}::text[]`;

export type SyntheticData = {
  orgId: string;
  patients: number;
  trajectoryPatientId: string;
  responses: number;
  treatmentEvents: number;
  /** Patients that receive the submitted responses (spread over many). */
  submitPatientIds: string[];
  /** Responses of the other patients (history), so the table has a clinic's size. */
  backgroundResponses: number;
  timings: { patientsMs: number; responsesMs: number; historyMs: number; vacuumMs: number };
};

/** Answers q1..q9 summing to `total` (q9 = 0: no suicide-risk alert). */
function answersFor(total: number, seed: number): Record<string, number> {
  const answers: Record<string, number> = { q1: 0, q2: 0, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0, q8: 0, q9: 0 };
  let left = Math.max(0, Math.min(24, total));
  for (let i = 0; left > 0; i++) {
    const key = `q${((i + seed) % 8) + 1}`;
    if ((answers[key] ?? 0) < 3) {
      answers[key] = (answers[key] ?? 0) + 1;
      left--;
    }
  }
  return answers;
}

export function phq9Severity(total: number): string {
  if (total <= 4) return 'minimal';
  if (total <= 9) return 'mild';
  if (total <= 14) return 'moderate';
  if (total <= 19) return 'moderately-severe';
  return 'severe';
}

export async function generateSynthetic(
  db: Db,
  options: { patients: number; responses: number; submitPatients: number; now: Date },
): Promise<SyntheticData> {
  const org = await db
    .selectFrom('organisations')
    .select('id')
    .where('is_primary', '=', true)
    .executeTakeFirstOrThrow();
  const orgId = org.id;
  const n = options.patients;
  // MRNs continue the clinic's counter (the demo seed registers a few patients first).
  const counter = await db
    .selectFrom('org_counters')
    .select('value')
    .where('org_id', '=', orgId)
    .where('name', '=', 'mrn')
    .executeTakeFirst();
  const offset = Number(counter?.value ?? 0);

  let t = performance.now();
  await db.transaction().execute(async (trx) => {
    await sql`SELECT setseed(0.4242)`.execute(trx);
    // One INSERT … SELECT: random() is evaluated per row; the generated search columns and the three
    // trigram indexes are maintained by PostgreSQL as in production.
    await sql`
      WITH g AS (
        SELECT i, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6
        FROM generate_series(1, ${n}) AS i
      ), named AS (
        SELECT g.*,
          (${textArray(GIVEN)})[1 + floor(r1 * ${GIVEN.length})::int] AS given,
          (${textArray(FAMILY)})[1 + floor(r2 * ${FAMILY.length})::int] AS family,
          1 + floor(r6 * ${PLACES.length})::int AS place
        FROM g
      )
      INSERT INTO patients (
        org_id, mrn, legal_given_name, legal_family_name, preferred_name, date_of_birth, sex_at_birth,
        phone, email, address_line1, city, state, postal_code, emergency_contact_name,
        emergency_contact_phone, emergency_contact_relationship, status, created_at, updated_at
      )
      SELECT
        ${orgId}::uuid,
        'MRN-' || lpad((i + ${offset})::text, 6, '0'),
        given,
        family,
        CASE WHEN r3 < 0.08 THEN (${textArray(GIVEN)})[1 + floor(r4 * ${GIVEN.length})::int] END,
        -- About 4 patients per date between 1940 and 2007; a few share the DOB the benchmark searches.
        CASE WHEN i % 25000 = 7 THEN date '1984-03-09' ELSE date '1940-01-01' + floor(r4 * 24800)::int END,
        CASE WHEN r5 < 0.52 THEN 'female' WHEN r5 < 0.985 THEN 'male' WHEN r5 < 0.99 THEN 'intersex' ELSE 'unknown' END,
        '+1 ' || (${textArray(PLACES.map((p) => p[3]))})[place] || ' 555 ' || lpad((i % 10000)::text, 4, '0'),
        lower(given) || '.' || lower(family) || (i % 97) || '@example.test',
        (1 + i % 400) || ' ' || (${textArray(['Main St', 'Oak Ave', 'Park Pl', 'Hudson St', 'Elm St', 'Broadway'])})[1 + i % 6],
        (${textArray(PLACES.map((p) => p[0]))})[place],
        (${textArray(PLACES.map((p) => p[1]))})[place],
        (${textArray(PLACES.map((p) => p[2]))})[place],
        (${textArray(GIVEN)})[1 + (i * 7) % ${GIVEN.length}] || ' ' || family,
        '+1 ' || (${textArray(PLACES.map((p) => p[3]))})[place] || ' 555 ' || lpad(((i * 13) % 10000)::text, 4, '0'),
        (${textArray(['spouse', 'partner', 'parent', 'sibling', 'friend'])})[1 + i % 5],
        CASE WHEN r3 < 0.10 THEN 'lead' WHEN r3 < 0.20 THEN 'intake' WHEN r3 < 0.70 THEN 'active'
             WHEN r3 < 0.80 THEN 'paused' ELSE 'discharged' END,
        ${options.now}::timestamptz - make_interval(days => floor(r6 * 1800)::int),
        ${options.now}::timestamptz - make_interval(days => floor(r6 * 900)::int)
      FROM named
    `.execute(trx);
    await sql`
      INSERT INTO org_counters (org_id, name, value) VALUES (${orgId}, 'mrn', ${offset + n})
      ON CONFLICT (org_id, name) DO UPDATE SET value = greatest(org_counters.value, EXCLUDED.value)
    `.execute(trx);
  });
  const patientsMs = performance.now() - t;

  t = performance.now();
  const patient = await db
    .selectFrom('patients')
    .select('id')
    .where('org_id', '=', orgId)
    .where('mrn', '=', `MRN-${String(offset + 1).padStart(6, '0')}`)
    .executeTakeFirstOrThrow();
  const trajectoryPatientId = patient.id;
  const day = 86_400_000;
  // Two years of PHQ-9s: baseline around 21, a response over the first weeks of infusions, then
  // maintenance with noise and a relapse in the middle.
  const start = options.now.getTime() - 730 * day;
  const rows = Array.from({ length: options.responses }, (_, k) => {
    const progress = k / options.responses;
    const trend = 21 - 14 * Math.min(1, progress * 6) + (progress > 0.45 && progress < 0.55 ? 8 : 0);
    const noise = ((k * 7919) % 7) - 3;
    const total = Math.max(0, Math.min(24, Math.round(trend + noise)));
    const answers = answersFor(total, k);
    return {
      org_id: orgId,
      patient_id: trajectoryPatientId,
      instrument: 'phq9',
      answers: JSON.stringify({ ...answers, difficulty: null }),
      total,
      severity: phq9Severity(total),
      suicide_risk: false,
      risk_reasons: [],
      source: 'staff-for-patient' as const,
      entered_by: null,
      link_id: null,
      idempotency_key: `bench-synthetic-${k}`,
      completed_at: new Date(start + k * ((730 * day) / options.responses)),
    };
  });
  await db.insertInto('measure_responses').values(rows).execute();
  const events = [0, 2, 4, 7, 9, 11, ...Array.from({ length: 10 }, (_, k) => 30 + k * 60)].map((d, k) => ({
    org_id: orgId,
    patient_id: trajectoryPatientId,
    occurred_on: new Date(start + d * day).toISOString().slice(0, 10),
    description: k < 6 ? `Ketamine infusion ${k + 1} of 6 (induction)` : 'Ketamine infusion (maintenance)',
    recorded_by: null,
    recorded_at: new Date(start + d * day),
  }));
  await db.insertInto('treatment_events').values(events).execute();
  const responsesMs = performance.now() - t;

  // Everyone else's history, so measure_responses is the size a clinic like this would have and the
  // planner sees real index sizes: 1 or 2 PHQ-9s for each patient past intake.
  t = performance.now();
  const background = await sql`
    WITH r AS (
      SELECT p.org_id, p.id, p.mrn, p.created_at, k,
        floor(random() * 4)::int AS q1, floor(random() * 4)::int AS q2, floor(random() * 4)::int AS q3,
        floor(random() * 4)::int AS q4, floor(random() * 4)::int AS q5, floor(random() * 4)::int AS q6,
        floor(random() * 4)::int AS q7, floor(random() * 4)::int AS q8
      FROM patients p CROSS JOIN generate_series(1, 2) AS k
      WHERE p.org_id = ${orgId} AND p.status IN ('active', 'paused', 'discharged')
        AND p.id <> ${trajectoryPatientId} AND k <= 1 + abs(hashtext(p.mrn)) % 2
    ), scored AS (
      SELECT r.*, q1 + q2 + q3 + q4 + q5 + q6 + q7 + q8 AS total FROM r
    )
    INSERT INTO measure_responses (
      org_id, patient_id, instrument, answers, total, severity, suicide_risk, risk_reasons, source,
      idempotency_key, completed_at
    )
    SELECT org_id, id, 'phq9',
      jsonb_build_object('q1', q1, 'q2', q2, 'q3', q3, 'q4', q4, 'q5', q5, 'q6', q6, 'q7', q7, 'q8', q8,
        'q9', 0, 'difficulty', null),
      total,
      CASE WHEN total <= 4 THEN 'minimal' WHEN total <= 9 THEN 'mild' WHEN total <= 14 THEN 'moderate'
           WHEN total <= 19 THEN 'moderately-severe' ELSE 'severe' END,
      false, '{}', 'staff-for-patient', 'bench-history-' || mrn || '-' || k,
      least(${options.now}::timestamptz, created_at + make_interval(days => 14 * k))
    FROM scored
  `.execute(db);
  const backgroundResponses = Number(background.numAffectedRows ?? 0n);
  const historyMs = performance.now() - t;

  t = performance.now();
  for (const table of ['patients', 'measure_responses', 'treatment_events', 'org_counters']) {
    await sql`VACUUM (ANALYZE) ${sql.table(table)}`.execute(db);
  }
  const vacuumMs = performance.now() - t;

  const submit = await db
    .selectFrom('patients')
    .select('id')
    .where('org_id', '=', orgId)
    .where('status', '=', 'active')
    .where('id', '<>', trajectoryPatientId)
    .orderBy(sql`md5(mrn)`)
    .limit(options.submitPatients)
    .execute();

  return {
    orgId,
    patients: n,
    trajectoryPatientId,
    responses: rows.length,
    treatmentEvents: events.length,
    backgroundResponses,
    submitPatientIds: submit.map((r) => r.id),
    timings: { patientsMs, responsesMs, historyMs, vacuumMs },
  };
}
