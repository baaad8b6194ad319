import { randomBytes } from 'node:crypto';
import type { Executor } from '../../context.ts';

const cache = new WeakMap<object, Map<string, Buffer>>();

/**
 * A secret the server generates into its own database on first use: never in the repository or the
 * configuration, shared by every instance on the same database, and kept across restarts.
 */
export async function serverSecret(db: Executor, name: string): Promise<Buffer> {
  const known = cache.get(db)?.get(name);
  if (known) return known;
  await db
    .insertInto('server_secrets')
    .values({ name, secret: randomBytes(32) })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('server_secrets')
    .select('secret')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  const secret = Buffer.from(row.secret);
  if (!cache.has(db)) cache.set(db, new Map());
  cache.get(db)?.set(name, secret);
  return secret;
}
