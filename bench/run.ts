/**
 * npm run bench: measures on loopback and writes docs/benchmarks.md.
 * - cold start to /readyz on the embedded database (first start creates the cluster and seeds it; a
 *   restart finds it), as wall-clock time from spawning `ketaflow serve`;
 * - signed-in GET /api/v1/me throughput and p99, as a ratio to GET /healthz in the same run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;
const PASSWORD = 'bench-lantern-harbor-quartz';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(dataDir: string, port: number): Promise<{ child: ChildProcess; readyMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/ketaflow.js', 'serve'], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      KETAFLOW_DEMO_PASSWORD: PASSWORD,
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, readyMs: performance.now() - started };
    if (child.exitCode !== null) throw new Error('server exited during start');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function stopServer(child: ChildProcess): Promise<void> {
  const done = new Promise((resolve) => child.once('close', resolve));
  child.kill('SIGTERM');
  await done;
}

async function load(url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_SECONDS, headers });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketaflow-bench-'));
fs.chmodSync(dataDir, 0o755);
try {
  const port = await freePort();
  const first = await startServer(path.join(dataDir, 'data'), port);
  await stopServer(first.child);
  const warm = await startServer(path.join(dataDir, 'data'), port);
  const base = `http://127.0.0.1:${port}`;
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'nurse@demo.ketaflow.test', password: PASSWORD }),
  });
  const cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status}`);
  const healthz = await load(`${base}/healthz`);
  const me = await load(`${base}/api/v1/me`, { cookie });
  await stopServer(warm.child);

  const row = (name: string, r: { rps: number; p99: number }) =>
    `| ${name} | ${Math.round(r.rps)} | ${r.p99} ms | ${(r.rps / healthz.rps).toFixed(2)} | ${healthz.p99 === 0 ? 'n/a' : (r.p99 / Math.max(healthz.p99, 1)).toFixed(1)} |`;
  const report = `# Benchmarks

Measured with \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} cores
(${os.cpus()[0]?.model.trim()}), Node ${process.version}, loopback, autocannon with ${CONNECTIONS} connections for ${DURATION_SECONDS} s
per route, load generator on the same machine. Numbers vary from run to run; the ratios to \`/healthz\`
(the ceiling: no database, no session) are what to compare between changes.

## Throughput and latency

| route | requests/s | p99 | throughput vs /healthz | p99 vs /healthz |
|---|---|---|---|---|
${row('GET /healthz', healthz)}
${row('GET /api/v1/me (signed in: session lookup in PostgreSQL)', me)}

## Cold start to /readyz (embedded PostgreSQL)

| start | ms |
|---|---|
| first start: create the cluster, migrate, seed the demo clinic (6 scrypt hashes) | ${Math.round(first.readyMs)} |
| restart on the existing data directory | ${Math.round(warm.readyMs)} |

Both include Node start-up and on-the-fly TypeScript compilation by tsx.
`;
  fs.writeFileSync('docs/benchmarks.md', report);
  process.stdout.write(report);
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
