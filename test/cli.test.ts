import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

const BIN = path.resolve('bin/ketaflow.js');
let database: TestDatabase;

type Run = { code: number | null; stdout: string; stderr: string };

function ketaflow(
  args: string[],
  options: { stdin?: string; env?: Record<string, string> } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATABASE_URL: database.url, KETAFLOW_DEMO_PASSWORD: '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe('ketaflow CLI on DATABASE_URL', () => {
  it('prints help for itself and every command', async () => {
    const main = await ketaflow(['--help']);
    expect(main.code).toBe(0);
    for (const command of ['serve', 'migrate', 'seed', 'user', 'audit']) {
      expect(main.stdout).toContain(command);
      const help = await ketaflow([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`ketaflow ${command}`);
    }
  });

  it('exits 2 with one line on stderr for an unknown command or option', async () => {
    for (const args of [
      ['frobnicate'],
      ['migrate', '--nope'],
      ['seed'],
      ['audit', 'verify', '--expect-head', 'nonsense'],
    ]) {
      const run = await ketaflow(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('migrates (idempotently) with --json', async () => {
    const run = await ketaflow(['migrate', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ applied: [] });
  });

  it('seeds the demo clinic once, with generated passwords, one user per role', async () => {
    const run = await ketaflow(['seed', '--demo', '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.seeded).toBe(true);
    expect(out.users.map((u: { role: string }) => u.role).sort()).toEqual([
      'admin',
      'front_desk',
      'nurse',
      'patient',
      'prescriber',
      'therapist',
    ]);
    const passwords = new Set(out.users.map((u: { password: string }) => u.password));
    expect(passwords.size).toBe(6);
    for (const p of passwords) expect(String(p).length).toBeGreaterThanOrEqual(15);
    const again = await ketaflow(['seed', '--demo', '--json']);
    expect(JSON.parse(again.stdout).seeded).toBe(false);
  });

  it('creates a user with the password from stdin, and refuses a weak one with exit 2', async () => {
    const ok = await ketaflow(
      [
        'user',
        'create',
        '--email',
        'Kim@Clinic.test',
        '--role',
        'nurse',
        '--role',
        'therapist',
        '--password-stdin',
        '--json',
      ],
      {
        stdin: 'lantern-orchard-velvet-7\n',
      },
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      email: 'kim@clinic.test',
      roles: ['nurse', 'therapist'],
      active: true,
    });
    const weak = await ketaflow(
      ['user', 'create', '--email', 'lee@clinic.test', '--role', 'nurse', '--password-stdin'],
      { stdin: 'passwordpassword\n' },
    );
    expect(weak.code).toBe(2);
    expect(weak.stderr).toMatch(/common|characters/);
    const badRole = await ketaflow(
      ['user', 'create', '--email', 'lee@clinic.test', '--role', 'doctor', '--password-stdin'],
      { stdin: 'x' },
    );
    expect(badRole.code).toBe(2);
    const count = await database.db
      .selectFrom('users')
      .select('email')
      .where('email', '=', 'lee@clinic.test')
      .execute();
    expect(count).toHaveLength(0);
  });

  it('verifies the audit trail, prints heads, and fails naming the row after an alteration', async () => {
    const ok = await ketaflow(['audit', 'verify']);
    expect(ok.code, ok.stderr).toBe(0);
    const heads = await ketaflow(['audit', 'head']);
    expect(heads.code).toBe(0);
    const [orgId, seq, hash] = heads.stdout.trim().split('\n')[0]?.split(' ') ?? [];
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const expectHead = `${orgId}:${seq}:${hash}`;
    expect((await ketaflow(['audit', 'verify', '--expect-head', expectHead])).code).toBe(0);

    await database.db.transaction().execute(async (trx) => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(trx);
      await sql`UPDATE audit_log SET ip = '10.0.0.1' WHERE seq = 3`.execute(trx);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(trx);
    });
    const broken = await ketaflow(['audit', 'verify', '--json']);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout).ok).toBe(false);
    expect(broken.stderr).toMatch(new RegExp(`${orgId}:3`));
  });

  it('refuses invalid configuration with exit 2', async () => {
    const run = await ketaflow(['migrate'], { env: { DATABASE_URL: 'mysql://nope' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/DATABASE_URL/);
  });
});
