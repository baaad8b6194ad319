import { INSTRUMENTS } from '../instruments/index.ts';
import { formatDay } from './iso-dates.ts';
import type { Trajectory, TrajectoryPoint } from './trajectory.ts';

/** "58 % below baseline", "12 % above baseline", "same as baseline". */
export function describeChange(change: number | null): string {
  if (change === null) return 'baseline was 0, so no percentage change';
  const rounded = Math.round(Math.abs(change));
  if (change === 0) return 'same as baseline';
  if (rounded === 0) return `less than 1 % ${change < 0 ? 'below' : 'above'} baseline`;
  return `${rounded} % ${change < 0 ? 'below' : 'above'} baseline`;
}

/**
 * The status in words, e.g. "responder since 12 Mar, 58 % below baseline". Dates leave out the
 * year when it is the year of the latest score; no clock is read.
 */
export function describeOutcomeStatus(trajectory: Trajectory): string {
  const name = INSTRUMENTS[trajectory.instrument].shortName;
  const status = trajectory.status;
  if (status.kind === 'no-scores') return `no ${name} scores yet`;
  const year = ('latest' in status ? status.latest.day : status.baseline.day).slice(0, 4);
  const day = (value: string) => formatDay(value, year);
  const scoreNow = (latest: TrajectoryPoint, since?: string) =>
    latest.day === since ? `${name} ${latest.total}` : `${name} ${latest.total} on ${day(latest.day)}`;
  switch (status.kind) {
    case 'not-started':
      return `not started: no treatment yet; latest ${name} ${status.latest.total} on ${day(status.latest.day)}`;
    case 'no-baseline':
      return `no baseline: no ${name} score on or before the first treatment on ${day(status.firstTreatmentDay)}`;
    case 'baseline-only':
      return `baseline ${name} ${status.baseline.total} on ${day(status.baseline.day)}; no score since`;
    case 'remission':
      return `in remission since ${day(status.since)}, ${scoreNow(status.latest, status.since)}, ${describeChange(status.latest.percentChange)}`;
    case 'relapse':
      return `relapsed since ${day(status.since)} after remission from ${day(status.remissionSince)}, ${scoreNow(status.latest, status.since)}, ${describeChange(status.latest.percentChange)}`;
    case 'sustained-response':
      return `sustained responder since ${day(status.since)}, ${describeChange(status.latest.percentChange)}`;
    case 'response':
      return `responder since ${day(status.since)}, ${describeChange(status.latest.percentChange)}`;
    case 'non-response':
      return `not responding: ${scoreNow(status.latest)}, ${describeChange(status.latest.percentChange)}`;
  }
}
