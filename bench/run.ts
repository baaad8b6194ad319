/**
 * npm run bench: measures on loopback and writes docs/benchmarks.md.
 * - cold start to /readyz on the embedded database (first start creates the cluster and seeds it; a
 *   restart finds it), as wall-clock time from spawning `ketaflow serve`;
 * - synthetic data (bench/synthetic.ts): 100,000 patients, one with 300 responses;
 * - throughput phase (log level warn): /healthz and signed-in /api/v1/me at 10 connections, /healthz
 *   and response submissions at 32 connections;
 * - latency phase (the default log level, info, whose per-request lines give the server-side time):
 *   /healthz, patient search and the trajectory, each at 1 connection;
 * - PostgreSQL-side time per statement (pg_stat_statements), CPU per process, the cost of one durable
 *   commit, EXPLAIN ANALYZE of the search and trajectory queries, and the pieces of those requests
 *   timed in-process (bench/components.ts).
 * BENCH_SECONDS sets the measured seconds per route (default 10); BENCH_PLANS=1 prints full plans.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../src/server/db/connect.ts';
import { findRunningCluster } from '../src/server/db/embedded.ts';
import { openDatabase } from '../src/server/db/open.ts';
import { timeComponents } from './components.ts';
import { startCpu } from './cpu.ts';
import { explainSearches, explainTrajectory } from './explain.ts';
import { type LoadOptions, load, type Percentiles, percentiles, progress } from './measure.ts';
import {
  auditRecordCount,
  commitCost,
  enableStatements,
  pendingAuditCount,
  preloadStatements,
  readStatements,
  resetStatements,
} from './pgstats.ts';
import { type BenchResults, type Measured, renderReport, type SearchQueryInfo } from './report.ts';
import { freePort, type RunningServer, signIn, startServer, stopServer } from './server.ts';
import { generateSynthetic } from './synthetic.ts';

const SECONDS = Math.max(1, Math.round(Number(process.env.BENCH_SECONDS ?? 10)));
const WARMUP_SECONDS = Math.min(2, Math.max(1, Math.round(SECONDS / 5)));
const PATIENTS = 100_000;
const RESPONSES = 300;
const SUBMIT_PATIENTS = 2_000;
const SEARCH_LIMIT = 25;
const SEARCHES: { label: string; q: string }[] = [
  { label: 'riv: name fragment', q: 'riv' },
  { label: 'chen al: two name fragments', q: 'chen al' },
  { label: '1984-03-09: date of birth', q: '1984-03-09' },
  { label: 'MRN-012345: MRN', q: 'MRN-012345' },
  { label: '5550199: phone digits', q: '5550199' },
];

const searchPath = (q: string) => `/api/v1/patients?q=${encodeURIComponent(q)}&limit=${SEARCH_LIMIT}`;

async function drainSealer(db: Db, timeoutMs = 120_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while ((await pendingAuditCount(db)) > 0) {
    if (performance.now() > until) throw new Error('the audit sealer did not catch up');
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Env = { db: Db; server: RunningServer; statementsEnabled: boolean; postmasterPid: number | undefined };

/**
 * One load run with everything around it: wait for the audit sealer, reset pg_stat_statements, count
 * audit records and CPU over the measured window, collect server-side times when the server logs them.
 */
async function measured(
  env: Env,
  options: LoadOptions,
  serverPath?: (p: string) => boolean,
): Promise<Measured> {
  let auditBefore = 0;
  let stopCpu: (() => ReturnType<ReturnType<typeof startCpu>>) | undefined;
  let stopRecording: (() => Promise<{ path: string; ms: number; status: number }[]>) | undefined;
  const result = await load({
    warmupSeconds: WARMUP_SECONDS,
    ...options,
    onMeasureStart: async () => {
      await drainSealer(env.db);
      await resetStatements(env.db, env.statementsEnabled);
      auditBefore = await auditRecordCount(env.db);
      if (serverPath) stopRecording = env.server.record();
      stopCpu = startCpu(env.server.child.pid ?? 0, env.postmasterPid);
    },
  });
  const cpu = stopCpu?.() ?? { server: 0, postgres: 0, loadGenerator: 0, machine: 0 };
  const times = (await stopRecording?.()) ?? [];
  const auditAfter = await auditRecordCount(env.db);
  const started = performance.now();
  await drainSealer(env.db);
  const sealerDrainSeconds = (performance.now() - started) / 1000;
  const statements = await readStatements(env.db, env.statementsEnabled);
  const serverTimes = times.filter((t) => t.status >= 200 && t.status < 300 && serverPath?.(t.path));
  const server: Percentiles | undefined = serverTimes.length
    ? percentiles(serverTimes.map((t) => t.ms))
    : undefined;
  if (server) progress(`  server-side: p50 ${server.p50.toFixed(2)} ms, p99 ${server.p99.toFixed(2)} ms`);
  progress(
    `  CPU (cores): server ${cpu.server.toFixed(2)}, PostgreSQL ${cpu.postgres.toFixed(2)}, load generator ${cpu.loadGenerator.toFixed(2)}, whole machine ${cpu.machine.toFixed(2)}`,
  );
  return {
    result,
    server,
    cpu,
    stats: {
      statements,
      auditPerRequest: (auditAfter - auditBefore) / Math.max(result.n, 1),
      sealerDrainSeconds,
    },
  };
}

