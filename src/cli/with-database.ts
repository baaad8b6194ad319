import { loadConfig } from '../server/config.ts';
import type { Ctx } from '../server/context.ts';
import type { Db } from '../server/db/connect.ts';
import { migrate } from '../server/db/migrate.ts';
import { openDatabase } from '../server/db/open.ts';
import { sealAll } from '../server/features/audit/sealer.ts';
import { progress } from './cli-kit.ts';

/**
 * Opens DATABASE_URL, or joins the embedded cluster the running server holds (its postmaster.pid),
 * or starts it just for this command. Seals the audit rows the command wrote before closing.
 */
export async function withDatabase<T>(
  work: (db: Db) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase(config, progress);
  try {
    if (options.migrate !== false)
      await migrate(database.db, (name) => progress(`applying migration ${name}`));
    const result = await work(database.db);
    await sealAll(database.db);
    return result;
  } finally {
    await database.close();
  }
}

export function cliContext(db: Db, orgId: string, command: string): Ctx {
  return { db, orgId, user: null, now: new Date(), requestId: `cli:${command}`, ip: null };
}
