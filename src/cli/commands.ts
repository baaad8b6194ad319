import { loadConfig } from '../server/config.ts';
import { migrate } from '../server/db/migrate.ts';
import { openDatabase } from '../server/db/open.ts';
import type { Role } from '../server/db/schema.ts';
import { auditHeads } from '../server/features/audit/store.ts';
import { parseExpectedHead, verifyAuditTrail } from '../server/features/audit/verify.ts';
import { createOrganisation, findPrimaryOrgId } from '../server/features/orgs/store.ts';
import { createUserWithPassword } from '../server/features/users/service.ts';
import { ROLES } from '../server/http/permissions.ts';
import { AppError } from '../server/http/problem.ts';
import { formatCredentials, seedDemo } from '../server/seed/demo.ts';
import { serve } from '../server/serve.ts';
import { type Command, printJson, progress, readStdin, UsageError } from './cli-kit.ts';
import { cliContext, withDatabase } from './with-database.ts';

const json = { type: 'boolean' } as const;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the web server (what `npm start` runs)',
  usage:
    'ketaflow serve\n\nSettings come from the environment: PORT, HOST, DATABASE_URL, DATA_DIR … (docs/configuration.md).',
  options: {},
  async run() {
    await serve(loadConfig());
    return undefined;
  },
};

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Apply database migrations',
  usage: 'ketaflow migrate [--json]',
  options: { json },
  async run(values) {
    const database = await openDatabase(loadConfig(), progress);
    try {
      const applied = await migrate(database.db, (name) => progress(`applying ${name}`));
      if (values.json) printJson({ applied });
      else
        console.log(
          applied.length ? `Applied ${applied.length} migration(s).` : 'The database is up to date.',
        );
      return 0;
    } finally {
      await database.close();
    }
  },
};

export const seedCommand: Command = {
  name: 'seed',
  summary: 'Load the demo clinic (one user per role)',
  usage:
    'ketaflow seed --demo [--json]\n\nPasswords are generated and printed once, or taken from KETAFLOW_DEMO_PASSWORD.\nDoes nothing when the database already holds a clinic.',
  options: { demo: { type: 'boolean' }, json },
  async run(values) {
    if (!values.demo) throw new UsageError('say what to seed: --demo');
    const credentials = await withDatabase((db) =>
      seedDemo(db, {
        now: new Date(),
        password: process.env.KETAFLOW_DEMO_PASSWORD || undefined,
        onProgress: progress,
      }),
    );
    if (values.json) printJson({ seeded: credentials !== undefined, users: credentials ?? [] });
    else
      console.log(credentials ? formatCredentials(credentials) : 'A clinic already exists; nothing seeded.');
    return 0;
  },
};

function parseRoles(value: unknown): Role[] {
  const list = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).filter(Boolean);
  if (list.length === 0)
    throw new UsageError('give --role (admin, prescriber, nurse, front_desk, therapist or patient)');
  for (const role of list) {
    if (!ROLES.includes(role as Role))
      throw new UsageError(`unknown role "${role}"; use one of ${ROLES.join(', ')}`);
  }
  return list as Role[];
}

export const userCommand: Command = {
  name: 'user',
  summary: 'Create a user: user create --email E --role R --password-stdin',
  usage:
    'ketaflow user create --email E --role R [--role R2] [--name N] [--org-name O] --password-stdin [--json]\n\n' +
    'Reads the password from standard input. When no clinic exists yet, creates one named --org-name.',
  options: {
    email: { type: 'string' },
    role: { type: 'string', multiple: true },
    name: { type: 'string' },
    'org-name': { type: 'string' },
    'password-stdin': { type: 'boolean' },
    json,
  },
  async run(values, positionals) {
    if (positionals[0] !== 'create') throw new UsageError('the only user command is `user create`');
    const email = String(values.email ?? '')
      .trim()
      .toLowerCase();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new UsageError('give a valid --email');
    const roles = parseRoles(values.role);
    if (!values['password-stdin'])
      throw new UsageError('pass the password on standard input with --password-stdin');
    const password = (await readStdin()).replace(/\r?\n$/, '');
    const user = await withDatabase(async (db) => {
      const orgId =
        (await findPrimaryOrgId(db)) ??
        (await createOrganisation(db, { name: String(values['org-name'] ?? 'My clinic'), isPrimary: true }));
      const name = String(values.name ?? email.split('@')[0]);
      try {
        return await createUserWithPassword(cliContext(db, orgId, 'user-create'), {
          email,
          name,
          roles,
          password,
        });
      } catch (error) {
        if (error instanceof AppError && error.status < 500) throw new UsageError(error.detail);
        throw error;
      }
    });
    if (values.json) printJson(user);
    else console.log(`Created ${user.email} (${user.roles.join(', ')}).`);
    return 0;
  },
};

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Verify the audit trail or print its heads: audit verify | audit head',
  usage:
    'ketaflow audit verify [--expect-head ORG_ID:SEQ:HASH ...] [--json]\n' +
    'ketaflow audit head [--json]\n\n' +
    'verify recomputes every hash of every chain and exits 1 naming the first bad row, a gap, or a head\n' +
    'that is no longer reached. head prints one line `ORG_ID SEQ HASH` per organisation, to keep elsewhere.',
  options: { 'expect-head': { type: 'string', multiple: true }, json },
  async run(values, positionals) {
    const sub = positionals[0];
    if (sub === 'head') {
      const heads = await withDatabase((db) => auditHeads(db));
      if (values.json) printJson({ heads });
      else for (const h of heads) console.log(`${h.orgId} ${h.seq} ${h.hash}`);
      return 0;
    }
    if (sub !== 'verify') throw new UsageError('use `audit verify` or `audit head`');
    const expectHeads = ((values['expect-head'] as string[] | undefined) ?? []).map((text) => {
      const head = parseExpectedHead(text);
      if (!head) throw new UsageError(`--expect-head must look like ORG_ID:SEQ:HASH, not "${text}"`);
      return head;
    });
    const report = await withDatabase((db) =>
      verifyAuditTrail(db, {
        expectHeads,
        now: new Date(),
        onProgress: (n) => {
          if (n % 50_000 === 0) progress(`checked ${n} audit rows`);
        },
      }),
    );
    if (values.json) printJson(report);
    else {
      for (const chain of report.chains) {
        console.log(
          `${chain.problem ? 'BROKEN' : 'ok    '} ${chain.orgId} ${chain.rows} rows, head ${chain.head.seq} ${chain.head.hash}`,
        );
      }
      if (report.unsealedOlderThanAMinute > 0) {
        progress(
          `warning: ${report.unsealedOlderThanAMinute} audit rows older than a minute are not sealed yet (is the server's sealer running?)`,
        );
      }
    }
    const broken = report.chains.find((c) => c.problem);
    if (broken) {
      process.stderr.write(`audit trail broken: ${broken.problem}\n`);
      return 1;
    }
    return 0;
  },
};
