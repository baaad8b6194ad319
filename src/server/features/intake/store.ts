import type { IntakeFacts } from '../../../domain/eligibility/index.ts';
import type { Executor } from '../../context.ts';
import type { IntakeVersionKind } from '../../db/schema.ts';

export type IntakeRow = { id: string; patientId: string; createdAt: Date; createdBy: string | null };

export type BaselineIds = {
  phq9: string | null;
  gad7: string | null;
  'cssrs-screener': string | null;
  madrs: string | null;
};

export type IntakeVersion = {
  id: string;
  intakeId: string;
  patientId: string;
  version: number;
  kind: IntakeVersionKind;
  facts: IntakeFacts;
  baseline: BaselineIds;
  reason: string | null;
  linkId: string | null;
  authorId: string | null;
  authorName: string | null;
  signerName: string | null;
  signatureMeaning: string | null;
  createdAt: Date;
};

export async function insertIntake(
  db: Executor,
  input: { orgId: string; patientId: string; createdBy: string | null; now: Date },
): Promise<string> {
  const { id } = await db
    .insertInto('intakes')
    .values({
      org_id: input.orgId,
      patient_id: input.patientId,
      created_by: input.createdBy,
      created_at: input.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function findIntake(db: Executor, orgId: string, id: string): Promise<IntakeRow | undefined> {
  const row = await db
    .selectFrom('intakes')
    .select(['id', 'patient_id', 'created_at', 'created_by'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row
    ? { id: row.id, patientId: row.patient_id, createdAt: row.created_at, createdBy: row.created_by }
    : undefined;
}

/** The patient's intakes, newest first, with whether each has been verified. */
export async function listIntakes(
  db: Executor,
  orgId: string,
  patientId: string,
): Promise<
  (IntakeRow & {
    latestVersion: number | null;
    latestKind: IntakeVersionKind | null;
    verifiedAt: Date | null;
  })[]
> {
  const rows = await db
    .selectFrom('intakes as i')
    .select((eb) => [
      'i.id',
      'i.patient_id',
      'i.created_at',
      'i.created_by',
      eb
        .selectFrom('intake_versions as v')
        .select('v.version')
        .whereRef('v.intake_id', '=', 'i.id')
        .orderBy('v.version', 'desc')
        .limit(1)
        .as('latest_version'),
      eb
        .selectFrom('intake_versions as v')
        .select('v.kind')
        .whereRef('v.intake_id', '=', 'i.id')
        .orderBy('v.version', 'desc')
        .limit(1)
        .as('latest_kind'),
      eb
        .selectFrom('intake_versions as v')
        .select('v.created_at')
        .whereRef('v.intake_id', '=', 'i.id')
        .where('v.kind', '=', 'verified')
        .as('verified_at'),
    ])
    .where('i.org_id', '=', orgId)
    .where('i.patient_id', '=', patientId)
    .orderBy('i.seq', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    patientId: row.patient_id,
    createdAt: row.created_at,
    createdBy: row.created_by,
    latestVersion: row.latest_version ?? null,
    latestKind: row.latest_kind ?? null,
    verifiedAt: row.verified_at ?? null,
  }));
}

/** The newest intake not yet verified, which a new link or a staff draft continues. */
export async function findOpenIntake(
  db: Executor,
  orgId: string,
  patientId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('intakes as i')
    .select('i.id')
    .where('i.org_id', '=', orgId)
    .where('i.patient_id', '=', patientId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('intake_versions as v')
            .select('v.id')
            .whereRef('v.intake_id', '=', 'i.id')
            .where('v.kind', '=', 'verified'),
        ),
      ),
    )
    .orderBy('i.seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

type VersionRow = {
  id: string;
  intake_id: string;
  patient_id: string;
  version: number;
  kind: IntakeVersionKind;
  facts: unknown;
  baseline_phq9_id: string | null;
  baseline_gad7_id: string | null;
  baseline_cssrs_id: string | null;
  baseline_madrs_id: string | null;
  reason: string | null;
  link_id: string | null;
  author_id: string | null;
  author_name: string | null;
  signer_name: string | null;
  signature_meaning: string | null;
  created_at: Date;
};

function toVersion(row: VersionRow): IntakeVersion {
  return {
    id: row.id,
    intakeId: row.intake_id,
    patientId: row.patient_id,
    version: row.version,
    kind: row.kind,
    facts: row.facts as IntakeFacts,
    baseline: {
      phq9: row.baseline_phq9_id,
      gad7: row.baseline_gad7_id,
      'cssrs-screener': row.baseline_cssrs_id,
      madrs: row.baseline_madrs_id,
    },
    reason: row.reason,
    linkId: row.link_id,
    authorId: row.author_id,
    authorName: row.author_name,
    signerName: row.signer_name,
    signatureMeaning: row.signature_meaning,
    createdAt: row.created_at,
  };
}

function versionQuery(db: Executor, orgId: string) {
  return db
    .selectFrom('intake_versions as v')
    .leftJoin('users as u', 'u.id', 'v.author_id')
    .select([
      'v.id',
      'v.intake_id',
      'v.patient_id',
      'v.version',
      'v.kind',
      'v.facts',
      'v.baseline_phq9_id',
      'v.baseline_gad7_id',
      'v.baseline_cssrs_id',
      'v.baseline_madrs_id',
      'v.reason',
      'v.link_id',
      'v.author_id',
      'u.name as author_name',
      'v.signer_name',
      'v.signature_meaning',
      'v.created_at',
    ])
    .where('v.org_id', '=', orgId);
}

/** Every version of an intake, oldest first. */
export async function listVersions(db: Executor, orgId: string, intakeId: string): Promise<IntakeVersion[]> {
  const rows = await versionQuery(db, orgId)
    .where('v.intake_id', '=', intakeId)
    .orderBy('v.version')
    .execute();
  return rows.map(toVersion);
}

export async function findVersion(
  db: Executor,
  orgId: string,
  id: string,
): Promise<IntakeVersion | undefined> {
  const row = await versionQuery(db, orgId).where('v.id', '=', id).executeTakeFirst();
  return row ? toVersion(row) : undefined;
}

/**
 * The record in force for the patient: the newest verified intake, as its latest addendum corrects
 * it (or as verified when none does).
 */
export async function findCurrentRecord(
  db: Executor,
  orgId: string,
  patientId: string,
): Promise<IntakeVersion | undefined> {
  const row = await versionQuery(db, orgId)
    .innerJoin('intakes as i', 'i.id', 'v.intake_id')
    .where('v.patient_id', '=', patientId)
    .where('v.kind', 'in', ['verified', 'addendum'])
    .orderBy('i.seq', 'desc')
    .orderBy('v.version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toVersion(row) : undefined;
}

export async function insertVersion(
  db: Executor,
  input: {
    orgId: string;
    intakeId: string;
    patientId: string;
    version: number;
    kind: IntakeVersionKind;
    facts: IntakeFacts;
    baseline?: BaselineIds;
    reason?: string | null;
    linkId?: string | null;
    authorId: string | null;
    signerName?: string | null;
    signatureMeaning?: string | null;
    now: Date;
  },
): Promise<string> {
  const { id } = await db
    .insertInto('intake_versions')
    .values({
      org_id: input.orgId,
      intake_id: input.intakeId,
      patient_id: input.patientId,
      version: input.version,
      kind: input.kind,
      facts: JSON.stringify(input.facts),
      baseline_phq9_id: input.baseline?.phq9 ?? null,
      baseline_gad7_id: input.baseline?.gad7 ?? null,
      baseline_cssrs_id: input.baseline?.['cssrs-screener'] ?? null,
      baseline_madrs_id: input.baseline?.madrs ?? null,
      reason: input.reason ?? null,
      link_id: input.linkId ?? null,
      author_id: input.authorId,
      signer_name: input.signerName ?? null,
      signature_meaning: input.signatureMeaning ?? null,
      created_at: input.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export type IntakeLinkRow = {
  id: string;
  orgId: string;
  patientId: string;
  intakeId: string;
  createdAt: Date;
  expiresAt: Date;
  completedAt: Date | null;
};

export async function insertIntakeLink(
  db: Executor,
  input: {
    orgId: string;
    patientId: string;
    intakeId: string;
    tokenHash: string;
    createdBy: string | null;
    now: Date;
    expiresAt: Date;
  },
): Promise<string> {
  const { id } = await db
    .insertInto('intake_links')
    .values({
      org_id: input.orgId,
      patient_id: input.patientId,
      intake_id: input.intakeId,
      token_hash: input.tokenHash,
      created_by: input.createdBy,
      created_at: input.now,
      expires_at: input.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

const LINK_COLUMNS = [
  'id',
  'org_id',
  'patient_id',
  'intake_id',
  'created_at',
  'expires_at',
  'completed_at',
] as const;

function toLink(row: {
  id: string;
  org_id: string;
  patient_id: string;
  intake_id: string;
  created_at: Date;
  expires_at: Date;
  completed_at: Date | null;
}): IntakeLinkRow {
  return {
    id: row.id,
    orgId: row.org_id,
    patientId: row.patient_id,
    intakeId: row.intake_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    completedAt: row.completed_at,
  };
}

export async function findLinkByTokenHash(
  db: Executor,
  tokenHash: string,
): Promise<IntakeLinkRow | undefined> {
  const row = await db
    .selectFrom('intake_links')
    .select(LINK_COLUMNS)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ? toLink(row) : undefined;
}

export async function listLinks(db: Executor, orgId: string, intakeId: string): Promise<IntakeLinkRow[]> {
  const rows = await db
    .selectFrom('intake_links')
    .select(LINK_COLUMNS)
    .where('org_id', '=', orgId)
    .where('intake_id', '=', intakeId)
    .orderBy('created_at')
    .execute();
  return rows.map(toLink);
}

/** Marks the link used; false when another request used it first. */
export async function completeLink(db: Executor, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('intake_links')
    .set({ completed_at: now })
    .where('id', '=', id)
    .where('completed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export type ConsentRow = {
  id: string;
  patientId: string;
  intakeId: string | null;
  formId: string;
  formVersion: number;
  formSha256: string;
  meaning: string;
  printedName: string;
  signerKind: 'patient-link' | 'user';
  signerUserId: string | null;
  linkId: string | null;
  signedAt: Date;
};

export async function insertConsent(
  db: Executor,
  input: Omit<ConsentRow, 'id'> & { orgId: string },
): Promise<string> {
  const { id } = await db
    .insertInto('consent_signatures')
    .values({
      org_id: input.orgId,
      patient_id: input.patientId,
      intake_id: input.intakeId,
      form_id: input.formId,
      form_version: input.formVersion,
      form_sha256: input.formSha256,
      meaning: input.meaning,
      printed_name: input.printedName,
      signer_kind: input.signerKind,
      signer_user_id: input.signerUserId,
      link_id: input.linkId,
      signed_at: input.signedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function listConsents(db: Executor, orgId: string, patientId: string): Promise<ConsentRow[]> {
  const rows = await db
    .selectFrom('consent_signatures')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('patient_id', '=', patientId)
    .orderBy('signed_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    patientId: row.patient_id,
    intakeId: row.intake_id,
    formId: row.form_id,
    formVersion: row.form_version,
    formSha256: row.form_sha256,
    meaning: row.meaning,
    printedName: row.printed_name,
    signerKind: row.signer_kind,
    signerUserId: row.signer_user_id,
    linkId: row.link_id,
    signedAt: row.signed_at,
  }));
}

export type BaselineResponse = {
  id: string;
  instrument: string;
  total: number | null;
  severity: string;
  completedAt: Date;
};

/** For each baseline instrument, the patient's latest response completed at or before `at`. */
export async function latestResponsesAt(
  db: Executor,
  orgId: string,
  patientId: string,
  at: Date,
): Promise<BaselineResponse[]> {
  const rows = await db
    .selectFrom('measure_responses')
    .distinctOn('instrument')
    .select(['id', 'instrument', 'total', 'severity', 'completed_at'])
    .where('org_id', '=', orgId)
    .where('patient_id', '=', patientId)
    .where('instrument', 'in', ['phq9', 'gad7', 'cssrs-screener', 'madrs'])
    .where('completed_at', '<=', at)
    .orderBy('instrument')
    .orderBy('completed_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    instrument: row.instrument,
    total: row.total,
    severity: row.severity,
    completedAt: row.completed_at,
  }));
}

export async function findResponses(db: Executor, orgId: string, ids: string[]): Promise<BaselineResponse[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('measure_responses')
    .select(['id', 'instrument', 'total', 'severity', 'completed_at'])
    .where('org_id', '=', orgId)
    .where('id', 'in', ids)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    instrument: row.instrument,
    total: row.total,
    severity: row.severity,
    completedAt: row.completed_at,
  }));
}

export async function patientExists(db: Executor, orgId: string, patientId: string): Promise<boolean> {
  const row = await db
    .selectFrom('patients')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', patientId)
    .executeTakeFirst();
  return row !== undefined;
}
