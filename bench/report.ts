/** Renders docs/benchmarks.md from one run's measurements. */
import type { Components } from './components.ts';
import type { CpuSplit } from './cpu.ts';
import type { PlanSummary } from './explain.ts';
import { type LoadResult, ms, type Percentiles } from './measure.ts';
import type { StatementGroup } from './pgstats.ts';
import type { SyntheticData } from './synthetic.ts';

export type AreaStats = {
  /** pg_stat_statements over the measured window (empty when unavailable). */
  statements: StatementGroup[];
  /** Audit records written per request (read audit per patient shown, create audit per response). */
  auditPerRequest: number;
  /** Seconds the audit sealer needed after the run to empty audit_pending. */
  sealerDrainSeconds: number;
};

export type Measured = {
  result: LoadResult;
  /** Server-side times from the server's request log (latency phase only). */
  server: Percentiles | undefined;
  cpu: CpuSplit;
  stats: AreaStats;
};

export type SearchQueryInfo = { label: string; q: string; shown: number; hasMore: boolean };

export type BenchResults = {
  date: string;
  machine: { cores: number; model: string; memoryGb: number; node: string; postgres: string };
  load: { before: number[]; after: number[] };
  seconds: number;
  warmupSeconds: number;
  coldStart: { firstMs: number; restartMs: number; restartWithDataMs: number };
  synthetic: SyntheticData;
  commit: { selectMs: number; insertMs: number };
  ceilings: { c1: Measured; c10: Measured; c32: Measured };
  me: Measured;
  search: Measured & { queries: SearchQueryInfo[]; limit: number };
  trajectory: Measured & { bytes: number };
  submit: Measured & { patients: number };
  plans: PlanSummary[];
  components: Components;
};

export const TARGETS = { searchP99Ms: 20, trajectoryP99Ms: 10 };

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
const cores = (n: number) => n.toFixed(2);

const LOAD_HEAD = `| route | connections | requests/s | p50 | p99 | server-side p50 | server-side p99 | throughput vs /healthz | p99 vs /healthz |
|---|---|---|---|---|---|---|---|---|`;

function loadRow(name: string, m: Measured, ceiling: Measured): string {
  const r = m.result;
  const server = m.server ? [ms(m.server.p50), ms(m.server.p99)] : ['not logged', 'not logged'];
  return `| ${name} | ${r.connections} | ${int(r.rps)} | ${ms(r.p50)} | ${ms(r.p99)} | ${server.join(' | ')} | ${ratio(r.rps, ceiling.result.rps)} | ${ratio(r.p99, ceiling.result.p99)} |`;
}

function dbTotal(stats: AreaStats): number {
  return stats.statements.reduce((sum, s) => sum + s.totalMs, 0);
}

function callsPerRequest(stats: AreaStats, requests: number, sealer = false): number {
  const isSealer = (label: string) =>
    /audit_log|advisory|DELETE audit_pending|SELECT audit_pending/.test(label);
  return (
    stats.statements.filter((s) => sealer || !isSealer(s.label)).reduce((sum, s) => sum + s.calls, 0) /
    Math.max(requests, 1)
  );
}

function otherCpu(m: Measured): number {
  return Math.max(0, m.cpu.machine - m.cpu.server - m.cpu.postgres - m.cpu.loadGenerator);
}

function cpuLine(m: Measured, machineCores: number): string {
  const c = m.cpu;
  const perRequest = (coresBusy: number) => ms((1000 * coresBusy) / Math.max(m.result.rps, 1e-9));
  return `CPU over the measured window, in cores busy (of ${machineCores}): server ${cores(c.server)}, PostgreSQL ${cores(c.postgres)}, load generator ${cores(c.loadGenerator)}, other processes ${cores(otherCpu(m))}; per request: ${perRequest(c.server)} of server CPU and ${perRequest(c.postgres)} of PostgreSQL CPU.`;
}

