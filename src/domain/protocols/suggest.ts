import type { EvidenceId } from '../evidence.ts';
import type { DoseUnit, Protocol, Sourced } from './types.ts';

/** One session given, as the dose suggestion needs it. */
export type GivenSession = {
  readonly phaseId: string;
  /** In the phase's unit (mg/kg for IV, mg for esketamine). */
  readonly dose: number;
  readonly tolerated: boolean;
  readonly severeReaction: boolean;
  /** The depression score (same instrument as the baseline) measured after this session, if any. */
  readonly score?: number | null;
};

export type DoseHistory = {
  /** Baseline total of the instrument used to judge response (PHQ-9 or MADRS), or null. */
  readonly baselineScore: number | null;
  /** Oldest first. */
  readonly sessions: readonly GivenSession[];
  /** The dose the signed plan sets for the first session, which a prescriber may have set apart from the protocol's. */
  readonly plannedFirstDose?: number | null;
};

export type DoseSuggestion = {
  readonly action: 'start' | 'same' | 'step-up' | 'step-down' | 'hold';
  /** Null when the suggestion is to hold (no dose until the prescriber has reviewed). */
  readonly dose: number | null;
  readonly unit: DoseUnit;
  readonly phaseId: string;
  readonly reason: string;
  readonly clinicPolicy: boolean;
  readonly evidence: readonly EvidenceId[];
  /** Improvement from baseline to the latest score, in percent, when both are known. */
  readonly improvementPercent: number | null;
  /** Always false: Ketaflow suggests; the prescriber sets the dose. */
  readonly applied: false;
};

function improvement(baseline: number | null, latest: number | null): number | null {
  if (baseline === null || latest === null || baseline <= 0) return null;
  return ((baseline - latest) / baseline) * 100;
}

function formatPercent(value: number): string {
  return `${Math.round(value * 10) / 10} %`;
}

/**
 * The next session's dose, suggested from the protocol's titration rules and the sessions so far.
 * It is a suggestion with its reason and basis; nothing is applied.
 */
export function suggestNextDose(protocol: Protocol, history: DoseHistory): DoseSuggestion {
  const last = history.sessions.at(-1);
  const phase = last
    ? protocol.phases.find((candidate) => candidate.id === last.phaseId)
    : protocol.phases[0];
  if (!phase) throw new RangeError(`${protocol.id} v${protocol.version} has no phase "${last?.phaseId}"`);
  const unit = phase.dose.value.unit;
  const steps = phase.titrationSteps.value;
  const max = phase.maxDose.value;
  const latestScore =
    [...history.sessions].reverse().find((session) => typeof session.score === 'number')?.score ?? null;
  const improvementPercent = improvement(history.baselineScore, latestScore);
  const suggest = (
    action: DoseSuggestion['action'],
    dose: number | null,
    reason: string,
    basis: Sourced<unknown>,
  ): DoseSuggestion => ({
    action,
    dose,
    unit,
    phaseId: phase.id,
    reason,
    clinicPolicy: basis.clinicPolicy === true,
    evidence: basis.evidence,
    improvementPercent,
    applied: false,
  });

  if (!last) {
    const rule = phase.dose.value;
    const dose = rule.firstSessionDose ?? rule.startDose;
    if (dose === null) throw new RangeError(`${protocol.id}: the first phase has no starting dose`);
    const over = rule.infusionMinutes ? ` over ${rule.infusionMinutes} minutes` : '';
    const planned = history.plannedFirstDose ?? null;
    if (planned !== null && planned !== dose) {
      return suggest(
        'start',
        planned,
        `First session: ${planned} ${unit}${over}, as the signed plan sets it (the protocol starts at ${dose} ${unit}); nothing to titrate before a session is given`,
        phase.dose,
      );
    }
    return suggest('start', dose, `First session: ${dose} ${unit}${over}`, phase.dose);
  }

  const current = last.dose;
  const lower = [...steps].reverse().find((step) => step < current);
  const higher = steps.find((step) => step > current && step <= max);
  const { intolerance, stepUp } = protocol.titration;

  if (last.severeReaction) {
    if (intolerance.value.severeReaction === 'step-down' && lower !== undefined) {
      return suggest('step-down', lower, `Severe reaction at ${current} ${unit}: one step down`, intolerance);
    }
    return suggest(
      'hold',
      null,
      `Severe reaction at ${current} ${unit}${lower === undefined ? ', already the lowest step' : ''}: hold until the prescriber has reviewed`,
      intolerance,
    );
  }
  if (!last.tolerated) {
    if (intolerance.value.notTolerated === 'step-down' && lower !== undefined) {
      return suggest('step-down', lower, `${current} ${unit} was not tolerated: one step down`, intolerance);
    }
    return suggest('same', current, `${current} ${unit} was not tolerated: no step up`, intolerance);
  }

  const rule = stepUp.value;
  if (!rule)
    return suggest('same', current, `This protocol does not step up: stay at ${current} ${unit}`, stepUp);
  let atDose = 0;
  let scoreAtDose: number | null = null;
  for (const session of [...history.sessions].reverse()) {
    if (session.phaseId !== phase.id || session.dose !== current) break;
    if (rule.requireTolerated && (!session.tolerated || session.severeReaction)) break;
    if (scoreAtDose === null && typeof session.score === 'number') scoreAtDose = session.score;
    atDose++;
  }
  if (atDose < rule.afterSessions) {
    return suggest(
      'same',
      current,
      `${atDose} tolerated session(s) at ${current} ${unit}; a step up is considered after ${rule.afterSessions}`,
      stepUp,
    );
  }
  const gained = improvement(history.baselineScore, scoreAtDose);
  if (gained === null) {
    return suggest(
      'same',
      current,
      `No baseline score, or no score after the sessions at ${current} ${unit}, to judge the response: stay at ${current} ${unit}`,
      stepUp,
    );
  }
  if (gained >= rule.improvementBelowPercent) {
    return suggest(
      'same',
      current,
      `Improved ${formatPercent(gained)} from baseline (at least ${rule.improvementBelowPercent} %): stay at ${current} ${unit}`,
      stepUp,
    );
  }
  if (higher === undefined) {
    return suggest(
      'same',
      current,
      `Improved only ${formatPercent(gained)} after ${atDose} sessions, but ${current} ${unit} is the protocol’s maximum`,
      phase.maxDose,
    );
  }
  return suggest(
    'step-up',
    higher,
    `Improved only ${formatPercent(gained)} from baseline (less than ${rule.improvementBelowPercent} %) after ${atDose} tolerated sessions at ${current} ${unit}: one step up to ${higher} ${unit}`,
    stepUp,
  );
}
