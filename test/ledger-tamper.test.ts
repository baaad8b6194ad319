import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedgerChain } from '../src/server/features/inventory/verify.ts';
import { createTestApp, type TestContext } from './helpers/clinic.ts';
import { type Ledger, setUpLedger } from './helpers/ledger.ts';

const BIN = path.resolve('bin/ketaflow.js');
let t: TestContext;
let l: Ledger;
let lotId: string;

function ketaflow(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATABASE_URL: t.database.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** An attacker with a superuser session who switches the triggers off. */
async function asAttacker(statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: t.database.url });
  await client.connect();
  try {
    await client.query('SET session_replication_role = replica');
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}

async function tryAsApp(statement: string): Promise<string> {
  const client = new pg.Client({ connectionString: t.database.url });
  await client.connect();
  try {
    await client.query(statement);
    return 'allowed';
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date('2026-03-02T15:00:00Z');
  l = await setUpLedger(t);
  lotId = (await l.receive(l.nurse)).lotId;
  for (const quantity of [35, 40.5, 12]) {
    const res = await l.post(l.nurse, '/administrations', {
      lotId,
      cabinetId: l.cabinets[0],
      quantity,
      patientId: l.patientId,
    });
    expect(res.statusCode, res.body).toBe(201);
  }
}, 60_000);
afterAll(() => t.close());

describe('the database refuses changes to the ledger', () => {
  it.each([
    'UPDATE ledger_entries SET quantity = -1 WHERE seq = 2',
    'DELETE FROM ledger_entries WHERE seq = 4',
    'TRUNCATE ledger_entries CASCADE',
  ])('%s', async (statement) => {
    expect(await tryAsApp(statement)).toMatch(/append-only/);
  });

  it('refuses a balance below zero', async () => {
    expect(await tryAsApp('UPDATE ledger_balances SET balance = -1')).toMatch(/check constraint/);
  });
});

describe('ketaflow ledger', { timeout: 180_000 }, () => {
  let head: string;

  it('verifies an intact ledger and prints its head', async () => {
    const printed = await ketaflow(['ledger', 'head']);
    expect(printed.code, printed.stderr).toBe(0);
    const [orgId, seq, hash] = printed.stdout.trim().split(' ');
    expect(orgId).toBe(t.clinic.orgId);
    expect(seq).toBe('4');
    head = `${seq}:${hash}`;
    const ok = await ketaflow(['ledger', 'verify', '--expect-head', head]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('4 entries');
    const full = await ketaflow(['ledger', 'verify', '--expect-head', `${orgId}:${head}`]);
    expect(full.code).toBe(0);
  });

  it('prints the administration log as CSV', async () => {
    const res = await ketaflow([
      'ledger',
      'report',
      '--from',
      '2026-03-01',
      '--to',
      '2026-03-31',
      '--format',
      'csv',
    ]);
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stdout.trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain('Administered by');
  });

  it('exits 2 on bad input', async () => {
    expect((await ketaflow(['ledger', 'verify', '--expect-head', 'nonsense'])).code).toBe(2);
    expect((await ketaflow(['ledger', 'report', '--from', 'yesterday', '--to', '2026-03-31'])).code).toBe(2);
    expect((await ketaflow(['ledger', 'frobnicate'])).code).toBe(2);
  });

  // An impossible date is refused, never rolled over (2026-02-30 is not 2 March), and so is a range
  // that ends before it starts: one line on stderr, exit 2, nothing on stdout.
  const badReports: [string, string[], string][] = [
    ['30 February', ['--from', '2026-02-01', '--to', '2026-02-30'], '--to must be a real date'],
    ['month 13', ['--from', '2026-13-01', '--to', '2026-12-31'], '--from must be a real date'],
    ['29 February of a common year', ['--from', '2025-02-29', '--to', '2025-03-31'], '--from must'],
    ['no --to', ['--from', '2026-03-01'], '--to is required'],
    ['--from after --to', ['--from', '2026-03-31', '--to', '2026-03-01'], '--from 2026-03-31 is after'],
  ];
  it.each(badReports)('ledger report exits 2 on %s', async (_name, args, message) => {
    const res = await ketaflow(['ledger', 'report', ...args, '--format', 'csv']);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain(message);
  });

  it('accepts 29 February of a leap year', async () => {
    const res = await ketaflow(['ledger', 'report', '--from', '2028-02-29', '--to', '2028-02-29']);
    expect(res.code, res.stderr).toBe(0);
  });

  it('reads the chain page by page, fetching ahead, and still names the first bad entry', async () => {
    const intact = await verifyLedgerChain(t.database.db, t.clinic.orgId, undefined, undefined, 1);
    expect(intact).toMatchObject({ ok: true, entries: 4 });
    await asAttacker(['UPDATE ledger_entries SET quantity = -20.0 WHERE seq = 3']);
    const altered = await verifyLedgerChain(t.database.db, t.clinic.orgId, undefined, undefined, 1);
    expect(altered).toMatchObject({ ok: false, entries: 2, firstBad: { seq: 3 } });
    await asAttacker(['UPDATE ledger_entries SET quantity = -40.5 WHERE seq = 3']);
    expect((await verifyLedgerChain(t.database.db, t.clinic.orgId, undefined, undefined, 2)).ok).toBe(true);
  });

  it('names an altered entry, even one rehashed by someone who knows the rule but not the balances', async () => {
    await asAttacker(['UPDATE ledger_entries SET quantity = -30.0 WHERE seq = 2']);
    const res = await ketaflow(['ledger', 'verify']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('entry 2: hash does not match the entry (altered)');
    await asAttacker(['UPDATE ledger_entries SET quantity = -35.0 WHERE seq = 2']);
    expect((await ketaflow(['ledger', 'verify'])).code).toBe(0);
  });

  it('names a deleted entry', async () => {
    await asAttacker([
      'CREATE TABLE saved AS SELECT * FROM ledger_entries WHERE seq = 3',
      'DELETE FROM ledger_entries WHERE seq = 3',
    ]);
    const res = await ketaflow(['ledger', 'verify']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('entry 3: entry 3 is missing');
    await asAttacker(['INSERT INTO ledger_entries SELECT * FROM saved', 'DROP TABLE saved']);
    expect((await ketaflow(['ledger', 'verify'])).code).toBe(0);
  });

  it('catches a truncated tail only against the expected head', async () => {
    await asAttacker([
      'DELETE FROM ledger_entries WHERE seq = 4',
      'UPDATE ledger_balances SET balance = 924.5, last_seq = 3',
    ]);
    const alone = await ketaflow(['ledger', 'verify']);
    expect(alone.code).toBe(0);
    const res = await ketaflow(['ledger', 'verify', '--expect-head', head]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('expected head 4 is gone');
  });

  it('notices a balance table that no longer adds up', async () => {
    await asAttacker(['UPDATE ledger_balances SET balance = 999']);
    const res = await ketaflow(['ledger', 'verify']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('the ledger adds up to 924.5');
  });
});
