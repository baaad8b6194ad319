import { parseExpectHead } from '../domain/ledger/verify.ts';
import type { Db } from '../server/db/connect.ts';
import { reportCsv } from '../server/features/inventory/report-files.ts';
import { buildReport } from '../server/features/inventory/reports.ts';
import { ledgerHeads } from '../server/features/inventory/store.ts';
import {
  AmbiguousHead,
  type ExpectedLedgerHead,
  verifyAllLedgers,
} from '../server/features/inventory/verify.ts';
import { findPrimaryOrgId } from '../server/features/orgs/store.ts';
import { IsoDate } from '../server/http/schemas.ts';
import { type Command, printJson, progress, UsageError } from './cli-kit.ts';
import { cliContext, withDatabase } from './with-database.ts';

async function verify(values: Record<string, unknown>): Promise<number> {
  const expectHeads: ExpectedLedgerHead[] = ((values['expect-head'] as string[] | undefined) ?? []).map(
    (text) => {
      const head = parseExpectHead(text);
      if (!head)
        throw new UsageError(`--expect-head must look like ORG_ID:SEQ:HASH or SEQ:HASH, not "${text}"`);
      return head;
    },
  );
  const report = await withDatabase((db) =>
    verifyAllLedgers(db, expectHeads, (n) => {
      if (n % 100_000 === 0) progress(`checked ${n} ledger entries`);
    }),
  ).catch((error: unknown) => {
    if (error instanceof AmbiguousHead) throw new UsageError(error.message);
    throw error;
  });
  if (values.json) printJson(report);
  else {
    for (const chain of report.chains) {
      const head = chain.head ? `${chain.head.seq} ${chain.head.hash}` : 'empty';
      console.log(`${chain.ok ? 'ok    ' : 'BROKEN'} ${chain.orgId} ${chain.entries} entries, head ${head}`);
    }
  }
  const broken = report.chains.find((c) => !c.ok);
  if (broken?.firstBad) {
    process.stderr.write(
      `ledger broken: ${broken.orgId} entry ${broken.firstBad.seq}: ${broken.firstBad.reason}\n`,
    );
    return 1;
  }
  return 0;
}

/** A calendar date that exists, checked as the API checks it: 2026-02-30 is refused, not rolled over. */
function dateOption(values: Record<string, unknown>, name: string, example: string): string {
  const text = values[name];
  if (typeof text !== 'string') throw new UsageError(`--${name} is required: a date like ${example}`);
  if (!IsoDate.safeParse(text).success) {
    throw new UsageError(`--${name} must be a real date like ${example}, not "${text}"`);
  }
  return text;
}

async function report(values: Record<string, unknown>): Promise<number> {
  const from = dateOption(values, 'from', '2026-03-01');
  const to = dateOption(values, 'to', '2026-03-31');
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  if ((values.format ?? 'csv') !== 'csv') throw new UsageError('--format must be csv');
  const csv = await withDatabase(async (db: Db) => {
    const orgId = await findPrimaryOrgId(db);
    if (!orgId) throw new UsageError('there is no clinic in this database');
    const built = await buildReport(
      cliContext(db, orgId, 'ledger report'),
      'administrations',
      { from, to },
      'csv',
    );
    return reportCsv(built);
  });
  process.stdout.write(csv);
  return 0;
}

export const ledgerCommand: Command = {
  name: 'ledger',
  summary: 'Controlled-substance ledger: ledger verify | ledger head | ledger report',
  usage:
    'ketaflow ledger verify [--expect-head ORG_ID:SEQ:HASH | SEQ:HASH ...] [--json]\n' +
    'ketaflow ledger head [--json]\n' +
    'ketaflow ledger report --from DATE --to DATE --format csv\n\n' +
    'verify recomputes every hash and every running balance and exits 1 naming the first bad entry, a\n' +
    'missing entry, or an expected head no longer reached. head prints `ORG_ID SEQ HASH` per clinic, to keep\n' +
    'elsewhere. report prints the administration log of the primary clinic (21 CFR 1304.22(c)).',
  options: {
    'expect-head': { type: 'string', multiple: true },
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, positionals) {
    const sub = positionals[0];
    if (sub === 'verify') return verify(values);
    if (sub === 'report') return report(values);
    if (sub === 'head') {
      const heads = await withDatabase((db) => ledgerHeads(db));
      if (values.json) printJson({ heads });
      else for (const h of heads) console.log(`${h.orgId} ${h.seq} ${h.hash}`);
      return 0;
    }
    throw new UsageError('use `ledger verify`, `ledger head` or `ledger report`');
  },
};
