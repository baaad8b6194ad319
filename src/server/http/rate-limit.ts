import { sql } from 'kysely';
import type { Executor } from '../context.ts';

export type RateLimitRule = { max: number; windowSeconds: number };

/**
 * Fixed-window counters in PostgreSQL, so every instance shares them. `hit` counts one event and
 * returns the seconds to wait when the window is already full; `check` only reads.
 */
export async function hitRateLimit(
  db: Executor,
  key: string,
  rule: RateLimitRule,
  now: Date,
): Promise<number> {
  const result = await sql<{ hits: number; window_start: Date }>`
    INSERT INTO rate_limits (key, window_start, hits) VALUES (${key}, ${now}, 1)
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN rate_limits.window_start <= ${now}::timestamptz - make_interval(secs => ${rule.windowSeconds})
                  THEN 1 ELSE rate_limits.hits + 1 END,
      window_start = CASE WHEN rate_limits.window_start <= ${now}::timestamptz - make_interval(secs => ${rule.windowSeconds})
                  THEN ${now} ELSE rate_limits.window_start END
    RETURNING hits, window_start`.execute(db);
  const row = result.rows[0];
  if (!row || row.hits <= rule.max) return 0;
  return retryAfterSeconds(row.window_start, rule, now);
}

export async function checkRateLimit(
  db: Executor,
  key: string,
  rule: RateLimitRule,
  now: Date,
): Promise<number> {
  const row = await db.selectFrom('rate_limits').selectAll().where('key', '=', key).executeTakeFirst();
  if (!row || row.hits < rule.max) return 0;
  const waited = retryAfterSeconds(row.window_start, rule, now);
  return waited;
}

export async function clearRateLimit(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', key).execute();
}

function retryAfterSeconds(windowStart: Date, rule: RateLimitRule, now: Date): number {
  const ends = new Date(windowStart).getTime() + rule.windowSeconds * 1000;
  return Math.max(0, Math.ceil((ends - now.getTime()) / 1000));
}