function statementTable(m: Measured): string {
  const { stats } = m;
  const requests = m.result.n;
  if (stats.statements.length === 0) return '_pg_stat_statements was not available in this run._';
  const total = dbTotal(stats);
  return [
    `PostgreSQL execution time: ${ms(total / Math.max(requests, 1))} per request (pg_stat_statements over the measured window, the background audit sealer included; commit flushes are not in it).`,
    '',
    '| statement | calls per request | mean | max | share of PostgreSQL time |',
    '|---|---|---|---|---|',
    ...stats.statements
      .slice(0, 9)
      .map(
        (s) =>
          `| ${s.label} | ${(s.calls / Math.max(requests, 1)).toFixed(2)} | ${ms(s.meanMs)} | ${ms(s.maxMs)} | ${Math.round((100 * s.totalMs) / Math.max(total, 1e-9))} % |`,
      ),
  ].join('\n');
}

/** The statements a request itself makes (at least every other request; the sealer's left out). */
function perRequestStatements(m: Measured): string {
  const n = Math.max(m.result.n, 1);
  return m.stats.statements
    .filter(
      (s) =>
        s.calls / n >= 0.5 && !/audit_log|advisory|DELETE audit_pending|SELECT audit_pending/.test(s.label),
    )
    .map((s) => `${s.label}${s.calls / n >= 1.5 ? ` ×${Math.round(s.calls / n)}` : ''}`)
    .join(', ');
}

function stat(stats: AreaStats, label: string): StatementGroup | undefined {
  return stats.statements.find((s) => s.label === label);
}

function verdict(met: boolean): string {
  return met ? '**met**' : '**not met**';
}

