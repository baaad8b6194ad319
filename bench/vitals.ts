/**
 * `npx tsx bench/vitals.ts`: 64 concurrent clients record vitals entries over HTTP against the real
 * server (`ketaflow serve` on the embedded PostgreSQL, fsync on), each on its own checked-in session.
 * The same INSERT into session_entries is then made directly through `pg` by 64 clients on 64
 * connections for the same time: the ratio of the two throughputs is the cost of the API (zod, the
 * session lock, audit row, alert check, NOTIFY, the HTTP round trip). Meanwhile a probe writes to one
 * more session ten times a second while an SSE client of the board waits for its events: the board
 * latency is from sending the write to the event's arrival. Prints a Markdown section for
 * docs/benchmarks.md. VITALS_CLIENTS and VITALS_SECONDS change the shape.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/server/db/open.ts';
import { percentiles, progress } from './measure.ts';
import { freePort, signIn, startServer, stopServer } from './server.ts';

const CLIENTS = Number(process.env.VITALS_CLIENTS ?? 64);
const SECONDS = Number(process.env.VITALS_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
const PROBE_EVERY_MS = 100;

type Setup = { orgId: string; locationId: string; bookingIds: string[]; nurseId: string };

/** A location in UTC (the day never turns during a run), one chair, patient and booking per client. */
async function seed(db: Awaited<ReturnType<typeof openDatabase>>['db'], count: number): Promise<Setup> {
  const org = await db
    .selectFrom('organisations')
    .select('id')
    .where('is_primary', '=', true)
    .executeTakeFirstOrThrow();
  const nurse = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'nurse@demo.ketaflow.test')
    .executeTakeFirstOrThrow();
  const location = await db
    .insertInto('locations')
    .values({
      org_id: org.id,
      name: 'Bench infusion suite',
      address_line1: '1 Bench Street',
      city: 'New York',
      state: 'NY',
      postal_code: '10001',
      time_zone: 'UTC',
      updated_at: new Date(),
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  const { rows } = await sql<{ booking_id: string }>`
    WITH chairs AS (
      INSERT INTO chairs (org_id, location_id, name, kind, created_at, updated_at)
      SELECT ${org.id}, ${location.id}, 'Bench chair ' || i, 'chair', now(), now() FROM generate_series(1, ${count}) i
      RETURNING id, name
    ), patients AS (
      INSERT INTO patients (org_id, mrn, legal_given_name, legal_family_name, date_of_birth, sex_at_birth,
                            status, driver_name, driver_phone)
      SELECT ${org.id}, 'VITALS-' || lpad(i::text, 4, '0'), 'Bench', 'Chair ' || i, DATE '1980-01-01' + i,
             'male', 'active', 'Driver ' || i, '+1 212 555 0100'
        FROM generate_series(1, ${count}) i
      RETURNING id, legal_family_name
    )
    INSERT INTO bookings (org_id, location_id, chair_id, patient_id, route, protocol_id, protocol_version,
                          phase_id, starts_at, ends_at, driver_name, driver_phone, ride_home_source, created_at)
    SELECT ${org.id}, ${location.id}, c.id, p.id, 'iv-ketamine', 'iv-ketamine-standard', 1, 'induction',
           now() - interval '5 minutes', now() + interval '3 hours', 'Driver', '+1 212 555 0100',
           'patient-record', now()
      FROM chairs c JOIN patients p ON substring(c.name from 13) = substring(p.legal_family_name from 7)
    RETURNING id AS booking_id`.execute(db);
  return {
    orgId: org.id,
    locationId: location.id,
    bookingIds: rows.map((r) => r.booking_id),
    nurseId: nurse.id,
  };
}

type Headers = Record<string, string>;

async function checkInAll(base: string, headers: Headers, bookingIds: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const bookingId of bookingIds) {
    const res = await fetch(`${base}/api/v1/bookings/${bookingId}/session`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        identityConfirmed: true,
        rideHome: { confirmed: true, driverName: 'Driver' },
        medicationsToday: 'none',
        mood: { kind: 'rating', value: 5 },
      }),
    });
    const json = (await res.json()) as { id?: string };
    if (res.status !== 201 || !json.id)
      throw new Error(`check-in failed: ${res.status} ${JSON.stringify(json)}`);
    ids.push(json.id);
  }
  return ids;
}

