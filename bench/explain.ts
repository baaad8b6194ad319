/**
 * EXPLAIN (ANALYZE, BUFFERS) of the exact SQL the server runs: the store functions are called with a
 * Kysely that records what it executes, and each recorded statement is explained on the same data.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/server/db/schema.ts';
import { listResponses } from '../src/server/features/measures/store.ts';
import { parseSearch } from '../src/server/features/patients/service.ts';
import { searchPatients } from '../src/server/features/patients/store.ts';

type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Sort Method'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Plan Rows'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
};

export type PlanSummary = {
  label: string;
  /** Node types outermost first, with relation or index: "Limit › Sort (top-N heapsort) › …". */
  shape: string;
  executionMs: number;
  planningMs: number;
  rows: number;
  sharedBlocks: number;
  /** Rows read and thrown away by filters, over the whole plan. */
  rowsRemovedByFilter: number;
  /** The outermost scan of a table: the planner's estimate of its rows, and what it returned. */
  scan: { estimated: number; actual: number } | undefined;
  text: string;
};

function firstScan(node: PlanNode): PlanNode | undefined {
  if (node['Relation Name']) return node;
  for (const child of node.Plans ?? []) {
    const found = firstScan(child);
    if (found) return found;
  }
  return undefined;
}

function removed(node: PlanNode): number {
  return (
    (node['Rows Removed by Filter'] ?? 0) + (node.Plans ?? []).reduce((sum, child) => sum + removed(child), 0)
  );
}

function describe(node: PlanNode): string {
  let s = node['Node Type'];
  if (node['Index Name']) s += ` ${node['Index Name']}`;
  else if (node['Relation Name']) s += ` ${node['Relation Name']}`;
  if (node['Sort Method']) s += ` (${node['Sort Method']})`;
  if (node['Actual Rows'] !== undefined) s += ` [${node['Actual Rows']} rows]`;
  const children = node.Plans ?? [];
  if (children.length === 0) return s;
  if (children.length === 1 && children[0]) return `${s} › ${describe(children[0])}`;
  return `${s} › (${children.map(describe).join(' + ')})`;
}

async function explainCaptured(
  url: string,
  label: string,
  run: (db: Kysely<Database>) => Promise<unknown>,
  settings: string[] = [],
): Promise<PlanSummary> {
  const captured: { sql: string; parameters: readonly unknown[] }[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query')
        captured.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  try {
    await run(db);
    const query = captured[0];
    if (!query) throw new Error(`${label}: no statement captured`);
    // One connection in this pool, so these settings apply to the EXPLAINs below.
    for (const setting of settings) await pool.query(setting);
    const json = await pool.query(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${query.sql}`,
      query.parameters as unknown[],
    );
    const text = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`, query.parameters as unknown[]);
    const plan = (
      json.rows[0] as {
        'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number; 'Planning Time': number }];
      }
    )['QUERY PLAN'][0];
    return {
      label,
      shape: describe(plan.Plan),
      executionMs: plan['Execution Time'],
      planningMs: plan['Planning Time'],
      rows: plan.Plan['Actual Rows'] ?? 0,
      sharedBlocks: (plan.Plan['Shared Hit Blocks'] ?? 0) + (plan.Plan['Shared Read Blocks'] ?? 0),
      rowsRemovedByFilter: removed(plan.Plan),
      scan: (() => {
        const node = firstScan(plan.Plan);
        return node ? { estimated: node['Plan Rows'] ?? 0, actual: node['Actual Rows'] ?? 0 } : undefined;
      })(),
      text: text.rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n'),
    };
  } finally {
    await db.destroy();
  }
}

export async function explainSearches(
  url: string,
  orgId: string,
  queries: string[],
  limit: number,
): Promise<PlanSummary[]> {
  const out: PlanSummary[] = [];
  for (const q of queries) {
    // The service asks for one more than it shows, to know whether there are more.
    const run = (db: Kysely<Database>) =>
      searchPatients(db, orgId, { ...parseSearch(q), limit: limit + 1, offset: 0 });
    const plan = await explainCaptured(url, `search "${q}"`, run);
    out.push(plan);
    if (plan.shape.includes('Index Scan patients_org_name')) {
      // What the trigram plan would cost for the same query, for comparison.
      out.push(
        await explainCaptured(url, `search "${q}" with index scans off (for comparison)`, run, [
          'SET enable_indexscan = off',
        ]),
      );
    }
  }
  return out;
}

export async function explainTrajectory(url: string, orgId: string, patientId: string): Promise<PlanSummary> {
  return explainCaptured(url, 'trajectory: responses of one patient', (db) =>
    listResponses(db, orgId, patientId),
  );
}
