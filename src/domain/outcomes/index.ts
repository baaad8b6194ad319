export { describeChange, describeOutcomeStatus } from './describe-status.ts';
export type { IsoMoment } from './iso-dates.ts';
export { compareMoments, formatDay, parseIsoMoment } from './iso-dates.ts';
export type { OutcomeInstrumentId, OutcomePolicy, OutcomePolicyOverrides, RemissionRule } from './policy.ts';
export {
  buildOutcomePolicy,
  DEFAULT_OUTCOME_POLICY,
  MADRS_REMISSION_ASPIRE_2023,
  MADRS_REMISSION_DALY_2018,
  OUTCOME_INSTRUMENT_IDS,
  PHQ9_REMISSION,
  QIDS_SR16_REMISSION,
} from './policy.ts';
export type {
  DatedScore,
  Measurement,
  OutcomeStatus,
  Trajectory,
  TrajectoryInput,
  TrajectoryPoint,
} from './trajectory.ts';
export { computeTrajectory, isRemission, isResponse, percentChange } from './trajectory.ts';
