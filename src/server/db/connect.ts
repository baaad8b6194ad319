import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

// Dates of birth and other calendar dates stay 'YYYY-MM-DD' strings instead of local-midnight Dates.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// bigint (seq, counts) arrives as a string; convert on purpose where a number is meant.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);

export type Db = Kysely<Database>;

const PREPARED_MARK = '/* prepared:';

/**
 * A statement that nearly every request runs, marked to be prepared once per connection under this
 * name: PostgreSQL then skips parsing and analysing it on later runs, and may reuse its plan. A name
 * always carries the same text. Select named columns, never `*`: a prepared `*` fails once a
 * migration adds a column to the table.
 */
export function prepared<R>(name: string, query: CompiledQuery<R>): CompiledQuery<R> {
  return CompiledQuery.raw(`${PREPARED_MARK}${name} */ ${query.sql}`, [
    ...query.parameters,
  ]) as CompiledQuery<R>;
}

/** pg.Client, except that SQL marked by prepared() runs as a named prepared statement. */
class PreparingClient extends pg.Client {}
const plainQuery = pg.Client.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown;
PreparingClient.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const [text, values] = args;
  if (typeof text === 'string' && text.startsWith(PREPARED_MARK) && Array.isArray(values)) {
    const name = text.slice(PREPARED_MARK.length, text.indexOf(' */'));
    return plainQuery.call(this, { name, text, values }, ...args.slice(2));
  }
  return plainQuery.apply(this, args);
} as typeof pg.Client.prototype.query;

export function createDb(url: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, Client: PreparingClient });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** The URL of another database on the same server (tests create one per file). */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
