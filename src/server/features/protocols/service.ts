import {
  copyProtocol,
  DEFAULT_PROTOCOLS,
  editProtocol,
  type Protocol,
  type ProtocolEdit,
  type ProtocolProblem,
  validateProtocol,
} from '../../../domain/protocols/index.ts';
import type { Ctx, Executor } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { AppError, type FieldError } from '../../http/problem.ts';
import {
  findProtocolVersion,
  insertProtocolVersion,
  latestProtocolVersion,
  listProtocolVersions,
  type StoredProtocol,
  seedProtocol,
} from './store.ts';

export type ProtocolVersionView = {
  id: string;
  version: number;
  name: string;
  route: Protocol['route'];
  basedOn: Protocol['basedOn'];
  /** False for one of Ketaflow's defaults that the clinic has not stored yet (unchanged). */
  stored: boolean;
  createdAt: string | null;
  createdBy: { id: string; name: string | null } | null;
  warnings: string[];
};

export type ProtocolView = ProtocolVersionView & { protocol: Protocol; latestVersion: number };

function defaultOf(protocolId: string): Protocol | undefined {
  return DEFAULT_PROTOCOLS.find((p) => p.id === protocolId);
}

function versionView(protocol: Protocol, stored: StoredProtocol | undefined): ProtocolVersionView {
  return {
    id: protocol.id,
    version: protocol.version,
    name: protocol.name,
    route: protocol.route,
    basedOn: protocol.basedOn,
    stored: stored !== undefined,
    createdAt: stored?.createdAt.toISOString() ?? null,
    createdBy: stored?.createdBy ? { id: stored.createdBy, name: stored.createdByName } : null,
    warnings: stored?.warnings ?? validateProtocol(protocol).warnings,
  };
}

/** Every protocol with each of its versions: the clinic's own, and the defaults not yet stored. */
export async function listProtocols(ctx: Ctx): Promise<
  {
    id: string;
    name: string;
    route: Protocol['route'];
    latestVersion: number;
    versions: ProtocolVersionView[];
  }[]
> {
  const stored = await listProtocolVersions(ctx.db, ctx.orgId);
  const ids = [...new Set([...DEFAULT_PROTOCOLS.map((p) => p.id), ...stored.map((s) => s.protocol.id)])];
  return ids.map((id) => {
    const own = stored.filter((s) => s.protocol.id === id);
    const versions =
      own.length > 0
        ? own.map((s) => versionView(s.protocol, s))
        : [versionView(defaultOf(id) as Protocol, undefined)];
    const latest = versions.at(-1) as ProtocolVersionView;
    return { id, name: latest.name, route: latest.route, latestVersion: latest.version, versions };
  });
}

/** The version of each protocol a new booking follows: the clinic's latest, or a default it has not stored. */
export async function latestProtocols(db: Executor, orgId: string): Promise<Protocol[]> {
  const latest = new Map(DEFAULT_PROTOCOLS.map((p) => [p.id, p]));
  // Stored versions come oldest first, so the last one of each protocol stays.
  for (const stored of await listProtocolVersions(db, orgId)) latest.set(stored.protocol.id, stored.protocol);
  return [...latest.values()];
}

/** A protocol version as stored, or one of the defaults the clinic has not stored yet. */
export async function findProtocol(
  db: Executor,
  orgId: string,
  protocolId: string,
  version?: number,
): Promise<{ protocol: Protocol; stored: StoredProtocol | undefined; latestVersion: number } | undefined> {
  const latest = await latestProtocolVersion(db, orgId, protocolId);
  const fallback = latest ? undefined : defaultOf(protocolId);
  const latestVersion = latest?.protocol.version ?? fallback?.version;
  if (latestVersion === undefined) return undefined;
  if (version === undefined || version === latestVersion) {
    return latest
      ? { protocol: latest.protocol, stored: latest, latestVersion }
      : { protocol: fallback as Protocol, stored: undefined, latestVersion };
  }
  const stored = await findProtocolVersion(db, orgId, protocolId, version);
  return stored ? { protocol: stored.protocol, stored, latestVersion } : undefined;
}

export async function readProtocol(ctx: Ctx, protocolId: string, version?: number): Promise<ProtocolView> {
  const found = await findProtocol(ctx.db, ctx.orgId, protocolId, version);
  if (!found) {
    throw new AppError(
      'not-found',
      version === undefined
        ? `No protocol "${protocolId}" in this clinic.`
        : `No version ${version} of "${protocolId}".`,
    );
  }
  return {
    ...versionView(found.protocol, found.stored),
    protocol: found.protocol,
    latestVersion: found.latestVersion,
  };
}

/** The version a plan uses, stored (seeded from the default when needed) so the plan can point at it. */
export async function storedProtocolRow(trx: Executor, ctx: Ctx, protocol: Protocol): Promise<string> {
  const defaultProtocol = defaultOf(protocol.id);
  if (defaultProtocol && protocol.version === defaultProtocol.version) {
    await seedProtocol(trx, ctx.orgId, defaultProtocol, ctx.now);
  }
  const stored = await findProtocolVersion(trx, ctx.orgId, protocol.id, protocol.version);
  if (!stored) throw new AppError('conflict', 'The protocol version changed meanwhile; reload.');
  return stored.rowId;
}

