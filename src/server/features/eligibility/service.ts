import {
  checkDecision,
  DEFAULT_ELIGIBILITY_RULE_SET,
  type EligibilityDecision,
  type EligibilityEvaluation,
  type EligibilityRule,
  type EligibilityRuleSet,
  evaluateEligibility,
  reviseRuleSet,
  TREATMENT_ROUTES,
  type TreatmentRoute,
} from '../../../domain/eligibility/index.ts';
import { EVIDENCE, type EvidenceId, isEvidenceId } from '../../../domain/evidence.ts';
import type { Ctx } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { AppError, type FieldError } from '../../http/problem.ts';
import {
  confirmSigner,
  currentIntakeRecord,
  type IntakeVersion,
  patientInClinic,
  type SignatureView,
  signatureView,
} from '../intake/service.ts';
import {
  findDecision,
  findRuleSetVersion,
  insertDecision,
  insertRuleSet,
  latestDecision,
  latestRuleSet,
  listDecisions,
  listRuleSets,
  type StoredDecision,
  type StoredRuleSet,
  seedRuleSet,
} from './store.ts';

export type RuleSetView = {
  id: string;
  version: number;
  /** False while the clinic uses Ketaflow's default unchanged (nothing stored yet). */
  stored: boolean;
  createdAt: string | null;
  createdBy: { id: string; name: string | null } | null;
  rules: EligibilityRule[];
};

function ruleSetView(stored: StoredRuleSet | undefined): RuleSetView {
  if (!stored) {
    const { rules, ...rest } = DEFAULT_ELIGIBILITY_RULE_SET;
    return { ...rest, rules: [...rules], stored: false, createdAt: null, createdBy: null };
  }
  return {
    ...stored.ruleSet,
    rules: [...stored.ruleSet.rules],
    stored: true,
    createdAt: stored.createdAt.toISOString(),
    createdBy: stored.createdBy ? { id: stored.createdBy, name: stored.createdByName } : null,
  };
}

/** The clinic's rule set in force: its newest version, or Ketaflow's default before any revision. */
async function currentRuleSet(
  ctx: Ctx,
): Promise<{ ruleSet: EligibilityRuleSet; stored: StoredRuleSet | undefined }> {
  const stored = await latestRuleSet(ctx.db, ctx.orgId);
  return { ruleSet: stored?.ruleSet ?? DEFAULT_ELIGIBILITY_RULE_SET, stored };
}

export async function readRuleSets(
  ctx: Ctx,
): Promise<{ current: RuleSetView; versions: Omit<RuleSetView, 'rules'>[] }> {
  const all = await listRuleSets(ctx.db, ctx.orgId);
  const versions = all.length > 0 ? all.map(ruleSetView) : [ruleSetView(undefined)];
  return {
    current: versions.at(-1) as RuleSetView,
    versions: versions.map(({ rules: _rules, ...rest }) => rest),
  };
}

export async function readRuleSetVersion(ctx: Ctx, version: number): Promise<RuleSetView> {
  const stored = await findRuleSetVersion(ctx.db, ctx.orgId, version);
  if (stored) return ruleSetView(stored);
  if (version === DEFAULT_ELIGIBILITY_RULE_SET.version && !(await latestRuleSet(ctx.db, ctx.orgId))) {
    return ruleSetView(undefined);
  }
  throw new AppError('not-found', `This clinic has no rule-set version ${version}.`);
}

/**
 * An admin's revision: the next version (the domain keeps sourced rules as they are and marks every
 * change clinic policy). Nothing is stored when a rule is invalid; the problem names the rule.
 */
export async function reviseRules(
  ctx: Ctx,
  input: { baseVersion: number; rules: EligibilityRule[] },
): Promise<RuleSetView> {
  const { ruleSet } = await currentRuleSet(ctx);
  if (input.baseVersion !== ruleSet.version) {
    throw new AppError(
      'conflict',
      `The rule set is at version ${ruleSet.version}, not ${input.baseVersion}: reload and apply your change again.`,
      [{ field: 'body.baseVersion', message: `The current version is ${ruleSet.version}.` }],
    );
  }
  const revision = reviseRuleSet(ruleSet, input.rules);
  if (!revision.ok) {
    const fields: FieldError[] = revision.problems.map((problem) => {
      const index =
        problem.ruleId === null ? -1 : input.rules.findIndex((rule) => rule.id === problem.ruleId);
      return {
        field: index >= 0 ? `body.rules.${index}` : 'body.rules',
        message: problem.ruleId ? `${problem.ruleId}: ${problem.message}` : problem.message,
      };
    });
    throw new AppError('validation-failed', fields.map((f) => f.message).join('; '), fields);
  }
  const id = await ctx.db.transaction().execute(async (trx) => {
    await seedRuleSet(trx, ctx.orgId, ctx.now);
    const rowId = await insertRuleSet(trx, {
      orgId: ctx.orgId,
      ruleSet: revision.ruleSet,
      createdBy: ctx.user?.id ?? null,
      now: ctx.now,
    });
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'eligibility_rule_set',
      entityId: rowId,
      details: {
        ruleSetId: revision.ruleSet.id,
        version: revision.ruleSet.version,
        previous: ruleSet.version,
      },
    });
    return rowId;
  });
  const stored = await findRuleSetVersion(ctx.db, ctx.orgId, revision.ruleSet.version);
  if (!stored || stored.rowId !== id)
    throw new AppError('conflict', 'The rule set changed meanwhile; reload.');
  return ruleSetView(stored);
}

