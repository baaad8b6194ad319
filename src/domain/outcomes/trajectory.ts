import { INSTRUMENTS } from '../instruments/index.ts';
import { compareMoments, type IsoMoment, parseIsoMoment } from './iso-dates.ts';
import {
  DEFAULT_OUTCOME_POLICY,
  type OutcomeInstrumentId,
  type OutcomePolicy,
  type RemissionRule,
} from './policy.ts';

/** One complete, stored score. */
export type Measurement = { readonly date: string; readonly total: number };

export type TrajectoryInput = {
  readonly instrument: OutcomeInstrumentId;
  /** In any order. */
  readonly measurements: readonly Measurement[];
  /** ISO date or date-time of the first treatment session, or null before treatment starts. */
  readonly firstTreatmentDate: string | null;
  readonly policy?: OutcomePolicy;
  /** IANA zone that decides which calendar day a date-time falls on (the clinic location's). */
  readonly timeZone?: string;
};

export type DatedScore = Measurement & {
  /** Calendar day, YYYY-MM-DD, in the clinic's zone. */
  readonly day: string;
};

export type TrajectoryPoint = DatedScore & {
  /** Signed change from baseline in percent (negative = fewer symptoms); null when baseline is 0. */
  readonly percentChange: number | null;
  readonly response: boolean;
  readonly remission: boolean;
  readonly sustainedResponse: boolean;
  readonly relapse: boolean;
};

export type OutcomeStatus =
  | { readonly kind: 'no-scores' }
  | { readonly kind: 'not-started'; readonly latest: DatedScore }
  | { readonly kind: 'no-baseline'; readonly firstTreatmentDay: string; readonly latest: DatedScore }
  | { readonly kind: 'baseline-only'; readonly baseline: DatedScore }
  /** `since`: first day of the current unbroken run of remission. */
  | { readonly kind: 'remission'; readonly since: string; readonly latest: TrajectoryPoint }
  /** `since`: first day of the current relapse run; `remissionSince`: start of the remission before it. */
  | {
      readonly kind: 'relapse';
      readonly since: string;
      readonly remissionSince: string;
      readonly latest: TrajectoryPoint;
    }
  /** `since`: first day of the current unbroken run of response. */
  | { readonly kind: 'sustained-response'; readonly since: string; readonly latest: TrajectoryPoint }
  | { readonly kind: 'response'; readonly since: string; readonly latest: TrajectoryPoint }
  | { readonly kind: 'non-response'; readonly latest: TrajectoryPoint };

export type Trajectory = {
  readonly instrument: OutcomeInstrumentId;
  readonly policy: OutcomePolicy;
  /** The last score on or before the first treatment. */
  readonly baseline: DatedScore | null;
  /** Scores after the baseline, oldest first. */
  readonly points: readonly TrajectoryPoint[];
  readonly status: OutcomeStatus;
};

/** Signed percent change from baseline; null when the baseline is 0. */
export function percentChange(baseline: number, total: number): number | null {
  return baseline === 0 ? null : ((total - baseline) / baseline) * 100;
}

/** In whole numbers, so 9 against 18 is exactly 50 % whatever floating point would say. */
export function isResponse(baseline: number, total: number, policy: OutcomePolicy = DEFAULT_OUTCOME_POLICY) {
  return baseline > 0 && total * 100 <= baseline * (100 - policy.response.reductionPercent);
}

export function isRemission(rule: RemissionRule, total: number): boolean {
  return rule.operator === '<' ? total < rule.value : total <= rule.value;
}

type Sorted = DatedScore & { readonly moment: IsoMoment };

function sortMeasurements(input: TrajectoryInput): Sorted[] {
  const definition = INSTRUMENTS[input.instrument];
  const max = definition.total?.max ?? 0;
  return input.measurements
    .map((measurement, index) => {
      if (!Number.isInteger(measurement.total) || measurement.total < 0 || measurement.total > max) {
        throw new RangeError(
          `measurement ${index + 1}: ${definition.shortName} total must be a whole number from 0 to ${max}, not ${measurement.total}`,
        );
      }
      const moment = parseIsoMoment(measurement.date, input.timeZone);
      return { date: measurement.date, total: measurement.total, day: moment.day, moment };
    })
    .sort((a, b) => compareMoments(a.moment, b.moment));
}

