import { describeBand, findBand } from './bands.ts';
import { checkAnswers, suicideThreshold, sumScored } from './check-answers.ts';
import type {
  InstrumentDefinition,
  InstrumentId,
  ScoreFailure,
  ScoreOptions,
  ScoreSuccess,
} from './types.ts';

type TotalRule = (values: Readonly<Record<string, number | null>>) => number;

/**
 * Scoring shared by instruments whose severity is a band of a total: by default the sum of the
 * scored items; `computeTotal` replaces it where the instrument defines its own (QIDS-SR16).
 */
export function scoreBandedTotal<I extends InstrumentId, S extends string>(
  definition: InstrumentDefinition<S> & { readonly id: I },
  answers: unknown,
  options?: ScoreOptions,
  computeTotal: TotalRule = (values) => sumScored(definition, values),
): ScoreSuccess<I, S> | ScoreFailure {
  const rule = definition.suicideRisk;
  const threshold = rule?.item ? suicideThreshold(definition, options) : undefined;
  const checked = checkAnswers(definition, answers);
  if (checked.problems.length > 0) {
    return { ok: false, instrument: definition.id, problems: checked.problems };
  }
  const total = computeTotal(checked.values);
  const band = findBand(definition.bands, total);
  const suicideRiskReasons: string[] = [];
  if (rule?.item && threshold !== undefined) {
    const item = definition.items.find((candidate) => candidate.id === rule.item);
    const value = checked.values[rule.item] ?? 0;
    if (item && value >= threshold) {
      suicideRiskReasons.push(
        `${item.ref} (${item.name.toLowerCase()}) answered ${value}, at or above ${threshold}`,
      );
    }
  }
  return {
    ok: true,
    instrument: definition.id,
    total,
    severity: band.severity,
    severityBasis: {
      text: `total ${total} of ${definition.total?.max}: ${describeBand(band)}`,
      evidence: band.evidence,
      ...(band.clinicPolicy ? { clinicPolicy: true } : {}),
    },
    suicideRisk: suicideRiskReasons.length > 0,
    suicideRiskReasons,
    itemScores: checked.values,
  };
}
