import type { Provenance } from '../evidence.ts';

export type InstrumentId = 'phq9' | 'gad7' | 'cssrs-screener' | 'madrs' | 'qids-sr16';

/** `verified: false` marks a code seen in public FHIR material but not confirmed on a LOINC page. */
export type LoincCode = { readonly code: string; readonly verified: boolean };

export type AnswerOption = {
  readonly value: number;
  /** Exact wording; absent where the licence does not let us ship it (a text pack supplies it). */
  readonly label?: string;
  readonly loinc?: LoincCode;
};

/**
 * When an item must be answered. `when`: asked only if another item has a given answer (and must
 * then be left unanswered otherwise). `one-of`: exactly one item of the group is answered.
 */
export type ItemPresence =
  | { readonly kind: 'required' }
  | { readonly kind: 'optional' }
  | { readonly kind: 'when'; readonly item: string; readonly equals: number }
  | { readonly kind: 'one-of'; readonly group: readonly string[] };

export type InstrumentItem = {
  readonly id: string;
  /** As printed on the form: '9', '6b'. */
  readonly number: string;
  /** How messages name the item: 'item 9', 'Q3'. */
  readonly ref: string;
  /** A short name we may always ship (for licensed instruments, in place of the wording). */
  readonly name: string;
  /** Exact wording, only where the licence allows it or a clinic's text pack supplies it. */
  readonly text?: string;
  readonly loinc?: LoincCode;
  readonly options: readonly AnswerOption[];
  /** Counted in the total. */
  readonly scored: boolean;
  readonly presence: ItemPresence;
};

export type Band<S extends string> = Provenance & {
  readonly severity: S;
  readonly min: number;
  readonly max: number;
  readonly label: string;
};

/** Which answers count as a suicide-risk answer; `atLeast` applies to `item` and may be set per clinic. */
export type SuicideRiskRule = Provenance & {
  readonly description: string;
  readonly item?: string;
  readonly atLeast?: number;
};

export type InstrumentDefinition<S extends string = string> = {
  readonly id: InstrumentId;
  readonly name: string;
  readonly shortName: string;
  readonly rater: 'patient' | 'clinician';
  readonly timeFrame: string;
  readonly stem?: string;
  readonly items: readonly InstrumentItem[];
  /** The item ids a compact answer list (`1,2,3,…`) gives, in order. */
  readonly listOrder: readonly string[];
  readonly total: { readonly min: number; readonly max: number } | null;
  readonly severities: readonly S[];
  /** Total -> severity; empty where severity is not a band of a total (C-SSRS). */
  readonly bands: readonly Band<S>[];
  readonly scoring: Provenance & { readonly description: string };
  readonly suicideRisk: SuicideRiskRule | null;
  readonly loinc: {
    readonly panel?: LoincCode;
    readonly total?: LoincCode;
    readonly riskLevel?: LoincCode;
  };
  readonly licence: {
    readonly note: string;
    readonly copyright?: string;
    /** Whether the item wording and answer labels ship with Ketaflow. */
    readonly shipsText: boolean;
    /** Why an instrument that is not `enabled` waits for a text pack. */
    readonly disabledBecause?: string;
  };
  /** Usable before any text pack is loaded. */
  readonly enabled: boolean;
  /** Item wording (or answer anchors) must come from the clinic's text pack to be shown in full. */
  readonly requiresTextPack: boolean;
  /** Set once a clinic's text pack has been applied. */
  readonly textPack?: { readonly version: string; readonly licence: string };
  readonly evidence: Provenance['evidence'];
};

export type ScoreProblem = {
  /** The item the problem is about, or null for the answer set as a whole. */
  readonly item: string | null;
  readonly message: string;
};

export type ScoreFailure = {
  readonly ok: false;
  readonly instrument: InstrumentId;
  readonly problems: readonly ScoreProblem[];
};

export type ScoreSuccess<I extends InstrumentId, S extends string> = {
  readonly ok: true;
  readonly instrument: I;
  /** Null where the instrument has no total (C-SSRS). */
  readonly total: number | null;
  readonly severity: S;
  /** How the severity was reached, with its sources. */
  readonly severityBasis: Provenance & { readonly text: string };
  readonly suicideRisk: boolean;
  /** Why suicideRisk is true, one phrase per answer; empty when it is false. */
  readonly suicideRiskReasons: readonly string[];
  /** Every item's answer, null where not asked or not answered. */
  readonly itemScores: Readonly<Record<string, number | null>>;
};

export type ScoreOptions = {
  /** Clinic policy: the answer to the instrument's suicide item at or above which it is flagged. */
  readonly suicideRiskAtLeast?: number;
};