function randomPhq9(): Record<string, number> {
  const answers: Record<string, number> = {};
  for (let i = 1; i <= 8; i++) answers[`q${i}`] = Math.floor(Math.random() * 4);
  answers.q9 = 0;
  return answers;
}

const loadBefore = os.loadavg();
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ketaflow-bench-'));
fs.chmodSync(root, 0o755);
const dataDir = path.join(root, 'data');
let server: RunningServer | undefined;
let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
try {
  const port = await freePort();
  progress('cold start: creating the cluster, migrating, seeding the demo clinic');
  const first = await startServer(dataDir, port);
  const setup = await openDatabase({ dataDir, databaseUrl: undefined });
  await preloadStatements(setup.db);
  await setup.close();
  await stopServer(first.child);
  progress(`  ${Math.round(first.readyMs)} ms; restarting on the same data directory`);
  server = await startServer(dataDir, port);
  const restartMs = server.readyMs;
  progress(`  ${Math.round(restartMs)} ms`);

  database = await openDatabase({ dataDir, databaseUrl: undefined });
  const { db } = database;
  const statementsEnabled = await enableStatements(db);
  if (!statementsEnabled) progress('pg_stat_statements is not available: PostgreSQL-side timing is skipped');
  const postgres = (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(db))
    .rows[0]?.v;

  progress(`synthetic data: ${PATIENTS.toLocaleString('en-US')} patients, ${RESPONSES} responses for one`);
  const synthetic = await generateSynthetic(db, {
    patients: PATIENTS,
    responses: RESPONSES,
    submitPatients: SUBMIT_PATIENTS,
    now: new Date(),
  });
  const t = synthetic.timings;
  progress(
    `  patients ${Math.round(t.patientsMs)} ms, one patient's responses ${Math.round(t.responsesMs)} ms, ${synthetic.backgroundResponses} other responses ${Math.round(t.historyMs)} ms, vacuum ${Math.round(t.vacuumMs)} ms`,
  );
  const commit = await commitCost(database.url);
  progress(
    `  one durable commit: ${commit.insertMs.toFixed(2)} ms (SELECT 1: ${commit.selectMs.toFixed(2)} ms)`,
  );

  // Throughput phase: warn-level logs, as the previous benchmarks ran.
  let env: Env = { db, server, statementsEnabled, postmasterPid: findRunningCluster(dataDir)?.pid };
  let session = await signIn(server.base, 'nurse@demo.ketaflow.test');
  const healthz = (connections: number) =>
    measured(
      env,
      {
        name: 'GET /healthz',
        url: `${env.server.base}/healthz`,
        connections,
        seconds: SECONDS,
        warmupSeconds: 1,
      },
      (p) => p === '/healthz',
    );
  const c10 = await healthz(10);
  const me = await measured(env, {
    name: 'GET /api/v1/me',
    url: `${server.base}/api/v1/me`,
    connections: 10,
    seconds: SECONDS,
    headers: { cookie: session.cookie },
  });
  const c32 = await healthz(32);
  let submitted = 0;
  const submitHeaders = {
    cookie: session.cookie,
    'x-csrf-token': session.csrf,
    'content-type': 'application/json',
  };
  const submit = await measured(env, {
    name: 'submit PHQ-9 responses',
    url: server.base,
    connections: 32,
    seconds: SECONDS,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/patients/x/responses',
        headers: submitHeaders,
        setupRequest: (req) => ({
          ...req,
          path: `/api/v1/patients/${synthetic.submitPatientIds[submitted++ % synthetic.submitPatientIds.length]}/responses`,
          body: JSON.stringify({
            instrument: 'phq9',
            answers: randomPhq9(),
            source: 'staff-for-patient',
            idempotencyKey: `bench-${randomUUID()}`,
          }),
        }),
      },
    ],
  });

  // Latency phase: the default log level (info), so each request's server-side time is logged.
  // Stopping the server stops its PostgreSQL too (it owns the cluster), which restarts on a new port.
  await database.close();
  await stopServer(server.child);
  progress('restarting with the default log level (info) for server-side times');
  server = await startServer(dataDir, port, 'info');
  const restartWithDataMs = server.readyMs;
  database = await openDatabase({ dataDir, databaseUrl: undefined });
  env = { ...env, db: database.db, server, postmasterPid: findRunningCluster(dataDir)?.pid };
  session = await signIn(server.base, 'nurse@demo.ketaflow.test');
  const auth = { cookie: session.cookie };

  const queries: SearchQueryInfo[] = [];
  for (const s of SEARCHES) {
    const res = await fetch(`${server.base}${searchPath(s.q)}`, { headers: auth });
    if (!res.ok) throw new Error(`search ${s.q}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { items: unknown[]; hasMore: boolean };
    queries.push({ ...s, shown: body.items.length, hasMore: body.hasMore });
  }
  const trajectoryPath = `/api/v1/patients/${synthetic.trajectoryPatientId}/trajectory`;
  const trajectoryRes = await fetch(`${server.base}${trajectoryPath}`, { headers: auth });
  if (!trajectoryRes.ok) throw new Error(`trajectory: ${trajectoryRes.status}`);
  const trajectoryJson = await trajectoryRes.text();
  const trajectoryBytes = Buffer.byteLength(trajectoryJson);

  const c1 = await healthz(1);
  const labels = new Map(SEARCHES.map((s) => [searchPath(s.q), s.label]));
  const search = await measured(
    env,
    {
      name: 'patient search',
      url: server.base,
      connections: 1,
      seconds: SECONDS,
      headers: auth,
      requests: SEARCHES.map((s) => ({ method: 'GET', path: searchPath(s.q) })),
      labelOf: (p) => labels.get(p) ?? p,
    },
    (p) => p === '/api/v1/patients',
  );
  const trajectory = await measured(
    env,
    {
      name: `trajectory (${RESPONSES} responses)`,
      url: `${server.base}${trajectoryPath}`,
      connections: 1,
      seconds: SECONDS,
      headers: auth,
    },
    (p) => p === trajectoryPath,
  );

  progress('EXPLAIN ANALYZE of the search and trajectory queries');
  const plans = [
    ...(await explainSearches(
      database.url,
      synthetic.orgId,
      SEARCHES.map((s) => s.q),
      SEARCH_LIMIT,
    )),
    await explainTrajectory(database.url, synthetic.orgId, synthetic.trajectoryPatientId),
  ];
  for (const plan of plans) {
    progress(`  ${plan.label}: ${plan.executionMs.toFixed(2)} ms: ${plan.shape}`);
    if (process.env.BENCH_PLANS === '1') process.stderr.write(`${plan.text}\n\n`);
  }

  progress('timing the pieces in-process: search SELECTs, the response query, the trajectory computation');
  const components = await timeComponents(env.db, {
    orgId: synthetic.orgId,
    queries: SEARCHES.map((s) => s.q),
    limit: SEARCH_LIMIT,
    patientId: synthetic.trajectoryPatientId,
    trajectoryJson,
  });

  const results: BenchResults = {
    date: new Date().toISOString().slice(0, 10),
    machine: {
      cores: os.cpus().length,
      model: os.cpus()[0]?.model.trim() ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      postgres: postgres ?? 'unknown',
    },
    load: { before: loadBefore, after: os.loadavg() },
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    coldStart: { firstMs: first.readyMs, restartMs, restartWithDataMs },
    synthetic,
    commit,
    ceilings: { c1, c10, c32 },
    me,
    search: { ...search, queries, limit: SEARCH_LIMIT },
    trajectory: { ...trajectory, bytes: trajectoryBytes },
    submit: { ...submit, patients: synthetic.submitPatientIds.length },
    plans,
    components,
  };
  const report = renderReport(results);
  // The standalone benchmarks (bench/locator.ts, vitals.ts, lighthouse.ts, ledger.ts) append their own
  // sections at the end of the file; a rerun of this one keeps them.
  const previous = fs.existsSync('docs/benchmarks.md') ? fs.readFileSync('docs/benchmarks.md', 'utf8') : '';
  const standalone = previous.search(
    /^## (Clinic locator|Recording vitals|Public site: Lighthouse|Controlled-substance ledger)/m,
  );
  fs.writeFileSync(
    'docs/benchmarks.md',
    standalone >= 0 ? `${report.trimEnd()}\n\n${previous.slice(standalone)}` : report,
  );
  process.stdout.write(report);
} finally {
  await database?.close().catch(() => {});
  if (server) await stopServer(server.child);
  fs.rmSync(root, { recursive: true, force: true });
}
