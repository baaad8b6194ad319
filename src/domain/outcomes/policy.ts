import type { Provenance } from '../evidence.ts';

/** Depression measures with a defined remission rule; their totals make a trajectory. */
export type OutcomeInstrumentId = 'phq9' | 'madrs' | 'qids-sr16';

export const OUTCOME_INSTRUMENT_IDS: readonly OutcomeInstrumentId[] = ['phq9', 'madrs', 'qids-sr16'];

export type RemissionRule = Provenance & {
  readonly operator: '<' | '<=';
  readonly value: number;
  readonly description: string;
};

export type OutcomePolicy = {
  /** Response: total at least this many percent below baseline. */
  readonly response: Provenance & { readonly reductionPercent: number; readonly description: string };
  readonly remission: Readonly<Record<OutcomeInstrumentId, RemissionRule>>;
  /** Sustained response: response at this many consecutive measurements. */
  readonly sustainedResponse: Provenance & { readonly consecutive: number; readonly description: string };
  /** Relapse: after remission, this many consecutive measurements with neither response nor remission. */
  readonly relapse: Provenance & { readonly consecutive: number; readonly description: string };
};

export const PHQ9_REMISSION: RemissionRule = {
  operator: '<',
  value: 5,
  description: 'PHQ-9 below 5',
  evidence: ['mbc-phq9-remission'],
  clinicPolicy: true,
};

export const MADRS_REMISSION_DALY_2018: RemissionRule = {
  operator: '<=',
  value: 10,
  description: 'MADRS 10 or less',
  evidence: ['daly-2018'],
};

export const MADRS_REMISSION_ASPIRE_2023: RemissionRule = {
  operator: '<=',
  value: 12,
  description: 'MADRS 12 or less',
  evidence: ['aspire-2023'],
};

export const QIDS_SR16_REMISSION: RemissionRule = {
  operator: '<=',
  value: 5,
  description: 'QIDS-SR16 5 or less',
  evidence: ['rush-2003-qids'],
};

export const DEFAULT_OUTCOME_POLICY: OutcomePolicy = {
  response: {
    reductionPercent: 50,
    description: 'Total at least 50 % below baseline',
    evidence: ['daly-2018'],
  },
  remission: {
    phq9: PHQ9_REMISSION,
    madrs: MADRS_REMISSION_DALY_2018,
    'qids-sr16': QIDS_SR16_REMISSION,
  },
  sustainedResponse: {
    consecutive: 2,
    description: 'Response at 2 consecutive measurements',
    evidence: [],
    clinicPolicy: true,
  },
  relapse: {
    consecutive: 2,
    description:
      'After remission has been reached, 2 consecutive measurements that meet neither response nor remission',
    evidence: [],
    clinicPolicy: true,
  },
};

/** What a clinic admin may change; everything else is fixed by its source. */
export type OutcomePolicyOverrides = {
  readonly madrsRemission?: 'daly-2018' | 'aspire-2023';
  /** PHQ-9 remission: total below this value. */
  readonly phq9RemissionBelow?: number;
  readonly sustainedResponseConsecutive?: number;
  readonly relapseConsecutive?: number;
};

function wholeNumber(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}, not ${value}`);
  }
  return value;
}

/** The default policy with a clinic's overrides; throws RangeError for a value out of range. */
export function buildOutcomePolicy(overrides: OutcomePolicyOverrides = {}): OutcomePolicy {
  const base = DEFAULT_OUTCOME_POLICY;
  const phq9Below =
    overrides.phq9RemissionBelow === undefined
      ? PHQ9_REMISSION.value
      : wholeNumber('PHQ-9 remission threshold', overrides.phq9RemissionBelow, 1, 27);
  const sustained =
    overrides.sustainedResponseConsecutive === undefined
      ? base.sustainedResponse.consecutive
      : wholeNumber('sustained response count', overrides.sustainedResponseConsecutive, 2, 12);
  const relapse =
    overrides.relapseConsecutive === undefined
      ? base.relapse.consecutive
      : wholeNumber('relapse count', overrides.relapseConsecutive, 1, 12);
  return {
    response: base.response,
    remission: {
      phq9:
        phq9Below === PHQ9_REMISSION.value
          ? PHQ9_REMISSION
          : { ...PHQ9_REMISSION, value: phq9Below, description: `PHQ-9 below ${phq9Below}`, evidence: [] },
      madrs:
        overrides.madrsRemission === 'aspire-2023' ? MADRS_REMISSION_ASPIRE_2023 : MADRS_REMISSION_DALY_2018,
      'qids-sr16': QIDS_SR16_REMISSION,
    },
    sustainedResponse: {
      ...base.sustainedResponse,
      consecutive: sustained,
      description: `Response at ${sustained} consecutive measurements`,
    },
    relapse: {
      ...base.relapse,
      consecutive: relapse,
      description: `After remission has been reached, ${relapse} consecutive measurement${
        relapse === 1 ? '' : 's'
      } that meet neither response nor remission`,
    },
  };
}