function vitalsBody(): string {
  return JSON.stringify({
    id: randomUUID(),
    clientAt: new Date().toISOString(),
    kind: 'check',
    vitals: {
      systolicMmHg: 118 + Math.floor(Math.random() * 20),
      diastolicMmHg: 76,
      heartRateBpm: 72,
      spo2Percent: 98,
    },
    moaas: 5,
    dissociation: 0,
  });
}

/** Each client records entries on its own session, back to back, until the time is up. */
async function apiLoad(base: string, headers: Headers, sessionIds: string[], seconds: number) {
  const latencies: number[] = [];
  let failures = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    sessionIds.map(async (id) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const res = await fetch(`${base}/api/v1/sessions/${id}/entries`, {
          method: 'POST',
          headers,
          body: vitalsBody(),
        });
        await res.arrayBuffer();
        if (res.status === 201) latencies.push(performance.now() - t0);
        else failures += 1;
      }
    }),
  );
  return { latencies, failures, elapsed: (performance.now() - started) / 1000 };
}

/** The same row written by the same number of clients straight through pg, one connection each. */
async function directLoad(
  url: string,
  orgId: string,
  nurseId: string,
  sessionIds: string[],
  seconds: number,
  notifyInTransaction = false,
) {
  const pool = new pg.Pool({ connectionString: url, max: sessionIds.length });
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    sessionIds.map(async (id) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const values = [randomUUID(), orgId, id, JSON.parse(vitalsBody()), nurseId];
        const insert = `INSERT INTO session_entries (id, org_id, session_id, kind, pre_dose, data, client_at, received_at, late, recorded_by)
           VALUES ($1, $2, $3, 'check', false, $4, now(), now(), false, $5)`;
        if (notifyInTransaction) {
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            await client.query(insert, values);
            await client.query("SELECT pg_notify('ketaflow_bench', $1)", [id]);
            await client.query('COMMIT');
          } finally {
            client.release();
          }
        } else {
          await pool.query(insert, values);
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await pool.end();
  return { latencies, failures: 0, elapsed };
}

/** Writes to the probe session while listening to the board; the time from send to event. */
async function boardLatency(
  base: string,
  headers: Headers,
  locationId: string,
  probeId: string,
  seconds: number,
) {
  const latencies: number[] = [];
  let pending: { sentAt: number; resolve: () => void } | null = null;
  let buffer = '';
  const request = await new Promise<http.ClientRequest>((resolve, reject) => {
    const req = http.get(
      `${base}/api/v1/locations/${locationId}/board/events`,
      { headers: { cookie: headers.cookie ?? '' } },
      (res) => {
        if (res.statusCode !== 200) reject(new Error(`board events answered ${res.statusCode}`));
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
            buffer = buffer.slice(end + 2);
            if (data && pending && (JSON.parse(data) as { sessionId: string }).sessionId === probeId) {
              latencies.push(performance.now() - pending.sentAt);
              pending.resolve();
              pending = null;
            }
            end = buffer.indexOf('\n\n');
          }
        });
        resolve(req);
      },
    );
    req.on('error', reject);
  });
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const next = performance.now() + PROBE_EVERY_MS;
    const arrived = new Promise<void>((resolve) => {
      pending = { sentAt: performance.now(), resolve };
    });
    const res = await fetch(`${base}/api/v1/sessions/${probeId}/entries`, {
      method: 'POST',
      headers,
      body: vitalsBody(),
    });
    await res.arrayBuffer();
    await Promise.race([arrived, new Promise((r) => setTimeout(r, 2000))]);
    const wait = next - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  request.destroy();
  return latencies;
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketaflow-bench-vitals-'));
  const port = await freePort();
  progress(`starting ketaflow serve on ${dataDir}`);
  const server = await startServer(dataDir, port);
  const database = await openDatabase({ databaseUrl: undefined, dataDir: path.join(dataDir) });
  try {
    const base = server.base;
    const setup = await seed(database.db, CLIENTS + 1);
    const session = await signIn(base, 'nurse@demo.ketaflow.test');
    const headers = {
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      'content-type': 'application/json',
    };
    progress(`checking in ${setup.bookingIds.length} patients`);
    const sessionIds = await checkInAll(base, headers, setup.bookingIds);
    const probeId = sessionIds.pop() as string;
    const { rows } = await sql<{ server_version: string }>`SHOW server_version`.execute(database.db);

    progress(`warm-up ${WARMUP_SECONDS} s`);
    await apiLoad(base, headers, sessionIds, WARMUP_SECONDS);
    progress(`API: ${CLIENTS} clients for ${SECONDS} s, with the board probe`);
    const [api, board] = await Promise.all([
      apiLoad(base, headers, sessionIds, SECONDS),
      boardLatency(base, headers, setup.locationId, probeId, SECONDS),
    ]);
    progress(`direct pg: ${CLIENTS} clients for ${SECONDS} s`);
    await directLoad(database.url, setup.orgId, setup.nurseId, sessionIds, WARMUP_SECONDS);
    const direct = await directLoad(database.url, setup.orgId, setup.nurseId, sessionIds, SECONDS);
    progress(`direct pg with NOTIFY in the same transaction: ${CLIENTS} clients for ${SECONDS} s`);
    const directNotify = await directLoad(
      database.url,
      setup.orgId,
      setup.nurseId,
      sessionIds,
      SECONDS,
      true,
    );
    progress('board latency without other load');
    const quietBoard = await boardLatency(base, headers, setup.locationId, probeId, 5);

    const apiRate = api.latencies.length / api.elapsed;
    const directRate = direct.latencies.length / direct.elapsed;
    const apiP = percentiles(api.latencies);
    const directP = percentiles(direct.latencies);
    const notifyRate = directNotify.latencies.length / directNotify.elapsed;
    const notifyP = percentiles(directNotify.latencies);
    const boardP = percentiles(board);
    const quietP = percentiles(quietBoard);
    const cpus = os.cpus();
    const ms = (v: number) => `${fmt(v, 1)} ms`;
    const lines = [
      '## Recording vitals: 64 concurrent clients, and the live board (bench/vitals.ts)',
      '',
      `Run on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, PostgreSQL ${rows[0]?.server_version} (embedded, fsync on), server (\`ketaflow serve\`, pool of 10 connections) and clients on the same machine over loopback. Command: \`npx tsx bench/vitals.ts\` (VITALS_CLIENTS=${CLIENTS}, VITALS_SECONDS=${SECONDS}).`,
      '',
      '| measure | value | target |',
      '| --- | ---: | ---: |',
      `| API: vitals entries per second (${CLIENTS} clients, one session each, HTTP POST) | ${fmt(apiRate)} | |`,
      `| API: p50 / p99 per entry | ${ms(apiP.p50)} / ${ms(apiP.p99)} | |`,
      `| direct: the same INSERT through pg, ${CLIENTS} clients on ${CLIENTS} connections, per second | ${fmt(directRate)} | |`,
      `| direct: p50 / p99 | ${ms(directP.p50)} / ${ms(directP.p99)} | |`,
      `| **throughput ratio API / direct** | **${fmt(apiRate / directRate, 2)}** | ≥ 0.6 |`,
      `| failed API writes | ${api.failures} | 0 |`,
      `| direct INSERT + pg_notify in the same transaction, per second (p99) | ${fmt(notifyRate)} (${ms(notifyP.p99)}) | |`,
      `| **board: write sent → SSE event, p50 / p99, during the ${CLIENTS}-client load** (${boardP.n} probes) | **${ms(boardP.p50)} / ${ms(boardP.p99)}** | p99 ≤ 100 ms |`,
      `| board: the same without other load (${quietP.n} probes) | ${ms(quietP.p50)} / ${ms(quietP.p99)} | |`,
      '',
      'Each API write runs the cookie session check and zod validation, reads the session, checks the alert',
      'thresholds, then inserts the entry, its alerts and its audit row in one statement that share-locks the',
      'session, and NOTIFYs the board after the commit. The direct INSERT does none of that. The board latency',
      'includes the HTTP write itself: the event leaves PostgreSQL after the commit and reaches the SSE client',
      'through the LISTEN connection.',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await database.close().catch(() => {});
    await stopServer(server.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
