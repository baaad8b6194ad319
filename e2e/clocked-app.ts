import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createDb, withDatabase } from '../src/server/db/connect.ts';
import { startEmbeddedCluster } from '../src/server/db/embedded.ts';
import { migrate } from '../src/server/db/migrate.ts';
import type { Role } from '../src/server/db/schema.ts';
import {
  createClock,
  currentTotp,
  seedClinic,
  TEST_PASSWORD,
  type TestContext,
} from '../test/helpers/clinic.ts';

/**
 * The app in this process on its own embedded PostgreSQL, listening on a free port, with a clock the
 * test moves: for browser tests of what only exists hours or days after a session (the esketamine
 * label's 2-hour monitoring cannot be shortened). Set-up goes through the API (`app.inject`) with the
 * integration-test helpers; the browser then uses `baseUrl`.
 */
export async function startClockedApp(start: Date): Promise<TestContext & { baseUrl: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketaflow-e2e-clock-'));
  fs.chmodSync(dataDir, 0o755);
  const cluster = await startEmbeddedCluster({
    dataDir,
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
  });
  const name = 'ketaflow_e2e';
  const admin = new pg.Client({ connectionString: withDatabase(cluster.url, 'postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(cluster.url, name);
  const db = createDb(url);
  await migrate(db);
  const clinic = await seedClinic(db);
  const clock = createClock(start);
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SESSION_IDLE_TIMEOUT_SECONDS: '43200',
  });
  const app = await buildApp({ db, config, now: () => clock.now, logger: false });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const close = async () => {
    await app.close();
    await db.destroy();
    await cluster.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return {
    app,
    clock,
    clinic,
    baseUrl: address,
    database: { db, url, name, drop: async () => {} },
    close,
  };
}

/** Signs the clinic's user of that role in through the form, with an authenticator code for the server's clock. */
export async function signInOnClock(
  page: Page,
  t: TestContext & { baseUrl: string },
  role: Role,
): Promise<void> {
  const user = t.clinic.users[role];
  // A code is single-use: the API sign-ins of the set-up may have spent this step already.
  await t.database.db.updateTable('users').set({ mfa_last_step: null }).where('id', '=', user.id).execute();
  await page.goto(`${t.baseUrl}/app/login`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (user.mfaSecret) {
    await page
      .getByLabel('Authentication code or recovery code')
      .fill(currentTotp(user.mfaSecret, t.clock.now));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
  }
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}
