import type {
  EligibilityDecision,
  EligibilityEvaluation,
  EligibilityRule,
  EligibilityRuleSet,
  TreatmentRoute,
} from '../../../domain/eligibility/index.ts';
import { DEFAULT_ELIGIBILITY_RULE_SET } from '../../../domain/eligibility/index.ts';
import type { Executor } from '../../context.ts';

export type StoredRuleSet = {
  rowId: string;
  ruleSet: EligibilityRuleSet;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: Date;
};

function ruleSetQuery(db: Executor, orgId: string) {
  return db
    .selectFrom('eligibility_rule_sets as r')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .select([
      'r.id',
      'r.rule_set_id',
      'r.version',
      'r.rules',
      'r.created_by',
      'u.name as created_by_name',
      'r.created_at',
    ])
    .where('r.org_id', '=', orgId);
}

function toStored(row: {
  id: string;
  rule_set_id: string;
  version: number;
  rules: unknown;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
}): StoredRuleSet {
  return {
    rowId: row.id,
    ruleSet: { id: row.rule_set_id, version: row.version, rules: row.rules as EligibilityRule[] },
    createdBy: row.created_by,
    createdByName: row.created_by_name,
    createdAt: row.created_at,
  };
}

export async function listRuleSets(db: Executor, orgId: string): Promise<StoredRuleSet[]> {
  const rows = await ruleSetQuery(db, orgId).orderBy('r.version').execute();
  return rows.map(toStored);
}

export async function findRuleSetVersion(
  db: Executor,
  orgId: string,
  version: number,
): Promise<StoredRuleSet | undefined> {
  const row = await ruleSetQuery(db, orgId).where('r.version', '=', version).executeTakeFirst();
  return row ? toStored(row) : undefined;
}

export async function latestRuleSet(db: Executor, orgId: string): Promise<StoredRuleSet | undefined> {
  const row = await ruleSetQuery(db, orgId).orderBy('r.version', 'desc').limit(1).executeTakeFirst();
  return row ? toStored(row) : undefined;
}

/** Stores Ketaflow's default as the clinic's version 1 the first time something needs a row. */
export async function seedRuleSet(db: Executor, orgId: string, now: Date): Promise<void> {
  await db
    .insertInto('eligibility_rule_sets')
    .values({
      org_id: orgId,
      rule_set_id: DEFAULT_ELIGIBILITY_RULE_SET.id,
      version: DEFAULT_ELIGIBILITY_RULE_SET.version,
      rules: JSON.stringify(DEFAULT_ELIGIBILITY_RULE_SET.rules),
      created_by: null,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['org_id', 'version']).doNothing())
    .execute();
}

export async function insertRuleSet(
  db: Executor,
  input: { orgId: string; ruleSet: EligibilityRuleSet; createdBy: string | null; now: Date },
): Promise<string> {
  const { id } = await db
    .insertInto('eligibility_rule_sets')
    .values({
      org_id: input.orgId,
      rule_set_id: input.ruleSet.id,
      version: input.ruleSet.version,
      rules: JSON.stringify(input.ruleSet.rules),
      created_by: input.createdBy,
      created_at: input.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export type StoredDecision = {
  id: string;
  patientId: string;
  intakeId: string;
  intakeVersionId: string;
  ruleSetId: string;
  ruleSetVersion: number;
  route: TreatmentRoute;
  suggestedDecision: string;
  decision: EligibilityDecision;
  firedRuleIds: string[];
  overriddenExclusions: string[];
  decidedWithoutAnswers: string[];
  overrideReason: string | null;
  evaluation: EligibilityEvaluation;
  supersedesId: string | null;
  signedBy: string;
  signerName: string;
  signatureMeaning: string;
  signedAt: Date;
};

export async function insertDecision(
  db: Executor,
  input: Omit<StoredDecision, 'id'> & { orgId: string; ruleSetRowId: string },
): Promise<string> {
  const { id } = await db
    .insertInto('eligibility_decisions')
    .values({
      org_id: input.orgId,
      patient_id: input.patientId,
      intake_id: input.intakeId,
      intake_version_id: input.intakeVersionId,
      rule_set_row_id: input.ruleSetRowId,
      rule_set_id: input.ruleSetId,
      rule_set_version: input.ruleSetVersion,
      route: input.route,
      suggested_decision: input.suggestedDecision,
      decision: input.decision,
      fired_rule_ids: input.firedRuleIds,
      overridden_exclusions: input.overriddenExclusions,
      decided_without_answers: input.decidedWithoutAnswers,
      override_reason: input.overrideReason,
      evaluation: JSON.stringify(input.evaluation),
      supersedes_id: input.supersedesId,
      signed_by: input.signedBy,
      signer_name: input.signerName,
      signature_meaning: input.signatureMeaning,
      signed_at: input.signedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

function decisionQuery(db: Executor, orgId: string) {
  return db.selectFrom('eligibility_decisions').selectAll().where('org_id', '=', orgId);
}

type DecisionRow = Awaited<ReturnType<ReturnType<typeof decisionQuery>['executeTakeFirstOrThrow']>>;

function toDecision(row: DecisionRow): StoredDecision {
  return {
    id: row.id,
    patientId: row.patient_id,
    intakeId: row.intake_id,
    intakeVersionId: row.intake_version_id,
    ruleSetId: row.rule_set_id,
    ruleSetVersion: row.rule_set_version,
    route: row.route,
    suggestedDecision: row.suggested_decision,
    decision: row.decision,
    firedRuleIds: row.fired_rule_ids,
    overriddenExclusions: row.overridden_exclusions,
    decidedWithoutAnswers: row.decided_without_answers,
    overrideReason: row.override_reason,
    evaluation: row.evaluation as EligibilityEvaluation,
    supersedesId: row.supersedes_id,
    signedBy: row.signed_by,
    signerName: row.signer_name,
    signatureMeaning: row.signature_meaning,
    signedAt: row.signed_at,
  };
}

export async function listDecisions(
  db: Executor,
  orgId: string,
  patientId: string,
): Promise<StoredDecision[]> {
  const rows = await decisionQuery(db, orgId)
    .where('patient_id', '=', patientId)
    .orderBy('seq', 'desc')
    .execute();
  return rows.map(toDecision);
}

/** The decision in force for a route: the newest; earlier ones are superseded. */
export async function latestDecision(
  db: Executor,
  orgId: string,
  patientId: string,
  route: TreatmentRoute,
): Promise<StoredDecision | undefined> {
  const row = await decisionQuery(db, orgId)
    .where('patient_id', '=', patientId)
    .where('route', '=', route)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toDecision(row) : undefined;
}

export async function findDecision(
  db: Executor,
  orgId: string,
  id: string,
): Promise<StoredDecision | undefined> {
  const row = await decisionQuery(db, orgId).where('id', '=', id).executeTakeFirst();
  return row ? toDecision(row) : undefined;
}
