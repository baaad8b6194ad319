import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from './connect.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any fixed number shared by every instance; only one of them migrates at a time.
const MIGRATION_LOCK_KEY = 7_281_001;

export function listMigrations(): string[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((name) => /^\d{4}-[a-z0-9-]+\.sql$/.test(name))
    .sort();
}

/**
 * Applies the migrations not yet applied, each in its own transaction, under an advisory lock so
 * that several instances starting together migrate once. Returns the names it applied.
 */
export async function migrate(db: Db, onProgress: (name: string) => void = () => {}): Promise<string[]> {
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
    try {
      await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
        name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`.execute(conn);
      const applied = new Set(
        (await conn.selectFrom('schema_migrations').select('name').execute()).map((row) => row.name),
      );
      const done: string[] = [];
      for (const name of listMigrations()) {
        if (applied.has(name)) continue;
        onProgress(name);
        const text = fs.readFileSync(path.join(MIGRATIONS_DIR, name), 'utf8');
        await conn.transaction().execute(async (trx) => {
          await sql.raw(text).execute(trx);
          await trx.insertInto('schema_migrations').values({ name }).execute();
        });
        done.push(name);
      }
      return done;
    } finally {
      await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
    }
  });
}