export function renderReport(r: BenchResults): string {
  const { c1, c10, c32 } = r.ceilings;
  const search = r.search;
  const trajectory = r.trajectory;
  const submit = r.submit;
  const searchMet = search.result.p99 <= TARGETS.searchP99Ms;
  const trajectoryMet = trajectory.result.p99 <= TARGETS.trajectoryP99Ms;
  const all = [c1, c10, c32, r.me, search, trajectory, submit];
  const maxOtherCpu = Math.max(...all.map(otherCpu));
  const noisy = maxOtherCpu > 0.25 || Math.max(r.load.before[0] ?? 0, r.load.after[0] ?? 0) > r.machine.cores;
  const commitFlushMs = Math.max(0, r.commit.insertMs - r.commit.selectMs);
  const searchPlans = r.plans.filter(
    (p) => p.label.startsWith('search') && !p.label.includes('for comparison'),
  );
  const trajectoryPlan = r.plans.find((p) => p.label.startsWith('trajectory'));
  const slowestPlan = [...searchPlans].sort((a, b) => b.executionMs - a.executionMs)[0];
  const nameOrderPlans = searchPlans.filter((p) => /Index Scan patients_org_name/.test(p.shape));
  const searchSelect = stat(search.stats, 'SELECT patients (search)');
  const auditInsert = stat(search.stats, 'INSERT audit_pending');
  const perSearchDb = dbTotal(search.stats) / Math.max(search.result.n, 1);
  const perTrajectoryDb = dbTotal(trajectory.stats) / Math.max(trajectory.result.n, 1);
  const perSubmitDb = dbTotal(submit.stats) / Math.max(submit.result.n, 1);
  const sealerShare = (m: Measured) => {
    const total = dbTotal(m.stats);
    const sealer = m.stats.statements
      .filter((s) => /audit_log|advisory|DELETE audit_pending|SELECT audit_pending/.test(s.label))
      .reduce((sum, s) => sum + s.totalMs, 0);
    return total > 0 ? Math.round((100 * sealer) / total) : 0;
  };
  const worstQuery = [...search.result.byLabel].sort((a, b) => b[1].p99 - a[1].p99)[0];

  const findings: string[] = [];
  if (nameOrderPlans.length) {
    const which = nameOrderPlans
      .map((p) => {
        const alternative = r.plans.find(
          (a) => a.label.startsWith(p.label) && a.label.includes('for comparison'),
        );
        const estimated = p.scan?.estimated ?? 0;
        const matching = alternative?.scan?.actual;
        const why =
          matching === undefined
            ? ''
            : estimated > 3 * Math.max(matching, 1)
              ? `it estimated ${int(estimated)} matching patients where there are ${int(matching)}, so it expected ${search.limit + 1} of them early in the walk; `
              : `it estimated ${int(estimated)} matching patients (there are ${int(matching)}), but they are not spread evenly along the name order; `;
        return `\`${p.label.replace(/^search "|"$/g, '')}\`: ${why}it read and discarded ${int(p.rowsRemovedByFilter)} rows (${int(p.sharedBlocks)} buffers, ${p.executionMs.toFixed(1)} ms in EXPLAIN ANALYZE)${alternative ? `, where the trigram plan, with index scans switched off, takes ${alternative.executionMs.toFixed(1)} ms` : ''}`;
      })
      .join('; ');
    findings.push(
      `**Search plans are unstable, and the bad one is slow.** For some queries PostgreSQL walks \`patients_org_name\` in name order and tests each row with LIKE until it has ${search.limit + 1} matches, instead of using the trigram indexes: the ORDER BY family name, given name, id with a LIMIT makes that walk look cheap whenever the planner expects many matches spread evenly over the alphabet. In this run: ${which}. The estimates come from ANALYZE's random sample, so which queries get the bad plan changes from run to run (and from clinic to clinic). Suggested fix (src/server/features/patients/store.ts): find the matches through the trigram indexes first and sort only them, e.g. order by an expression the name index cannot supply, or select the matching ids in a MATERIALIZED CTE; then check the plans again here.`,
    );
  }
  findings.push(
    `**Per-record read audit.** Every search writes ${search.stats.auditPerRequest.toFixed(1)} audit records on average (one per patient shown) in one INSERT${auditInsert ? ` (${ms(auditInsert.meanMs)} mean inside PostgreSQL)` : ''}, and that INSERT commits on its own, so every search, and every trajectory read, also waits for one WAL flush: ${ms(commitFlushMs)} on this disk (a single-row autocommit INSERT takes ${ms(r.commit.insertMs)}, a SELECT 1 ${ms(r.commit.selectMs)}). Writing a full page's ${search.limit} read records from Node, timed on its own, takes ${ms(r.components.auditWrite.p50)} (p50), more than the search SELECT itself for ${[...r.components.search.values()].filter((p) => p.p50 < r.components.auditWrite.p50).length} of the ${r.components.search.size} queries (last column of the search table). The background sealer then re-reads, hashes and re-inserts each record into the chain: ${sealerShare(search)} % of PostgreSQL time during the search run. Options, for whoever owns the audit design: commit read audits with \`synchronous_commit = off\` (a crash could lose the last fraction of a second of read records, never a change), or keep one row per patient but write it from a batched buffer; the row count itself is cheap, the flush and the sealing are not.`,
  );
  const trajectoryPieces = [
    { name: 'reading and parsing the responses (listResponses)', ms: r.components.listResponses.p50 },
    { name: 'computeTrajectory', ms: r.components.computeTrajectory.p50 },
    { name: 'JSON.stringify of the response', ms: r.components.stringify.p50 },
    { name: 'the audit commit', ms: commitFlushMs },
  ].sort((a, b) => b.ms - a.ms);
  const trajectoryCpuMs = (1000 * trajectory.cpu.server) / Math.max(trajectory.result.rps, 1e-9);
  const top2 = new Set(trajectoryPieces.slice(0, 2).map((p) => p.name));
  const trajectoryFixes = [
    top2.has('computeTrajectory')
      ? `speed up computeTrajectory (about ${((1000 * r.components.computeTrajectory.p50) / Math.max(r.synthetic.responses, 1)).toFixed(1)} µs a score; \`classify\` was the hottest application function when this route was CPU-profiled)`
      : '',
    top2.has('reading and parsing the responses (listResponses)')
      ? 'read only the columns the chart needs (each row brings its answers as jsonb and two timestamps to parse)'
      : '',
    'leave item scores out of the series unless asked for (they repeat in every point of the body)',
    r.components.stringify.p50 > 0.5
      ? "declare a response schema so Fastify's compiled serializer is used"
      : '',
  ].filter(Boolean);
  findings.push(
    `**Trajectory.** Server-side p50 ${trajectory.server ? ms(trajectory.server.p50) : 'n/a'}; PostgreSQL executes the request's statements in ${ms(perTrajectoryDb)} (the response query ${trajectoryPlan ? `${trajectoryPlan.executionMs.toFixed(2)} ms in EXPLAIN ANALYZE, ${trajectoryPlan.shape.includes('measure_responses_trajectory') ? 'through measure_responses_trajectory' : 'without the trajectory index'}` : 'n/a'}). The biggest pieces, timed on their own: ${trajectoryPieces.map((p) => `${p.name} ${ms(p.ms)}`).join(', ')}; besides, each of the ${callsPerRequest(trajectory.stats, trajectory.result.n).toFixed(0)} statements costs a round trip. No single slow query: the time is Node work that grows with the number of responses, plus round trips and the commit.${trajectoryCpuMs > 0.7 * (trajectory.server?.p50 ?? Number.POSITIVE_INFINITY) ? ` The server process used ${ms(trajectoryCpuMs)} of CPU per request, nearly all of its server-side time: the route is bound by Node's CPU, not by waiting for PostgreSQL.` : ''} Suggested fixes: ${trajectoryFixes.join('; ')}.`,
  );
  findings.push(
    `**Submissions.** ${int(submit.result.rps)} per second at 32 connections (${ratio(submit.result.rps, c32.result.rps)} × /healthz). Each submission makes ${callsPerRequest(submit.stats, submit.result.n).toFixed(1)} statements (${perRequestStatements(submit)}), each a round trip on the server's pool of 10 connections, and ends with a WAL flush; PostgreSQL execution is only ${ms(perSubmitDb)} of each. ${cpuLine(submit, r.machine.cores)} ${submit.cpu.machine > r.machine.cores * 0.85 ? `The machine was CPU-bound${otherCpu(submit) > 0.25 ? `, ${cores(otherCpu(submit))} cores of it by other processes` : ''}, with the load generator on the same cores, so this is a floor for a dedicated server.` : 'The machine was not CPU-bound: the limit is waiting (pool connections and commit flushes), not computing.'}`,
  );

  const searchWhy = searchMet
    ? `p99 ${ms(search.result.p99)} at the client (server-side ${search.server ? ms(search.server.p99) : 'n/a'}) against ${TARGETS.searchP99Ms} ms.`
    : `p99 ${ms(search.result.p99)} at the client (server-side ${search.server ? ms(search.server.p99) : 'n/a'}) against ${TARGETS.searchP99Ms} ms. The worst query is ${worstQuery ? `\`${worstQuery[0].replace(/:.*$/, '')}\` (p99 ${ms(worstQuery[1].p99)})` : 'n/a'}; the slowest plan is ${slowestPlan ? `${slowestPlan.label} (${slowestPlan.executionMs.toFixed(1)} ms)` : 'n/a'}. On average a search spends ${ms(perSearchDb)} inside PostgreSQL (the search SELECT ${searchSelect ? ms(searchSelect.meanMs) : 'n/a'} mean) plus one audit commit flush (${ms(commitFlushMs)}). See the findings below.`;
  const trajectoryWhy = trajectoryMet
    ? `p99 ${ms(trajectory.result.p99)} at the client (server-side ${trajectory.server ? ms(trajectory.server.p99) : 'n/a'}) against ${TARGETS.trajectoryP99Ms} ms.`
    : `p99 ${ms(trajectory.result.p99)} at the client (server-side ${trajectory.server ? ms(trajectory.server.p99) : 'n/a'}) against ${TARGETS.trajectoryP99Ms} ms.${trajectoryPlan && trajectoryPlan.executionMs < 2 ? ` The query itself is fast (${trajectoryPlan.executionMs.toFixed(2)} ms): the` : ' The'} time is mostly Node work proportional to the ${r.synthetic.responses} responses, plus round trips and the audit commit. See the findings below.`;

  return `# Benchmarks

