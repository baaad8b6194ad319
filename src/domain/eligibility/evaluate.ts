import type { EvidenceId } from '../evidence.ts';
import { evaluateCondition } from './conditions.ts';
import type { IntakeFacts } from './intake.ts';
import type { EligibilityRuleSet, EligibilitySeverity, TreatmentRoute } from './rules.ts';

export type FiredRule = {
  readonly ruleId: string;
  readonly title: string;
  readonly severity: EligibilitySeverity;
  /** Why the rule exists. */
  readonly reason: string;
  /** What in this patient's intake made it fire. */
  readonly finding: string;
  readonly evidence: readonly EvidenceId[];
  readonly clinicPolicy: boolean;
};

/** A rule that could not be checked because the intake lacks the facts it reads. */
export type UnansweredRule = {
  readonly ruleId: string;
  readonly title: string;
  readonly severity: EligibilitySeverity;
  readonly missing: readonly string[];
};

/** What the prescriber signs. */
export type EligibilityDecision = 'eligible' | 'eligible-with-cautions' | 'not-eligible';
export const ELIGIBILITY_DECISIONS: readonly EligibilityDecision[] = [
  'eligible',
  'eligible-with-cautions',
  'not-eligible',
];

/** The software's suggestion; `incomplete` while an exclusion rule cannot be checked. */
export type SuggestedDecision = EligibilityDecision | 'incomplete';

export type EligibilityEvaluation = {
  readonly route: TreatmentRoute;
  readonly ruleSetId: string;
  readonly ruleSetVersion: number;
  /** Every rule that fired: exclusions first, then cautions, then information, each in rule-set order. */
  readonly fired: readonly FiredRule[];
  readonly unanswered: readonly UnansweredRule[];
  readonly suggestedDecision: SuggestedDecision;
};

const ORDER: Readonly<Record<EligibilitySeverity, number>> = { exclusion: 0, caution: 1, info: 2 };

/**
 * Runs every rule of the set that applies to the route. The result suggests a decision; the
 * prescriber decides (see checkDecision).
 */
export function evaluateEligibility(
  facts: IntakeFacts,
  ruleSet: EligibilityRuleSet,
  route: TreatmentRoute,
): EligibilityEvaluation {
  const fired: FiredRule[] = [];
  const unanswered: UnansweredRule[] = [];
  for (const rule of ruleSet.rules) {
    if (!rule.routes.includes(route)) continue;
    const result = evaluateCondition(rule.condition, facts);
    const base = { ruleId: rule.id, title: rule.title, severity: rule.severity };
    if (result.status === 'met') {
      fired.push({
        ...base,
        reason: rule.reason,
        finding: result.finding,
        evidence: rule.evidence,
        clinicPolicy: rule.clinicPolicy === true,
      });
    } else if (result.status === 'unknown') {
      unanswered.push({ ...base, missing: result.missing });
    }
  }
  fired.sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  unanswered.sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  const has = (list: readonly { severity: EligibilitySeverity }[], severity: EligibilitySeverity) =>
    list.some((rule) => rule.severity === severity);
  const suggestedDecision: SuggestedDecision = has(fired, 'exclusion')
    ? 'not-eligible'
    : has(unanswered, 'exclusion')
      ? 'incomplete'
      : has(fired, 'caution')
        ? 'eligible-with-cautions'
        : 'eligible';
  return {
    route,
    ruleSetId: ruleSet.id,
    ruleSetVersion: ruleSet.version,
    fired,
    unanswered,
    suggestedDecision,
  };
}
