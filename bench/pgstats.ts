/**
 * PostgreSQL-side timing from pg_stat_statements, which the benchmark loads into its throwaway
 * cluster (ALTER SYSTEM before the restart; the product's default configuration does not load it).
 * Reset before a run, read after: what each statement cost inside PostgreSQL under the real load,
 * including the audit sealer running in the background. Execution time only: neither the network,
 * nor planning, nor the WAL flush at commit of a single-statement transaction is in it.
 */
import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from '../src/server/db/connect.ts';
import { percentiles } from './measure.ts';

export type StatementGroup = {
  label: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  maxMs: number;
  rows: number;
};

export async function preloadStatements(db: Db): Promise<void> {
  await sql`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`.execute(db);
}

/** True when the library is loaded (after the restart) and the view is usable. */
export async function enableStatements(db: Db): Promise<boolean> {
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`.execute(db);
    await sql`SELECT pg_stat_statements_reset()`.execute(db);
    return true;
  } catch {
    return false;
  }
}

export async function resetStatements(db: Db, enabled: boolean): Promise<void> {
  if (enabled) await sql`SELECT pg_stat_statements_reset()`.execute(db);
}

/** A short name for a statement: verb and main table (plus what distinguishes it, where useful). */
export function labelStatement(query: string): string {
  const q = query.replace(/\s+/g, ' ').trim();
  const lower = q.toLowerCase();
  const table = (after: string) => new RegExp(`${after} "?([a-z_]+)"?`).exec(lower)?.[1] ?? '?';
  if (/^(begin|commit|rollback)/.test(lower)) return lower.split(' ')[0]?.toUpperCase() ?? q;
  if (lower.startsWith('insert')) return `INSERT ${table('into')}`;
  if (lower.startsWith('update')) return `UPDATE ${table('update')}`;
  if (lower.startsWith('delete')) return `DELETE ${table('from')}`;
  if (lower.includes('advisory')) return 'SELECT advisory lock (audit sealer)';
  if (lower.startsWith('select') || lower.startsWith('with')) {
    const from = table('from');
    if (from === 'patients' && /like|date_of_birth" =/.test(lower)) return 'SELECT patients (search)';
    return `SELECT ${from}`;
  }
  return q.slice(0, 40);
}

export async function readStatements(db: Db, enabled: boolean): Promise<StatementGroup[]> {
  if (!enabled) return [];
  const result = await sql<{
    query: string;
    calls: string;
    total_exec_time: number;
    max_exec_time: number;
    rows: string;
  }>`
    SELECT query, calls, total_exec_time, max_exec_time, rows
    FROM pg_stat_statements
    WHERE query NOT ILIKE '%pg_stat_statements%' AND query NOT ILIKE '%pg_database_size%'
      AND query NOT ILIKE '%bench-audit-count%'`.execute(db);
  const groups = new Map<string, StatementGroup>();
  for (const row of result.rows) {
    const label = labelStatement(row.query);
    const g = groups.get(label) ?? { label, calls: 0, totalMs: 0, meanMs: 0, maxMs: 0, rows: 0 };
    g.calls += Number(row.calls);
    g.totalMs += row.total_exec_time;
    g.maxMs = Math.max(g.maxMs, row.max_exec_time);
    g.rows += Number(row.rows);
    groups.set(label, g);
  }
  return [...groups.values()]
    .map((g) => ({ ...g, meanMs: g.calls ? g.totalMs / g.calls : 0 }))
    .sort((a, b) => b.totalMs - a.totalMs);
}

/** Audit records written so far (sealed into the chain, plus still pending). */
export async function auditRecordCount(db: Db): Promise<number> {
  const result = await sql<{ n: string }>`
    SELECT /* bench-audit-count */
      (SELECT count(*) FROM audit_pending)
      + (SELECT coalesce(sum(head), 0) FROM (
          SELECT (SELECT max(seq) FROM audit_log l WHERE l.org_id = o.id) AS head FROM organisations o
        ) heads) AS n`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

export async function pendingAuditCount(db: Db): Promise<number> {
  const result = await sql<{
    n: string;
  }>`SELECT /* bench-audit-count */ count(*) AS n FROM audit_pending`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * What one durable commit costs on this disk: the p50 of single-row autocommit INSERTs (each waits
 * for its WAL flush) against the p50 of SELECT 1, on one connection. The per-record read audit makes
 * every search and every trajectory read pay one such commit.
 */
export async function commitCost(url: string, n = 200): Promise<{ selectMs: number; insertMs: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE TABLE IF NOT EXISTS bench_commit_probe (at timestamptz NOT NULL)');
    const time = async (text: string) => {
      const samples: number[] = [];
      for (let i = 0; i < n; i++) {
        const started = performance.now();
        await client.query(text);
        samples.push(performance.now() - started);
      }
      return percentiles(samples).p50;
    };
    const selectMs = await time('SELECT 1');
    const insertMs = await time('INSERT INTO bench_commit_probe VALUES (now())');
    return { selectMs, insertMs };
  } finally {
    await client.query('DROP TABLE IF EXISTS bench_commit_probe').catch(() => {});
    await client.end();
  }
}
