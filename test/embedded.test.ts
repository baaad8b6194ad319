import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterDir, findRunningCluster, startEmbeddedCluster } from '../src/server/db/embedded.ts';

const dirs: string[] = [];
function tempDir(mode = 0o755): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketaflow-embedded-'));
  fs.chmodSync(dir, mode);
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function query(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  it('creates a PostgreSQL 15 cluster on loopback (never 5432), keeps data across restarts, and is joined, not started twice', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const first = await startEmbeddedCluster({ dataDir });
    expect(first.owned).toBe(true);
    const port = Number(new URL(first.url).port);
    expect(port).not.toBe(5432);
    const [version] = await query(
      first.url,
      `SELECT current_setting('server_version_num') AS v, current_setting('listen_addresses') AS l, current_setting('fsync') AS f`,
    );
    expect(version).toEqual({ v: expect.stringMatching(/^15/), l: '127.0.0.1', f: 'on' });
    await query(first.url, 'CREATE TABLE kept (v text); INSERT INTO kept VALUES ($$still here$$)');

    expect(findRunningCluster(dataDir)?.port).toBe(port);
    const joined = await startEmbeddedCluster({ dataDir });
    expect(joined.owned).toBe(false);
    expect(new URL(joined.url).port).toBe(String(port));
    await joined.stop();
    expect(findRunningCluster(dataDir)).toBeDefined();

    await first.stop();
    expect(fs.existsSync(path.join(clusterDir(dataDir), 'postmaster.pid'))).toBe(false);

    const second = await startEmbeddedCluster({ dataDir });
    expect(await query(second.url, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
    await second.stop();
  });

  it.runIf(process.getuid?.() === 0)('runs as root with a DATA_DIR that only root could enter', async () => {
    const locked = tempDir(0o700);
    const dataDir = path.join(locked, 'inner', 'data');
    fs.mkdirSync(path.dirname(dataDir), { mode: 0o700 });
    const cluster = await startEmbeddedCluster({ dataDir });
    expect(await query(cluster.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    // Only search permission was added, never read.
    expect(fs.statSync(locked).mode & 0o004).toBe(0);
    await cluster.stop();
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/ketaflow.js', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('ketaflow serve on the embedded database', () => {
  it('starts, seeds the demo clinic, lets CLI commands join it, and stops cleanly on SIGTERM', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const port = await freePort();
    const env = {
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      KETAFLOW_DEMO_PASSWORD: 'maple-harbor-quartz-1',
      DATABASE_URL: '',
    };
    const server = spawn(process.execPath, ['bin/ketaflow.js', 'serve'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout.on('data', (c) => (output += c));
    const exited = new Promise<number | null>((resolve) => server.on('close', resolve));
    let ready = false;
    for (let i = 0; i < 120 && !ready; i++) {
      ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (!ready) await new Promise((r) => setTimeout(r, 250));
    }
    expect(ready).toBe(true);
    expect(output).toContain('admin@demo.ketaflow.test');

    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nurse@demo.ketaflow.test', password: 'maple-harbor-quartz-1' }),
    });
    expect(login.status).toBe(200);

    const verify = await runCli(['audit', 'verify', '--json'], env);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout).ok).toBe(true);

    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(findRunningCluster(dataDir)).toBeUndefined();
  });
});
