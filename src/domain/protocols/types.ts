import type { TreatmentRoute } from '../eligibility/rules.ts';
import type { EvidenceId, Provenance } from '../evidence.ts';

/** A value with where it comes from. An admin's edit turns it into a clinic policy. */
export type Sourced<T> = Provenance & { readonly value: T; readonly note?: string };

/** IV doses are per kg of dosing weight; esketamine doses are fixed. */
export type DoseUnit = 'mg/kg' | 'mg';

export type PhaseLength =
  | {
      readonly kind: 'sessions';
      readonly sessions: number;
      /** The span the series should fit in, e.g. 6 infusions over 2–3 weeks. */
      readonly withinWeeks?: { readonly min: number; readonly max: number };
    }
  | { readonly kind: 'weeks'; readonly weeks: number }
  | { readonly kind: 'open-ended' };

export type Frequency =
  | {
      readonly kind: 'per-week';
      readonly sessionsPerWeek: number;
      /** What a prescriber may choose for one patient; includes the default. */
      readonly choices: readonly number[];
    }
  | { readonly kind: 'every-weeks'; readonly everyWeeks: number; readonly choices: readonly number[] }
  | { readonly kind: 'as-needed' };

export type DoseRule = {
  readonly unit: DoseUnit;
  /** The protocol's very first dose where a source fixes it (esketamine TRD day 1: 56 mg). */
  readonly firstSessionDose?: number;
  /** Where the phase starts; null continues the dose reached before it. */
  readonly startDose: number | null;
  /** IV: the infusion runs over this many minutes. */
  readonly infusionMinutes?: number;
  /** Esketamine: mg per nasal spray device, and the rest after each device. */
  readonly deviceMg?: number;
  readonly minutesBetweenDevices?: number;
};

export type Monitoring = {
  readonly minMinutes: number;
  /** Counted from the dose (esketamine: the first device) or from the end of the infusion. */
  readonly from: 'administration' | 'end-of-infusion';
};

/** One requirement, check or discharge criterion, with its source. */
export type ProtocolItem = Provenance & {
  readonly id: string;
  readonly text: string;
  readonly note?: string;
};

/** A point in a phase where the prescriber reviews whether and how to go on. */
export type PhaseReview = Provenance & {
  /** After this session of the phase, or at its end. */
  readonly afterSession: number | 'end';
  readonly text: string;
};

export type ProtocolPhase = {
  readonly id: string;
  readonly name: string;
  readonly length: Sourced<PhaseLength>;
  readonly frequency: Sourced<Frequency>;
  /** Calendar days from one session to the next, at least. */
  readonly minDaysBetweenSessions: Sourced<number>;
  readonly dose: Sourced<DoseRule>;
  /** The dose ladder, ascending, in the dose unit. */
  readonly titrationSteps: Sourced<readonly number[]>;
  readonly maxDose: Sourced<number>;
  readonly monitoring: Sourced<Monitoring>;
  readonly discharge: readonly ProtocolItem[];
  readonly reviews: readonly PhaseReview[];
};

/** When to suggest one titration step up; null where the protocol never steps up. */
export type StepUpRule = {
  readonly afterSessions: number;
  /** Improvement from baseline below this percentage counts as too little. */
  readonly improvementBelowPercent: number;
  readonly requireTolerated: boolean;
};

export type IntoleranceRule = {
  readonly notTolerated: 'step-down' | 'same';
  /** `step-down` holds instead when there is no lower step. */
  readonly severeReaction: 'step-down' | 'hold';
};

export type Protocol = {
  readonly id: string;
  /** Every edit makes a new version; sessions and plans record the version they used. */
  readonly version: number;
  readonly name: string;
  readonly route: TreatmentRoute;
  readonly indication: string;
  /** The protocol and version this one was copied from. */
  readonly basedOn: { readonly id: string; readonly version: number } | null;
  readonly beforeFirstSession: readonly ProtocolItem[];
  readonly everySession: readonly ProtocolItem[];
  readonly phases: readonly ProtocolPhase[];
  readonly titration: {
    readonly stepUp: Sourced<StepUpRule | null>;
    readonly intolerance: Sourced<IntoleranceRule>;
  };
};

/** Every source a phase rests on, for showing beside it. */
export function phaseEvidence(phase: ProtocolPhase): EvidenceId[] {
  const parts: Provenance[] = [
    phase.length,
    phase.frequency,
    phase.minDaysBetweenSessions,
    phase.dose,
    phase.titrationSteps,
    phase.maxDose,
    phase.monitoring,
    ...phase.discharge,
    ...phase.reviews,
  ];
  return [...new Set(parts.flatMap((part) => part.evidence))];
}