Generated by \`npm run bench\` (bench/run.ts) on ${r.date}; rerun it rather than editing this file.

- Machine: ${r.machine.cores} cores (${r.machine.model}), ${r.machine.memoryGb} GB RAM, Node ${r.machine.node}, embedded PostgreSQL ${r.machine.postgres} with fsync and synchronous_commit on (the product defaults).
- Load generator: autocannon 9, in the benchmark's own process, on loopback, sharing the ${r.machine.cores} cores with the server and PostgreSQL. ${r.seconds} s measured per route (\`BENCH_SECONDS\`) after discarded warm-up (${r.warmupSeconds} s; 1 s for /healthz).
- Load average (1, 5, 15 min) before: ${r.load.before.map((l) => l.toFixed(2)).join(', ')}; after: ${r.load.after.map((l) => l.toFixed(2)).join(', ')}. ${noisy ? `**Other work was running on this machine during the run (up to ${cores(maxOtherCpu)} cores busy outside the benchmark, e.g. other developers' tests): absolute numbers are noisy; the ratios to /healthz, measured under the same conditions, are the numbers to compare.**` : 'Little else was running on the machine during the run.'}
- **Latencies** (p50, p99) are client-side, per response, with sub-millisecond resolution: they include the loopback round trip and the load generator's HTTP parsing. The floor of that overhead is /healthz at 1 connection (p50 ${ms(c1.result.p50)}). **Server-side** times come from the server's own request log (Fastify's \`responseTime\`: from the request's arrival to the end of the response), which the default log level (info) writes for every request; the latency runs (1 connection) use that level, the throughput runs use warn, as before, so they show "not logged". The server has no Server-Timing header.
- **PostgreSQL-side** time per statement comes from pg_stat_statements, which the benchmark loads into its own throwaway cluster (the product does not).
- Ratios are to GET /healthz (no session, no database) at the same number of connections, in the same run.

## Targets

| target | measured | verdict |
|---|---|---|
| patient search over ${int(r.synthetic.patients)} patients, p99 ≤ ${TARGETS.searchP99Ms} ms | p50 ${ms(search.result.p50)}, p99 ${ms(search.result.p99)} (server-side p50 ${search.server ? ms(search.server.p50) : 'n/a'}, p99 ${search.server ? ms(search.server.p99) : 'n/a'}) | ${verdict(searchMet)} |
| trajectory of a patient with ${r.synthetic.responses} responses, p99 ≤ ${TARGETS.trajectoryP99Ms} ms | p50 ${ms(trajectory.result.p50)}, p99 ${ms(trajectory.result.p99)} (server-side p50 ${trajectory.server ? ms(trajectory.server.p50) : 'n/a'}, p99 ${trajectory.server ? ms(trajectory.server.p99) : 'n/a'}) | ${verdict(trajectoryMet)} |
| response submissions from 32 concurrent clients, throughput vs /healthz | ${int(submit.result.rps)} per second = ${ratio(submit.result.rps, c32.result.rps)} × /healthz at 32 connections | reported (no fixed target) |

- Search: ${searchWhy}
- Trajectory: ${trajectoryWhy}

## Findings and suggested fixes

${findings.map((f) => `- ${f}`).join('\n')}

## Ceilings: GET /healthz

${LOAD_HEAD}
${loadRow('GET /healthz', c1, c1)}
${loadRow('GET /healthz', c10, c10)}
${loadRow('GET /healthz', c32, c32)}

## Signed-in request: GET /api/v1/me

${LOAD_HEAD}
${loadRow('GET /healthz', c10, c10)}
${loadRow('GET /api/v1/me (session lookup in PostgreSQL)', r.me, c10)}

${cpuLine(r.me, r.machine.cores)}

## Patient search: GET /api/v1/patients?q=…&limit=${search.limit}

${int(r.synthetic.patients)} synthetic patients, signed in as the nurse, one connection (each latency is one search on its own), the queries below in turn.
Each search also writes one audit record per patient shown (the per-record read audit: ${search.stats.auditPerRequest.toFixed(1)} per search on average, one multi-row INSERT and its commit), which the background sealer then hashes into the audit chain (it needed ${search.stats.sealerDrainSeconds.toFixed(1)} s after the run to catch up). That is part of the cost measured here.

${LOAD_HEAD}
${loadRow('GET /healthz', c1, c1)}
${loadRow('GET /api/v1/patients (the queries in turn)', search, c1)}

| query | kind | patients shown | p50 | p99 | p50 above the /healthz floor | the search SELECT alone, in-process p50 |
|---|---|---|---|---|---|---|
${search.queries
  .map((q) => {
    const p = search.result.byLabel.get(q.label);
    const alone = r.components.search.get(q.q);
    return `| \`${q.q}\` | ${q.label.replace(/^.*?: /, '')} | ${q.shown}${q.hasMore ? ' (more exist)' : ''} | ${p ? ms(p.p50) : 'n/a'} | ${p ? ms(p.p99) : 'n/a'} | ${p ? ms(Math.max(0, p.p50 - c1.result.p50)) : 'n/a'} | ${alone ? ms(alone.p50) : 'n/a'} |`;
  })
  .join('\n')}

${statementTable(search)}

${cpuLine(search, r.machine.cores)}

## Trajectory: GET /api/v1/patients/:id/trajectory

One patient with ${r.synthetic.responses} PHQ-9 responses and ${r.synthetic.treatmentEvents} treatment dates (among ${int(r.synthetic.backgroundResponses)} responses of other patients), one connection; the response is ${int(trajectory.bytes)} bytes of JSON. Each read writes one audit record.

${LOAD_HEAD}
${loadRow('GET /healthz', c1, c1)}
${loadRow('GET /api/v1/patients/:id/trajectory', trajectory, c1)}

${statementTable(trajectory)}

${cpuLine(trajectory, r.machine.cores)}

Where the server-side time goes (pieces timed on their own in the benchmark process, p50):

| piece | p50 |
|---|---|
| the whole request, server-side | ${trajectory.server ? ms(trajectory.server.p50) : 'n/a'} |
| server process CPU per request (all of Node's work: HTTP, session, logging, row parsing, computing, serialising, garbage collection; a mean from /proc) | ${ms((1000 * trajectory.cpu.server) / Math.max(trajectory.result.rps, 1e-9))} |
| the ${r.synthetic.responses} responses: query, round trip and row parsing in the pg driver (listResponses) | ${ms(r.components.listResponses.p50)} |
| computeTrajectory over ${r.synthetic.responses} scores (pure domain code) | ${ms(r.components.computeTrajectory.p50)} |
| JSON.stringify of the ${int(trajectory.bytes)}-byte response | ${ms(r.components.stringify.p50)} |
| the audit record's commit (one WAL flush) | ${ms(commitFlushMs)} |
| the other ${Math.max(0, Math.round(callsPerRequest(trajectory.stats, trajectory.result.n) - 2))} statements (session, patient, treatment dates, settings), round trips | about ${ms(Math.max(0, Math.round(callsPerRequest(trajectory.stats, trajectory.result.n) - 2)) * r.commit.selectMs)} |

## Submitting responses: POST /api/v1/patients/:id/responses

32 connections; each request is a complete PHQ-9 (\`staff-for-patient\`, item 9 = 0, so no suicide-risk alert) with its own idempotency key, spread over ${int(submit.patients)} patients. A submission reads the session, the patient, the settings, the idempotency key and the text packs, then stores the response and its audit record in one transaction.

${LOAD_HEAD}
${loadRow('GET /healthz', c32, c32)}
${loadRow('POST /api/v1/patients/:id/responses', submit, c32)}

${statementTable(submit)}

${cpuLine(submit, r.machine.cores)}

## One durable commit

| single statement on one connection, p50 of 200 | time |
|---|---|
| SELECT 1 (round trip) | ${ms(r.commit.selectMs)} |
| INSERT of one row, autocommit (round trip + WAL flush) | ${ms(r.commit.insertMs)} |

## Query plans (EXPLAIN ANALYZE on the benchmark data, warm cache)

| statement | plan (outermost first) | execution | planning | buffers |
|---|---|---|---|---|
${r.plans.map((p) => `| ${p.label} | ${p.shape} | ${p.executionMs.toFixed(2)} ms | ${p.planningMs.toFixed(2)} ms | ${int(p.sharedBlocks)} |`).join('\n')}

## Synthetic data (bench/synthetic.ts)

| step | ms |
|---|---|
| ${int(r.synthetic.patients)} patients, one INSERT … SELECT over generate_series (generated search columns and three trigram indexes maintained) | ${int(r.synthetic.timings.patientsMs)} |
| ${r.synthetic.responses} PHQ-9 responses and ${r.synthetic.treatmentEvents} treatment dates for one patient | ${int(r.synthetic.timings.responsesMs)} |
| ${int(r.synthetic.backgroundResponses)} PHQ-9 responses for the other patients past intake | ${int(r.synthetic.timings.historyMs)} |
| VACUUM ANALYZE | ${int(r.synthetic.timings.vacuumMs)} |

## Cold start to /readyz (embedded PostgreSQL)

| start | ms |
|---|---|
| first start: create the cluster, migrate, seed the demo clinic | ${int(r.coldStart.firstMs)} |
| restart on the existing data directory | ${int(r.coldStart.restartMs)} |
| restart with the ${int(r.synthetic.patients)} synthetic patients loaded (log level info) | ${int(r.coldStart.restartWithDataMs)} |

All include Node start-up and on-the-fly TypeScript compilation by tsx.
`;
}
