import type { Protocol } from '../../../domain/protocols/index.ts';
import type { Executor } from '../../context.ts';

export type StoredProtocol = {
  rowId: string;
  protocol: Protocol;
  warnings: string[];
  createdBy: string | null;
  createdByName: string | null;
  createdAt: Date;
};

function query(db: Executor, orgId: string) {
  return db
    .selectFrom('protocol_versions as p')
    .leftJoin('users as u', 'u.id', 'p.created_by')
    .select([
      'p.id',
      'p.definition',
      'p.warnings',
      'p.created_by',
      'u.name as created_by_name',
      'p.created_at',
    ])
    .where('p.org_id', '=', orgId);
}

function toStored(row: {
  id: string;
  definition: unknown;
  warnings: string[];
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
}): StoredProtocol {
  return {
    rowId: row.id,
    protocol: row.definition as Protocol,
    warnings: row.warnings,
    createdBy: row.created_by,
    createdByName: row.created_by_name,
    createdAt: row.created_at,
  };
}

/** Every stored version of every protocol, by protocol id then version. */
export async function listProtocolVersions(db: Executor, orgId: string): Promise<StoredProtocol[]> {
  const rows = await query(db, orgId).orderBy('p.protocol_id').orderBy('p.version').execute();
  return rows.map(toStored);
}

export async function findProtocolVersion(
  db: Executor,
  orgId: string,
  protocolId: string,
  version: number,
): Promise<StoredProtocol | undefined> {
  const row = await query(db, orgId)
    .where('p.protocol_id', '=', protocolId)
    .where('p.version', '=', version)
    .executeTakeFirst();
  return row ? toStored(row) : undefined;
}

export async function latestProtocolVersion(
  db: Executor,
  orgId: string,
  protocolId: string,
): Promise<StoredProtocol | undefined> {
  const row = await query(db, orgId)
    .where('p.protocol_id', '=', protocolId)
    .orderBy('p.version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toStored(row) : undefined;
}

function values(input: {
  orgId: string;
  protocol: Protocol;
  warnings: readonly string[];
  createdBy: string | null;
  now: Date;
}) {
  return {
    org_id: input.orgId,
    protocol_id: input.protocol.id,
    version: input.protocol.version,
    route: input.protocol.route,
    name: input.protocol.name,
    definition: JSON.stringify(input.protocol),
    warnings: [...input.warnings],
    created_by: input.createdBy,
    created_at: input.now,
  };
}

/** Stores a new version; a version that exists already (a concurrent edit) fails with 23505. */
export async function insertProtocolVersion(
  db: Executor,
  input: {
    orgId: string;
    protocol: Protocol;
    warnings: readonly string[];
    createdBy: string | null;
    now: Date;
  },
): Promise<string> {
  const { id } = await db
    .insertInto('protocol_versions')
    .values(values(input))
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Stores one of Ketaflow's defaults as the clinic's version 1 the first time something needs a row. */
export async function seedProtocol(
  db: Executor,
  orgId: string,
  protocol: Protocol,
  now: Date,
): Promise<void> {
  await db
    .insertInto('protocol_versions')
    .values(values({ orgId, protocol, warnings: [], createdBy: null, now }))
    .onConflict((oc) => oc.columns(['org_id', 'protocol_id', 'version']).doNothing())
    .execute();
}
