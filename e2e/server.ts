import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Every demo account gets this password (KETAFLOW_DEMO_PASSWORD). */
export const DEMO_PASSWORD = 'e2e steady lantern orchard';

export const DEMO = {
  admin: { email: 'admin@demo.ketaflow.test', name: 'Avery Admin' },
  prescriber: { email: 'prescriber@demo.ketaflow.test', name: 'Dr. Priya Prescriber' },
  nurse: { email: 'nurse@demo.ketaflow.test', name: 'Noah Nurse' },
  frontDesk: { email: 'frontdesk@demo.ketaflow.test', name: 'Frankie Front Desk' },
  therapist: { email: 'therapist@demo.ketaflow.test', name: 'Theo Therapist' },
  patient: { email: 'patient@demo.ketaflow.test', name: 'Pat Patient' },
} as const;

export type TestServer = { baseUrl: string; stop: () => Promise<void> };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** Starts `ketaflow serve` on a fresh data directory with the demo clinic, and waits for /readyz. */
export async function startServer(options: { idleTimeoutSeconds?: number } = {}): Promise<TestServer> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'web', 'index.html'))) {
    throw new Error('dist/web is missing: run `npm run test:e2e`, which builds the web app first');
  }
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ketaflow-e2e-'));
  // The embedded PostgreSQL runs as its own user when started by root, and must reach the directory.
  fs.chmodSync(dataDir, 0o755);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    KETAFLOW_SEED_DEMO: '1',
    KETAFLOW_DEMO_PASSWORD: DEMO_PASSWORD,
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  if (options.idleTimeoutSeconds) env.SESSION_IDLE_TIMEOUT_SECONDS = String(options.idleTimeoutSeconds);

  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'ketaflow.js'), 'serve'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  // If the test run itself dies, the server (and its PostgreSQL) must not outlive it.
  const orphanGuard = () => child.kill('SIGTERM');
  process.once('exit', orphanGuard);

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.off('exit', orphanGuard);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited(child);
      clearTimeout(killer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`ketaflow serve exited with ${child.exitCode}:\n${output}`);
    }
    try {
      const res = await fetch(`${baseUrl}/readyz`);
      if (res.ok) return { baseUrl, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`ketaflow serve was not ready within 90 s:\n${output}`);
}