type Citation = { id: string; citation: string };

export type EvaluationView = EligibilityEvaluation & {
  fired: (EligibilityEvaluation['fired'][number] & { citations: Citation[] })[];
};

function withCitations(evaluation: EligibilityEvaluation): EvaluationView {
  return {
    ...evaluation,
    fired: evaluation.fired.map((rule) => ({
      ...rule,
      citations: rule.evidence
        .filter((id): id is EvidenceId => isEvidenceId(id))
        .map((id) => ({ id, citation: EVIDENCE[id].citation })),
    })),
  };
}

export type DecisionView = {
  id: string;
  route: TreatmentRoute;
  decision: EligibilityDecision;
  suggestedDecision: string;
  ruleSet: { id: string; version: number };
  intake: { intakeId: string; versionId: string };
  firedRuleIds: string[];
  overriddenExclusions: string[];
  decidedWithoutAnswers: string[];
  overrideReason: string | null;
  evaluation: EligibilityEvaluation;
  supersedesId: string | null;
  signature: SignatureView;
};

function decisionView(decision: StoredDecision): DecisionView {
  return {
    id: decision.id,
    route: decision.route,
    decision: decision.decision,
    suggestedDecision: decision.suggestedDecision,
    ruleSet: { id: decision.ruleSetId, version: decision.ruleSetVersion },
    intake: { intakeId: decision.intakeId, versionId: decision.intakeVersionId },
    firedRuleIds: decision.firedRuleIds,
    overriddenExclusions: decision.overriddenExclusions,
    decidedWithoutAnswers: decision.decidedWithoutAnswers,
    overrideReason: decision.overrideReason,
    evaluation: decision.evaluation,
    supersedesId: decision.supersedesId,
    signature: signatureView(
      decision.signerName,
      decision.signedAt,
      decision.signatureMeaning,
      decision.signedBy,
    ) as SignatureView,
  };
}

async function verifiedRecordOrThrow(ctx: Ctx, patientId: string): Promise<IntakeVersion> {
  if (!(await patientInClinic(ctx, patientId)))
    throw new AppError('not-found', 'No such patient in this clinic.');
  const record = await currentIntakeRecord(ctx, patientId);
  if (!record) {
    throw new AppError('conflict', 'This patient has no verified intake yet: a clinician verifies it first.');
  }
  return record;
}

export type EligibilityView = {
  intake: {
    intakeId: string;
    versionId: string;
    version: number;
    kind: string;
    signature: SignatureView | null;
  };
  ruleSet: { id: string; version: number };
  evaluations: EvaluationView[];
  /** The decision in force for each route, if any. */
  decisions: DecisionView[];
};

/** Runs the clinic's current rule set over the verified intake; the prescriber decides. */
export async function evaluatePatient(
  ctx: Ctx,
  patientId: string,
  route: TreatmentRoute | undefined,
): Promise<EligibilityView> {
  const record = await verifiedRecordOrThrow(ctx, patientId);
  const { ruleSet } = await currentRuleSet(ctx);
  const routes = route ? [route] : [...TREATMENT_ROUTES];
  const decisions = (
    await Promise.all(routes.map((r) => latestDecision(ctx.db, ctx.orgId, patientId, r)))
  ).filter((d): d is StoredDecision => d !== undefined);
  await audit(ctx.db, ctx, {
    action: 'read',
    entityType: 'eligibility_evaluation',
    entityId: record.id,
    patientId,
    details: { ruleSetVersion: ruleSet.version, routes },
  });
  return {
    intake: {
      intakeId: record.intakeId,
      versionId: record.id,
      version: record.version,
      kind: record.kind,
      signature: signatureView(record.signerName, record.createdAt, record.signatureMeaning, record.authorId),
    },
    ruleSet: { id: ruleSet.id, version: ruleSet.version },
    evaluations: routes.map((r) => withCitations(evaluateEligibility(record.facts, ruleSet, r))),
    decisions: decisions.map(decisionView),
  };
}

const DECISION_WORDS: Record<EligibilityDecision, string> = {
  eligible: 'eligible',
  'eligible-with-cautions': 'eligible with cautions',
  'not-eligible': 'not eligible',
};
const ROUTE_WORDS: Record<TreatmentRoute, string> = {
  'iv-ketamine': 'IV ketamine',
  esketamine: 'esketamine nasal spray',
};

