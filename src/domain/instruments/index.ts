import { type CssrsScreenerResult, cssrsScreenerDefinition, scoreCssrsScreener } from './cssrs-screener.ts';
import { type Gad7Result, gad7Definition, scoreGad7 } from './gad7.ts';
import { type MadrsResult, madrsDefinition, scoreMadrs } from './madrs.ts';
import { type Phq9Result, phq9Definition, scorePhq9 } from './phq9.ts';
import { type QidsSr16Result, qidsSr16Definition, scoreQidsSr16 } from './qids-sr16.ts';
import type { InstrumentDefinition, InstrumentId, ScoreFailure, ScoreOptions } from './types.ts';

export type { CompactAnswersResult } from './compact-answers.ts';
export { parseCompactAnswers } from './compact-answers.ts';
export type { CssrsRisk, CssrsScreenerResult } from './cssrs-screener.ts';
export { cssrsScreenerDefinition, scoreCssrsScreener } from './cssrs-screener.ts';
export type { Gad7Result, Gad7Severity } from './gad7.ts';
export { gad7Definition, scoreGad7 } from './gad7.ts';
export type { MadrsResult, MadrsSeverity } from './madrs.ts';
export { madrsDefinition, scoreMadrs } from './madrs.ts';
export type { Phq9Result, Phq9Severity } from './phq9.ts';
export { phq9Definition, scorePhq9 } from './phq9.ts';
export type { QidsSr16Result, QidsSr16Severity } from './qids-sr16.ts';
export { computeQidsSr16Total, qidsSr16Definition, scoreQidsSr16 } from './qids-sr16.ts';
export type { TextPack, TextPackResult } from './text-pack.ts';
export { applyTextPack } from './text-pack.ts';
export type {
  AnswerOption,
  Band,
  InstrumentDefinition,
  InstrumentId,
  InstrumentItem,
  ItemPresence,
  LoincCode,
  ScoreFailure,
  ScoreOptions,
  ScoreProblem,
  ScoreSuccess,
  SuicideRiskRule,
} from './types.ts';

export const INSTRUMENTS: Readonly<Record<InstrumentId, InstrumentDefinition>> = {
  phq9: phq9Definition,
  gad7: gad7Definition,
  'cssrs-screener': cssrsScreenerDefinition,
  madrs: madrsDefinition,
  'qids-sr16': qidsSr16Definition,
};

export const INSTRUMENT_IDS = Object.keys(INSTRUMENTS) as readonly InstrumentId[];

export function isInstrumentId(id: string): id is InstrumentId {
  return Object.hasOwn(INSTRUMENTS, id);
}

export function getInstrument(id: InstrumentId): InstrumentDefinition {
  return INSTRUMENTS[id];
}

export type InstrumentScore = Phq9Result | Gad7Result | CssrsScreenerResult | MadrsResult | QidsSr16Result;

export type ScoreInstrumentOptions = ScoreOptions & {
  /** The clinic has loaded its text pack, which enables an instrument that ships disabled. */
  readonly textPackLoaded?: boolean;
};

export function disabledMessage(definition: InstrumentDefinition): string {
  const reason = definition.licence.disabledBecause;
  return `${definition.shortName} is disabled until the clinic loads its text${reason ? `: ${reason}` : ''}`;
}

/**
 * Scores an answer set for any instrument. `answers` is an object keyed by item id (`q1`, `q6b`,
 * `difficulty` …) whose values are answer values, with null or absent for not asked. A refused set
 * (`ok: false`) names each problem's item; nothing partial is scored. Throws RangeError only for a
 * misconfigured clinic threshold.
 */
export function scoreInstrument(
  id: InstrumentId,
  answers: unknown,
  options: ScoreInstrumentOptions = {},
): InstrumentScore | ScoreFailure {
  const definition = INSTRUMENTS[id];
  if (!definition.enabled && !options.textPackLoaded) {
    return { ok: false, instrument: id, problems: [{ item: null, message: disabledMessage(definition) }] };
  }
  const { textPackLoaded: _, ...scoreOptions } = options;
  if (scoreOptions.suicideRiskAtLeast !== undefined && !definition.suicideRisk?.item) {
    throw new RangeError(`${definition.shortName} has no per-item suicide-risk threshold`);
  }
  switch (id) {
    case 'phq9':
      return scorePhq9(answers, scoreOptions);
    case 'gad7':
      return scoreGad7(answers);
    case 'cssrs-screener':
      return scoreCssrsScreener(answers);
    case 'madrs':
      return scoreMadrs(answers, scoreOptions);
    case 'qids-sr16':
      return scoreQidsSr16(answers, scoreOptions);
  }
}
