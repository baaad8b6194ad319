import {
  ELIGIBILITY_DECISIONS,
  type EligibilityDecision,
  type EligibilityEvaluation,
  type SuggestedDecision,
} from './evaluate.ts';
import type { TreatmentRoute } from './rules.ts';

/** What is stored with the prescriber's signature (the server adds who signed and when). */
export type EligibilityDecisionRecord = {
  readonly route: TreatmentRoute;
  readonly ruleSetId: string;
  readonly ruleSetVersion: number;
  readonly suggestedDecision: SuggestedDecision;
  readonly decision: EligibilityDecision;
  /** Every rule that fired, by id. */
  readonly firedRuleIds: readonly string[];
  /** Exclusions that fired, yet the patient was found eligible. */
  readonly overriddenExclusions: readonly string[];
  /** Exclusion rules the intake could not answer, yet the patient was found eligible. */
  readonly decidedWithoutAnswers: readonly string[];
  readonly overrideReason: string | null;
};

export type DecisionProblem = { readonly field: 'decision' | 'overrideReason'; readonly message: string };

export type DecisionCheck =
  | { readonly ok: true; readonly record: EligibilityDecisionRecord }
  | { readonly ok: false; readonly problems: readonly DecisionProblem[] };

/** A written reason: some words, not blank or punctuation only. */
function isWrittenReason(reason: string | undefined): reason is string {
  return reason !== undefined && /\p{L}/u.test(reason);
}

/**
 * Checks the prescriber's decision against the evaluation it was made on. Finding a patient
 * eligible despite an exclusion that fired (or one the intake could not answer) overrides it, and
 * an override needs a written reason.
 */
export function checkDecision(
  evaluation: EligibilityEvaluation,
  decision: EligibilityDecision,
  overrideReason?: string,
): DecisionCheck {
  if (!ELIGIBILITY_DECISIONS.includes(decision)) {
    return {
      ok: false,
      problems: [
        {
          field: 'decision',
          message: `the decision must be eligible, eligible-with-cautions or not-eligible, not "${String(decision)}"`,
        },
      ],
    };
  }
  const exclusions = (list: readonly { ruleId: string; severity: string }[]) =>
    list.filter((rule) => rule.severity === 'exclusion').map((rule) => rule.ruleId);
  const overriding = decision !== 'not-eligible';
  const overriddenExclusions = overriding ? exclusions(evaluation.fired) : [];
  const decidedWithoutAnswers = overriding ? exclusions(evaluation.unanswered) : [];
  const reason = overrideReason?.trim() || undefined;
  if (overriddenExclusions.length + decidedWithoutAnswers.length > 0 && !isWrittenReason(reason)) {
    const what = [
      overriddenExclusions.length > 0 ? `overrides the exclusion(s) ${overriddenExclusions.join(', ')}` : '',
      decidedWithoutAnswers.length > 0
        ? `is made without answers for the exclusion(s) ${decidedWithoutAnswers.join(', ')}`
        : '',
    ]
      .filter(Boolean)
      .join(' and ');
    return {
      ok: false,
      problems: [
        { field: 'overrideReason', message: `a written reason is required: deciding ${decision} ${what}` },
      ],
    };
  }
  return {
    ok: true,
    record: {
      route: evaluation.route,
      ruleSetId: evaluation.ruleSetId,
      ruleSetVersion: evaluation.ruleSetVersion,
      suggestedDecision: evaluation.suggestedDecision,
      decision,
      firedRuleIds: evaluation.fired.map((rule) => rule.ruleId),
      overriddenExclusions,
      decidedWithoutAnswers,
      overrideReason: reason ?? null,
    },
  };
}
