import type { Provenance } from '../evidence.ts';
import { isLossOfConsciousness } from './sedation.ts';

export type AdverseEventSeverity = 'mild' | 'moderate' | 'severe';

/** What the chart of one given session says about how the dose went. */
export type SessionObservations = {
  readonly peakSystolicMmHg: number | null;
  readonly peakDiastolicMmHg: number | null;
  readonly lowestMoaas: number | null;
  readonly highestDissociation: number | null;
  readonly adverseEvents: readonly { readonly event: string; readonly severity: AdverseEventSeverity }[];
  /** The infusion was stopped before its planned end. */
  readonly stoppedEarly: boolean;
  /** Vital-sign alerts raised after the dose started (the clinic's alert thresholds), by their text. */
  readonly alertsAfterDose: readonly string[];
};

export type Tolerability = {
  readonly tolerated: boolean;
  readonly severeReaction: boolean;
  readonly reasons: readonly string[];
};

/**
 * How a charted session feeds the next-dose suggestion. Only "MOAA/S 0 is loss of consciousness"
 * comes from the label; the rest is a clinic-policy reading, and the prescriber sees the raw values.
 */
export const TOLERABILITY_RULE: Provenance & { readonly text: string } = {
  text: 'A severe adverse event or loss of consciousness (MOAA/S 0) is a severe reaction; a moderate adverse event, a vital-sign alert after the dose (such as blood pressure at the clinic’s alert threshold) or an infusion stopped early means the dose was not tolerated',
  evidence: ['spravato-pi', 'chernik-1990-moaas', 'yale-bp-2024'],
  clinicPolicy: true,
};

export function judgeTolerability(observations: SessionObservations): Tolerability {
  const reasons: string[] = [];
  const severe = observations.adverseEvents.filter((e) => e.severity === 'severe');
  const moderate = observations.adverseEvents.filter((e) => e.severity === 'moderate');
  for (const e of severe) reasons.push(`severe ${e.event}`);
  const lostConsciousness =
    observations.lowestMoaas !== null && isLossOfConsciousness(observations.lowestMoaas);
  if (lostConsciousness) reasons.push('loss of consciousness (MOAA/S 0)');
  for (const e of moderate) reasons.push(`moderate ${e.event}`);
  for (const alert of observations.alertsAfterDose) reasons.push(`alert: ${alert}`);
  if (observations.stoppedEarly) reasons.push('infusion stopped early');
  const severeReaction = severe.length > 0 || lostConsciousness;
  return {
    severeReaction,
    tolerated:
      !severeReaction &&
      moderate.length === 0 &&
      observations.alertsAfterDose.length === 0 &&
      !observations.stoppedEarly,
    reasons,
  };
}
