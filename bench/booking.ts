/**
 * `npx tsx bench/booking.ts`: 16 concurrent clerks, each signed in as their own front-desk user,
 * make 10,000 booking attempts over HTTP against the real server (`ketaflow serve` on the embedded
 * PostgreSQL), all on the same few chairs, while cancelling some of their own bookings so freed slots
 * are raced for again. Afterwards SQL counts overlapping bookings per chair and per patient (must be
 * 0) and checks that every 201 is exactly one row. Writes the results into docs/scheduling.md between
 * the bench markers. Throughput is put beside a ceiling measured in the same run: GET /healthz and
 * signed-in GET /api/v1/me with the same 16 clients.
 * BOOKING_ATTEMPTS, BOOKING_CLIENTS, BOOKING_CHAIRS and BOOKING_DAYS change the shape.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../src/server/db/connect.ts';
import { openDatabase } from '../src/server/db/open.ts';
import { percentiles, progress } from './measure.ts';
import { freePort, type Session, signIn, startServer, stopServer } from './server.ts';

const ATTEMPTS = Number(process.env.BOOKING_ATTEMPTS ?? 10_000);
const CLIENTS = Number(process.env.BOOKING_CLIENTS ?? 16);
const CHAIRS = Number(process.env.BOOKING_CHAIRS ?? 4);
const DAYS = Number(process.env.BOOKING_DAYS ?? 10);
const PATIENTS = 2_000;
const CANCEL_SHARE = 0.3;
const CEILING_SECONDS = 3;
const DOC = 'docs/scheduling.md';
const BEGIN = '<!-- bench:booking:begin -->';
const END = '<!-- bench:booking:end -->';

type Outcome = { status: number; rule: string; ms: number };

async function seed(db: Db) {
  const org = await db
    .selectFrom('organisations')
    .select('id')
    .where('is_primary', '=', true)
    .executeTakeFirstOrThrow();
  const location = await db
    .selectFrom('locations')
    .select(['id', 'time_zone'])
    .where('org_id', '=', org.id)
    .executeTakeFirstOrThrow();
  const desk = await db
    .selectFrom('users')
    .select(['password_hash'])
    .where('email', '=', 'frontdesk@demo.ketaflow.test')
    .executeTakeFirstOrThrow();
  const nurse = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'nurse@demo.ketaflow.test')
    .executeTakeFirstOrThrow();
  const clerks: string[] = [];
  for (let i = 1; i <= CLIENTS; i++) {
    const email = `clerk${i}@bench.ketaflow.test`;
    const { id } = await db
      .insertInto('users')
      .values({
        org_id: org.id,
        email,
        name: `Clerk ${i}`,
        password_hash: desk.password_hash,
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('user_roles').values({ org_id: org.id, user_id: id, role: 'front_desk' }).execute();
    clerks.push(email);
  }
  const chairs = await db
    .insertInto('chairs')
    .values(
      Array.from({ length: CHAIRS }, (_, i) => ({
        org_id: org.id,
        location_id: location.id,
        name: `Bench chair ${i + 1}`,
        kind: 'chair' as const,
        created_at: new Date(),
        updated_at: new Date(),
      })),
    )
    .returning('id')
    .execute();
  await db
    .insertInto('staff_hours')
    .values(
      (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((weekday) => ({
        org_id: org.id,
        user_id: nurse.id,
        location_id: location.id,
        weekday,
        starts_local: '07:00',
        ends_local: '20:00',
        created_at: new Date(),
      })),
    )
    .execute();
  await sql`
    INSERT INTO patients (org_id, mrn, legal_given_name, legal_family_name, date_of_birth, sex_at_birth,
                          status, driver_name, driver_phone)
    SELECT ${org.id}, 'BENCH-' || lpad(i::text, 6, '0'), 'Bench', 'Patient ' || i, DATE '1980-01-01' + i,
           'female', 'active', 'Driver ' || i, '+1 212 555 0100'
      FROM generate_series(1, ${PATIENTS}) i`.execute(db);
  const patients = await db
    .selectFrom('patients')
    .select('id')
    .where('org_id', '=', org.id)
    .where('mrn', 'like', 'BENCH-%')
    .execute();
  // Starts every 15 minutes from 08:00 to 16:00 local on the next DAYS days: 100-minute IV slots
  // overlap their neighbours, so clerks collide on partial overlaps as well as identical slots.
  const { rows: slots } = await sql<{ at: Date }>`
    SELECT (current_date + 1 + i + interval '8 hours' + k * interval '15 minutes') AT TIME ZONE ${location.time_zone}
             AS at
      FROM generate_series(0, ${DAYS - 1}) i, generate_series(0, 32) k
     ORDER BY 1`.execute(db);
  return {
    orgId: org.id,
    clerks,
    chairIds: chairs.map((c) => c.id),
    patientIds: patients.map((p) => p.id),
    slots: slots.map((s) => s.at.toISOString()),
  };
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

async function ceiling(url: string, headers: Record<string, string>): Promise<number> {
  let done = 0;
  const until = performance.now() + CEILING_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < until) {
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (res.ok) done += 1;
      }
    }),
  );
  return done / CEILING_SECONDS;
}

async function countOverlaps(db: Db, column: 'chair_id' | 'patient_id'): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    SELECT count(*) AS n FROM bookings a JOIN bookings b
        ON a.${sql.ref(column)} = b.${sql.ref(column)} AND a.id < b.id
       AND a.status IN ('booked', 'completed') AND b.status IN ('booked', 'completed')
       AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ketaflow-bench-booking-'));
fs.chmodSync(root, 0o755);
const dataDir = path.join(root, 'data');
let server: Awaited<ReturnType<typeof startServer>> | undefined;
let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
try {
  progress('starting the server on a fresh embedded database (migrating, seeding the demo clinic)');
  server = await startServer(dataDir, await freePort());
  database = await openDatabase({ dataDir, databaseUrl: undefined });
  const { db } = database;
  const postgres = (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(db))
    .rows[0]?.v;
  progress(`seeding ${CLIENTS} clerks, ${CHAIRS} chairs, staff hours and ${PATIENTS} patients`);
  const setup = await seed(db);
  const base = server.base;
  const sessions: Session[] = [];
  for (const email of setup.clerks) sessions.push(await signIn(base, email));

  progress(`ceiling: GET /healthz and GET /api/v1/me, ${CLIENTS} clients, ${CEILING_SECONDS} s each`);
  const healthzRps = await ceiling(`${base}/healthz`, {});
  const meRps = await ceiling(`${base}/api/v1/me`, { cookie: (sessions[0] as Session).cookie });

  progress(`booking: ${ATTEMPTS.toLocaleString('en-US')} attempts by ${CLIENTS} clerks on ${CHAIRS} chairs`);
  const outcomes: Outcome[] = [];
  let started = 0;
  let cancels = 0;
  let cancelFailures = 0;
  const createdIds = new Set<string>();
  const wallStart = performance.now();
  await Promise.all(
    sessions.map(async (session) => {
      const headers = {
        cookie: session.cookie,
        'x-csrf-token': session.csrf,
        'content-type': 'application/json',
      };
      const mine: string[] = [];
      while (started < ATTEMPTS) {
        started += 1;
        const body = JSON.stringify({
          chairId: pick(setup.chairIds),
          patientId: pick(setup.patientIds),
          route: 'iv-ketamine',
          startsAt: pick(setup.slots),
        });
        const t0 = performance.now();
        const res = await fetch(`${base}/api/v1/bookings`, { method: 'POST', headers, body });
        const json = (await res.json()) as { id?: string; detail?: string };
        const ms = performance.now() - t0;
        const rule =
          res.status === 201 ? 'booked' : (/\(rule: ([a-z-]+)\)/.exec(json.detail ?? '')?.[1] ?? 'other');
        outcomes.push({ status: res.status, rule, ms });
        if (res.status === 201 && json.id) {
          createdIds.add(json.id);
          mine.push(json.id);
        }
        if (mine.length > 0 && Math.random() < CANCEL_SHARE) {
          const id = mine.splice(Math.floor(Math.random() * mine.length), 1)[0] as string;
          const cancel = await fetch(`${base}/api/v1/bookings/${id}/cancel`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ reason: 'Benchmark churn' }),
          });
          await cancel.arrayBuffer();
          if (cancel.status === 200) cancels += 1;
          else cancelFailures += 1;
        }
      }
    }),
  );
  const wallSeconds = (performance.now() - wallStart) / 1000;

  progress('checking the database: overlaps per chair and per patient, rows against 201s');
  const chairOverlaps = await countOverlaps(db, 'chair_id');
  const patientOverlaps = await countOverlaps(db, 'patient_id');
  const { rows: totals } = await sql<{ status: string; n: string }>`
    SELECT status, count(*) AS n FROM bookings GROUP BY status ORDER BY status`.execute(db);
  const rowCount = totals.reduce((sum, r) => sum + Number(r.n), 0);
  const cancelledRows = Number(totals.find((r) => r.status === 'cancelled')?.n ?? 0);
  const byRule = new Map<string, number>();
  for (const o of outcomes)
    byRule.set(`${o.status} ${o.rule}`, (byRule.get(`${o.status} ${o.rule}`) ?? 0) + 1);
  const latency = percentiles(outcomes.map((o) => o.ms));
  const booked = outcomes.filter((o) => o.status === 201).length;
  const unexpected = outcomes.filter((o) => o.status !== 201 && o.status !== 409).length;
  const attemptsPerSecond = outcomes.length / wallSeconds;
  const consistent = rowCount === booked && createdIds.size === booked && cancelledRows === cancels;

  const fmt = (n: number, digits = 0) =>
    n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const cpus = os.cpus();
  const report = [
    BEGIN,
    `Run on ${new Date().toISOString().slice(0, 10)}: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, PostgreSQL ${postgres} (embedded, fsync on), server and load generator on the same machine over loopback.`,
    '',
    `${fmt(outcomes.length)} booking attempts by ${CLIENTS} concurrent clerks (each signed in as their own front-desk user) on ${CHAIRS} chairs × ${DAYS} days, starts every 15 minutes from 08:00 to 16:00 local, 100-minute IV slots, ${fmt(PATIENTS)} patients; after each attempt a clerk cancels one of their own bookings with probability ${CANCEL_SHARE}, so freed slots are raced for again.`,
    '',
    '| result | value |',
    '| --- | ---: |',
    `| **overlapping bookings on a chair (SQL)** | **${chairOverlaps}** |`,
    `| overlapping bookings of a patient (SQL) | ${patientOverlaps} |`,
    `| booking rows = 201 responses, cancelled rows = 200 cancellations | ${consistent ? 'yes' : 'NO'} |`,
    `| responses other than 201 or 409 | ${unexpected} |`,
    `| wall time | ${fmt(wallSeconds, 1)} s |`,
    `| **booking attempts per second** | **${fmt(attemptsPerSecond)}** |`,
    `| bookings made (201) | ${fmt(booked)} (${fmt((100 * booked) / outcomes.length, 1)} %) |`,
    `| cancellations (200), failed | ${fmt(cancels)}, ${cancelFailures} |`,
    `| attempt latency p50 / p90 / p99 / max (client side) | ${fmt(latency.p50, 1)} / ${fmt(latency.p90, 1)} / ${fmt(latency.p99, 1)} / ${fmt(latency.max, 1)} ms |`,
    `| ceiling: GET /healthz, same ${CLIENTS} clients | ${fmt(healthzRps)} per second (attempts are ${fmt((100 * attemptsPerSecond) / healthzRps, 1)} % of it) |`,
    `| ceiling: signed-in GET /api/v1/me, same ${CLIENTS} clients | ${fmt(meRps)} per second (attempts are ${fmt((100 * attemptsPerSecond) / meRps, 1)} % of it) |`,
    '',
    'Outcomes (status and the rule named in the problem detail):',
    '',
    '| status | rule | attempts |',
    '| --- | --- | ---: |',
    ...[...byRule]
      .sort((a, b) => b[1] - a[1])
      .map(([key, n]) => {
        const [status, rule] = key.split(' ');
        return `| ${status} | ${rule} | ${fmt(n)} |`;
      }),
    END,
  ].join('\n');
  const doc = fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : '# Scheduling\n';
  const at = doc.indexOf(BEGIN);
  const endAt = doc.indexOf(END);
  const next =
    at >= 0 && endAt > at
      ? `${doc.slice(0, at)}${report}${doc.slice(endAt + END.length)}`
      : `${doc.trimEnd()}\n\n## Benchmark\n\n${report}\n`;
  fs.writeFileSync(DOC, next);
  process.stdout.write(`${report}\n`);
  if (chairOverlaps !== 0 || patientOverlaps !== 0 || !consistent || unexpected !== 0) process.exitCode = 1;
} finally {
  await database?.close().catch(() => {});
  if (server) await stopServer(server.child);
  fs.rmSync(root, { recursive: true, force: true });
}