const PHASE_FIELDS: readonly [RegExp, string][] = [
  [/^(\w+) is fixed by the esketamine label/, '$1'],
  [/titration step/, 'titrationSteps'],
  [/first-session dose|starting dose|esketamine doses|doses for/, 'startDose'],
  [/maximum/, 'maxDose'],
  [/monitoring/, 'monitoringMinutes'],
  [/infusion time|28 mg devices/, 'infusionMinutes'],
  [/minimum interval|days apart/, 'minDaysBetweenSessions'],
  [/number of sessions|not a number of sessions/, 'sessions'],
  [/span in weeks|do not fit in/, 'withinWeeks'],
  [/phase length|number of weeks/, 'weeks'],
  [/sessions (per|a) week/, 'sessionsPerWeek'],
  [/interval|every so many weeks/, 'everyWeeks'],
  [/new discharge rule|discharge rule \S+ has no text/, 'addDischarge'],
  [/discharge rule/, 'removeDischarge'],
];

/** Names the field a domain problem is about, as far as its wording tells. */
function problemField(problem: ProtocolProblem): string {
  const { phaseId, message } = problem;
  if (phaseId === null) {
    if (/name/.test(message)) return 'body.name';
    if (/step-up/.test(message)) return 'body.stepUp';
    if (/intolerance/.test(message)) return 'body.intolerance';
    if (/id/.test(message)) return 'body.id';
    return 'body';
  }
  for (const [pattern, field] of PHASE_FIELDS) {
    const match = pattern.exec(message);
    if (match) return `body.phases.${phaseId}.${field.replace('$1', match[1] ?? '')}`;
  }
  return `body.phases.${phaseId}`;
}

function problemsError(problems: readonly ProtocolProblem[]): AppError {
  const fields: FieldError[] = problems.map((problem) => ({
    field: problemField(problem),
    message: problem.phaseId ? `${problem.phaseId}: ${problem.message}` : problem.message,
  }));
  return new AppError('validation-failed', fields.map((f) => f.message).join('; '), fields);
}

async function save(
  ctx: Ctx,
  protocol: Protocol,
  warnings: readonly string[],
  details: Record<string, unknown>,
) {
  return ctx.db.transaction().execute(async (trx) => {
    const base = defaultOf(protocol.id);
    if (base && protocol.version > base.version) await seedProtocol(trx, ctx.orgId, base, ctx.now);
    const rowId = await insertProtocolVersion(trx, {
      orgId: ctx.orgId,
      protocol,
      warnings,
      createdBy: ctx.user?.id ?? null,
      now: ctx.now,
    });
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'protocol_version',
      entityId: rowId,
      details: { protocolId: protocol.id, version: protocol.version, ...details },
    });
  });
}

/** An admin's copy of a protocol under a new id: version 1, remembering its origin. */
export async function copyProtocolAs(
  ctx: Ctx,
  input: { sourceId: string; sourceVersion?: number | undefined; id: string; name: string },
): Promise<ProtocolView> {
  const source = await findProtocol(ctx.db, ctx.orgId, input.sourceId, input.sourceVersion);
  if (!source) {
    throw new AppError('validation-failed', `There is no protocol "${input.sourceId}" to copy.`, [
      {
        field: input.sourceVersion === undefined ? 'body.sourceId' : 'body.sourceVersion',
        message: 'Choose a protocol version this clinic has.',
      },
    ]);
  }
  if (await findProtocol(ctx.db, ctx.orgId, input.id)) {
    throw new AppError('validation-failed', `The id "${input.id}" is already used.`, [
      { field: 'body.id', message: 'Choose an id no protocol of this clinic uses.' },
    ]);
  }
  const copy = copyProtocol(source.protocol, { id: input.id, name: input.name });
  if (!copy.ok) throw problemsError(copy.problems);
  await save(ctx, copy.protocol, copy.warnings, { copiedFrom: copy.protocol.basedOn });
  return readProtocol(ctx, copy.protocol.id);
}

/** An admin's edit: the next version of the protocol; nothing is stored when a value is refused. */
export async function editProtocolAs(
  ctx: Ctx,
  protocolId: string,
  input: ProtocolEdit & { baseVersion: number },
): Promise<ProtocolView> {
  const current = await findProtocol(ctx.db, ctx.orgId, protocolId);
  if (!current) throw new AppError('not-found', `No protocol "${protocolId}" in this clinic.`);
  const { baseVersion, ...edit } = input;
  if (baseVersion !== current.latestVersion) {
    throw new AppError(
      'conflict',
      `The protocol is at version ${current.latestVersion}, not ${baseVersion}: reload and apply your change again.`,
      [{ field: 'body.baseVersion', message: `The latest version is ${current.latestVersion}.` }],
    );
  }
  const change = editProtocol(current.protocol, edit);
  if (!change.ok) throw problemsError(change.problems);
  await save(ctx, change.protocol, change.warnings, { previous: current.protocol.version });
  return readProtocol(ctx, protocolId);
}
