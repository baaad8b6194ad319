/** The real server for benchmarks: `node bin/ketaflow.js serve` on its own DATA_DIR and port. */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import readline from 'node:readline';

export const BENCH_PASSWORD = 'bench-lantern-harbor-quartz';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export type ServerTime = { path: string; ms: number; status: number };

export type RunningServer = {
  child: ChildProcess;
  readyMs: number;
  base: string;
  /**
   * Server-side time of each request, from Fastify's "request completed" log lines (responseTime:
   * from the request's arrival to the last byte of the response), while recording. Only with
   * logLevel 'info' (the product's default), which logs every request.
   */
  record(): () => Promise<ServerTime[]>;
};

/** Spawns the server and waits for /readyz; readyMs is wall-clock time from spawn to the first 200. */
export async function startServer(
  dataDir: string,
  port: number,
  logLevel: 'warn' | 'info' = 'warn',
): Promise<RunningServer> {
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/ketaflow.js', 'serve'], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: logLevel,
      KETAFLOW_DEMO_PASSWORD: BENCH_PASSWORD,
      DATABASE_URL: '',
    },
    stdio: ['ignore', logLevel === 'info' ? 'pipe' : 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  let recording: ServerTime[] | undefined;
  if (child.stdout) {
    // "incoming request" names the path; "request completed" carries the time; reqId joins them.
    const paths = new Map<string, string>();
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (!recording) return;
      try {
        const entry = JSON.parse(line) as {
          reqId?: string;
          msg?: string;
          req?: { path?: string };
          res?: { statusCode?: number };
          responseTime?: number;
        };
        if (!entry.reqId) return;
        if (entry.msg === 'incoming request') paths.set(entry.reqId, entry.req?.path ?? '');
        else if (entry.msg === 'request completed' && typeof entry.responseTime === 'number') {
          recording.push({
            path: paths.get(entry.reqId) ?? '',
            ms: entry.responseTime,
            status: entry.res?.statusCode ?? 0,
          });
          paths.delete(entry.reqId);
        }
      } catch {
        // Not a JSON log line.
      }
    });
  }
  const record = () => {
    const times: ServerTime[] = [];
    recording = times;
    return async () => {
      // The log line follows the response: let the last ones arrive.
      await new Promise((r) => setTimeout(r, 300));
      if (recording === times) recording = undefined;
      return times;
    };
  };
  for (;;) {
    const ok = await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, readyMs: performance.now() - started, base, record };
    if (child.exitCode !== null) throw new Error('server exited during start');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const done = new Promise((resolve) => child.once('close', resolve));
  child.kill('SIGTERM');
  await done;
}

export type Session = { cookie: string; csrf: string };

/** Signs in with the demo password; returns the Cookie header and the CSRF token (kf_csrf). */
export async function signIn(base: string, email: string): Promise<Session> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`sign-in as ${email} failed: ${login.status}`);
  const pairs = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0] ?? '');
  const csrf = pairs.find((p) => p.startsWith('kf_csrf='))?.slice('kf_csrf='.length);
  if (!csrf) throw new Error('sign-in set no kf_csrf cookie');
  return { cookie: pairs.join('; '), csrf };
}
