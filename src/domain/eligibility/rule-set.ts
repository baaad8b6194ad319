import { isEvidenceId, restsOnlyOnUnverifiedSources } from '../evidence.ts';
import { sameData } from '../same-data.ts';
import type { Condition } from './conditions.ts';
import {
  DEFAULT_ELIGIBILITY_RULE_SET,
  type EligibilityRule,
  type EligibilityRuleSet,
  SEVERITIES,
  TREATMENT_ROUTES,
} from './rules.ts';

export type RuleSetProblem = { readonly ruleId: string | null; readonly message: string };

export type RuleSetRevision =
  | { readonly ok: true; readonly ruleSet: EligibilityRuleSet }
  | { readonly ok: false; readonly problems: readonly RuleSetProblem[] };

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function nonEmptySubset<T>(values: readonly T[], allowed: readonly T[]): boolean {
  return (
    values.length > 0 &&
    values.every((value) => allowed.includes(value)) &&
    new Set(values).size === values.length
  );
}

function conditionProblem(condition: Condition): string | null {
  switch (condition.kind) {
    case 'medical-history':
    case 'psychosis-or-mania':
      return condition.facts.length > 0 ? null : 'names no facts';
    case 'hypertension-uncontrolled':
      return null;
    case 'baseline-bp-above':
      return Number.isInteger(condition.systolicMmHg) &&
        condition.systolicMmHg >= 100 &&
        condition.systolicMmHg <= 220 &&
        Number.isInteger(condition.diastolicMmHg) &&
        condition.diastolicMmHg >= 60 &&
        condition.diastolicMmHg <= 140
        ? null
        : 'needs whole-number thresholds: systolic 100–220 and diastolic 60–140 mmHg';
    case 'substance-use-disorder':
      return condition.substances.length > 0 ? null : 'names no substances';
    case 'medication':
      return condition.classes.length > 0 ? null : 'names no medication classes';
    case 'allergy':
      return condition.substances.length > 0 ? null : 'names no substances';
    case 'suicide-risk':
      return condition.levels.length > 0 ? null : 'names no risk levels';
    case 'treatment-resistance':
      return Number.isInteger(condition.minTrials) && condition.minTrials >= 1 && condition.minTrials <= 6
        ? null
        : 'needs a whole number of trials from 1 to 6';
    default:
      return `has an unknown kind "${(condition as { kind: unknown }).kind}"`;
  }
}

function ruleProblems(rule: EligibilityRule): string[] {
  const problems: string[] = [];
  if (!KEBAB.test(rule.id)) problems.push('the id must be kebab-case');
  if (!rule.title?.trim()) problems.push('the title is empty');
  if (!rule.reason?.trim()) problems.push('the reason is empty');
  if (!SEVERITIES.includes(rule.severity)) problems.push(`unknown severity "${rule.severity}"`);
  if (!nonEmptySubset(rule.routes ?? [], TREATMENT_ROUTES)) {
    problems.push('routes must be iv-ketamine and/or esketamine');
  }
  for (const id of rule.evidence ?? []) {
    if (!isEvidenceId(id)) problems.push(`cites an unknown source "${id}"`);
  }
  const evidence = (rule.evidence ?? []).filter(isEvidenceId);
  if (rule.clinicPolicy !== true && (evidence.length === 0 || restsOnlyOnUnverifiedSources(evidence))) {
    problems.push('a rule without a verified source must be a clinic policy');
  }
  const condition = rule.condition ? conditionProblem(rule.condition) : 'has no condition';
  if (condition) problems.push(`the condition ${condition}`);
  return problems;
}

/** Problems with a rule set as a whole; empty when it is usable. */
export function validateRuleSet(ruleSet: EligibilityRuleSet): RuleSetProblem[] {
  const problems: RuleSetProblem[] = [];
  if (!KEBAB.test(ruleSet.id)) problems.push({ ruleId: null, message: 'the rule set id must be kebab-case' });
  if (!Number.isInteger(ruleSet.version) || ruleSet.version < 1) {
    problems.push({ ruleId: null, message: 'the version must be a whole number from 1' });
  }
  const seen = new Set<string>();
  for (const rule of ruleSet.rules) {
    if (seen.has(rule.id)) problems.push({ ruleId: rule.id, message: 'the id is used twice' });
    seen.add(rule.id);
    for (const message of ruleProblems(rule)) problems.push({ ruleId: rule.id, message });
  }
  return problems;
}

/**
 * A clinic admin's revision of a rule set: the next version, with the same id. Rules backed by a
 * verified source (not clinic policy) in Ketaflow's defaults stay exactly as they are; anything
 * added or changed becomes a clinic policy.
 */
export function reviseRuleSet(
  current: EligibilityRuleSet,
  rules: readonly EligibilityRule[],
): RuleSetRevision {
  const revised: EligibilityRuleSet = {
    id: current.id,
    version: current.version + 1,
    rules: rules.map((rule) => {
      const before = current.rules.find((candidate) => candidate.id === rule.id);
      return before && sameData(before, rule) ? rule : { ...rule, clinicPolicy: true };
    }),
  };
  const problems = validateRuleSet(revised);
  for (const sourced of DEFAULT_ELIGIBILITY_RULE_SET.rules.filter((rule) => rule.clinicPolicy !== true)) {
    const kept = rules.find((rule) => rule.id === sourced.id);
    if (!kept) {
      problems.push({ ruleId: sourced.id, message: 'a rule backed by a source cannot be removed' });
    } else if (!sameData(kept, sourced)) {
      problems.push({ ruleId: sourced.id, message: 'a rule backed by a source cannot be changed' });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, ruleSet: revised };
}