/**
 * The prescriber signs the decision (password re-entered). It is checked against the evaluation of
 * the verified intake with the rule-set version the prescriber saw; both are stored with it. A new
 * decision supersedes the previous one for the route; none is ever edited.
 */
export async function signDecision(
  ctx: Ctx,
  patientId: string,
  input: {
    route: TreatmentRoute;
    decision: EligibilityDecision;
    overrideReason?: string | null | undefined;
    ruleSetVersion: number;
    intakeVersionId: string;
    password: string;
  },
): Promise<DecisionView> {
  const record = await verifiedRecordOrThrow(ctx, patientId);
  if (record.id !== input.intakeVersionId) {
    throw new AppError(
      'conflict',
      'The intake was corrected since you opened the evaluation: review the current record before deciding.',
      [{ field: 'body.intakeVersionId', message: `The current intake record is ${record.id}.` }],
    );
  }
  const { ruleSet } = await currentRuleSet(ctx);
  if (ruleSet.version !== input.ruleSetVersion) {
    throw new AppError(
      'conflict',
      `The rule set is now version ${ruleSet.version}, not ${input.ruleSetVersion}: review the new evaluation before deciding.`,
      [{ field: 'body.ruleSetVersion', message: `The current version is ${ruleSet.version}.` }],
    );
  }
  const evaluation = evaluateEligibility(record.facts, ruleSet, input.route);
  const check = checkDecision(evaluation, input.decision, input.overrideReason ?? undefined);
  if (!check.ok) {
    throw new AppError(
      'validation-failed',
      check.problems.map((p) => p.message).join(' '),
      check.problems.map((p) => ({ field: `body.${p.field}`, message: p.message })),
    );
  }
  const signer = await confirmSigner(ctx, input.password, 'eligibility decision', patientId);
  const meaning = `Eligibility decision: I find this patient ${DECISION_WORDS[input.decision]} for ${ROUTE_WORDS[input.route]} and take responsibility for this decision`;
  const id = await ctx.db.transaction().execute(async (trx) => {
    await seedRuleSet(trx, ctx.orgId, ctx.now);
    const stored = await findRuleSetVersion(trx, ctx.orgId, ruleSet.version);
    if (!stored) throw new AppError('conflict', 'The rule set changed meanwhile; reload the evaluation.');
    const previous = await latestDecision(trx, ctx.orgId, patientId, input.route);
    const decisionId = await insertDecision(trx, {
      orgId: ctx.orgId,
      patientId,
      intakeId: record.intakeId,
      intakeVersionId: record.id,
      ruleSetRowId: stored.rowId,
      ruleSetId: check.record.ruleSetId,
      ruleSetVersion: check.record.ruleSetVersion,
      route: input.route,
      suggestedDecision: check.record.suggestedDecision,
      decision: check.record.decision,
      firedRuleIds: [...check.record.firedRuleIds],
      overriddenExclusions: [...check.record.overriddenExclusions],
      decidedWithoutAnswers: [...check.record.decidedWithoutAnswers],
      overrideReason: check.record.overrideReason,
      evaluation,
      supersedesId: previous?.id ?? null,
      signedBy: signer.userId,
      signerName: signer.printedName,
      signatureMeaning: meaning,
      signedAt: signer.signedAt,
    });
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'eligibility_decision',
      entityId: decisionId,
      patientId,
      details: {
        route: input.route,
        decision: input.decision,
        suggestedDecision: evaluation.suggestedDecision,
        ruleSetVersion: ruleSet.version,
        overriddenExclusions: check.record.overriddenExclusions,
        decidedWithoutAnswers: check.record.decidedWithoutAnswers,
        ...(previous && { supersedes: previous.id }),
      },
    });
    return decisionId;
  });
  const [saved] = (await listDecisions(ctx.db, ctx.orgId, patientId)).filter((d) => d.id === id);
  return decisionView(saved as StoredDecision);
}

export async function readDecisions(ctx: Ctx, patientId: string): Promise<DecisionView[]> {
  if (!(await patientInClinic(ctx, patientId)))
    throw new AppError('not-found', 'No such patient in this clinic.');
  const decisions = await listDecisions(ctx.db, ctx.orgId, patientId);
  await audit(
    ctx.db,
    ctx,
    ...decisions.map((d) => ({
      action: 'read' as const,
      entityType: 'eligibility_decision',
      entityId: d.id,
      patientId,
    })),
  );
  return decisions.map(decisionView);
}

/** What plans read: the decision in force for the route. */
export async function decisionInForce(
  ctx: Ctx,
  patientId: string,
  route: TreatmentRoute,
): Promise<StoredDecision | undefined> {
  return latestDecision(ctx.db, ctx.orgId, patientId, route);
}

export async function findDecisionRecord(ctx: Ctx, id: string): Promise<StoredDecision | undefined> {
  return findDecision(ctx.db, ctx.orgId, id);
}

export type { StoredDecision } from './store.ts';