function strip({ date, total, day }: Sorted): DatedScore {
  return { date, total, day };
}

function classify(baseline: Sorted, after: readonly Sorted[], input: TrajectoryInput, policy: OutcomePolicy) {
  const remissionRule = policy.remission[input.instrument];
  const points: TrajectoryPoint[] = [];
  let responseRun = 0;
  let lapseRun = 0;
  let everRemitted = false;
  for (const score of after) {
    const response = isResponse(baseline.total, score.total, policy);
    const remission = isRemission(remissionRule, score.total);
    responseRun = response ? responseRun + 1 : 0;
    lapseRun = response || remission ? 0 : lapseRun + 1;
    points.push({
      ...strip(score),
      percentChange: percentChange(baseline.total, score.total),
      response,
      remission,
      sustainedResponse: responseRun >= policy.sustainedResponse.consecutive,
      relapse: everRemitted && lapseRun >= policy.relapse.consecutive,
    });
    everRemitted ||= remission;
  }
  return points;
}

/** Index of the first point of the unbroken run ending at `end` for which `holds` is true. */
function runStart(
  points: readonly TrajectoryPoint[],
  end: number,
  holds: (point: TrajectoryPoint) => boolean,
) {
  let start = end;
  while (start > 0 && holds(points[start - 1] as TrajectoryPoint)) start -= 1;
  return start;
}

function dayAt(points: readonly TrajectoryPoint[], index: number): string {
  return (points[index] as TrajectoryPoint).day;
}

function statusOf(points: readonly TrajectoryPoint[]): OutcomeStatus {
  const end = points.length - 1;
  const latest = points[end] as TrajectoryPoint;
  if (latest.remission) {
    return {
      kind: 'remission',
      since: dayAt(
        points,
        runStart(points, end, (p) => p.remission),
      ),
      latest,
    };
  }
  if (latest.relapse) {
    const relapseStart = runStart(points, end, (p) => !p.response && !p.remission);
    const lastRemission = points.findLastIndex((p, index) => index < relapseStart && p.remission);
    return {
      kind: 'relapse',
      since: dayAt(points, relapseStart),
      remissionSince: dayAt(
        points,
        runStart(points, lastRemission, (p) => p.remission),
      ),
      latest,
    };
  }
  if (latest.response) {
    const since = dayAt(
      points,
      runStart(points, end, (p) => p.response),
    );
    return latest.sustainedResponse
      ? { kind: 'sustained-response', since, latest }
      : { kind: 'response', since, latest };
  }
  return { kind: 'non-response', latest };
}

/**
 * Baseline, change, response, remission, sustained response and relapse for one instrument's
 * scores. Throws RangeError for a malformed date or a total outside the instrument's range.
 */
export function computeTrajectory(input: TrajectoryInput): Trajectory {
  const policy = input.policy ?? DEFAULT_OUTCOME_POLICY;
  const sorted = sortMeasurements(input);
  const base = { instrument: input.instrument, policy };
  const latest = sorted[sorted.length - 1];
  if (!latest) return { ...base, baseline: null, points: [], status: { kind: 'no-scores' } };
  if (input.firstTreatmentDate === null) {
    return { ...base, baseline: null, points: [], status: { kind: 'not-started', latest: strip(latest) } };
  }
  const treatment = parseIsoMoment(input.firstTreatmentDate, input.timeZone);
  const baselineIndex = sorted.findLastIndex((score) => compareMoments(score.moment, treatment, true) <= 0);
  const baseline = sorted[baselineIndex];
  if (!baseline) {
    return {
      ...base,
      baseline: null,
      points: [],
      status: { kind: 'no-baseline', firstTreatmentDay: treatment.day, latest: strip(latest) },
    };
  }
  const points = classify(baseline, sorted.slice(baselineIndex + 1), input, policy);
  return {
    ...base,
    baseline: strip(baseline),
    points,
    status: points.length === 0 ? { kind: 'baseline-only', baseline: strip(baseline) } : statusOf(points),
  };
}
