import type { EvidenceId } from '../evidence.ts';
import { scoreBandedTotal } from './score-total.ts';
import type {
  AnswerOption,
  InstrumentDefinition,
  InstrumentItem,
  ItemPresence,
  ScoreFailure,
  ScoreOptions,
  ScoreSuccess,
} from './types.ts';

export type QidsSr16Severity = 'none' | 'mild' | 'moderate' | 'severe' | 'very-severe';

// Wording and answer labels are licensed text (electronic terms not found): a text pack supplies them.
const ZERO_TO_THREE: readonly AnswerOption[] = [0, 1, 2, 3].map((value) => ({ value }));

const APPETITE: ItemPresence = { kind: 'one-of', group: ['q6', 'q7'] };
const WEIGHT: ItemPresence = { kind: 'one-of', group: ['q8', 'q9'] };

const NAMES: readonly [string, ItemPresence][] = [
  ['Sleep-onset insomnia', { kind: 'required' }],
  ['Mid-nocturnal insomnia', { kind: 'required' }],
  ['Early-morning insomnia', { kind: 'required' }],
  ['Hypersomnia', { kind: 'required' }],
  ['Sad mood', { kind: 'required' }],
  ['Decreased appetite', APPETITE],
  ['Increased appetite', APPETITE],
  ['Decreased weight', WEIGHT],
  ['Increased weight', WEIGHT],
  ['Concentration and decision-making', { kind: 'required' }],
  ['View of self', { kind: 'required' }],
  ['Thoughts of death or suicide', { kind: 'required' }],
  ['General interest', { kind: 'required' }],
  ['Energy', { kind: 'required' }],
  ['Psychomotor slowing', { kind: 'required' }],
  ['Psychomotor agitation', { kind: 'required' }],
];

const ITEMS: readonly InstrumentItem[] = NAMES.map(([name, presence], index) => ({
  id: `q${index + 1}`,
  number: String(index + 1),
  ref: `item ${index + 1}`,
  name,
  options: ZERO_TO_THREE,
  scored: true,
  presence,
}));

const RUSH: readonly EvidenceId[] = ['rush-2003-qids'];

export const qidsSr16Definition: InstrumentDefinition<QidsSr16Severity> & { readonly id: 'qids-sr16' } = {
  id: 'qids-sr16',
  name: 'Quick Inventory of Depressive Symptomatology, Self-Report (16 items)',
  shortName: 'QIDS-SR16',
  rater: 'patient',
  timeFrame: 'The past 7 days',
  items: ITEMS,
  listOrder: ITEMS.map((item) => item.id),
  total: { min: 0, max: 27 },
  severities: ['none', 'mild', 'moderate', 'severe', 'very-severe'],
  bands: [
    { severity: 'none', label: 'none', min: 0, max: 5, evidence: RUSH },
    { severity: 'mild', label: 'mild', min: 6, max: 10, evidence: RUSH },
    { severity: 'moderate', label: 'moderate', min: 11, max: 15, evidence: RUSH },
    { severity: 'severe', label: 'severe', min: 16, max: 20, evidence: RUSH },
    { severity: 'very-severe', label: 'very severe', min: 21, max: 27, evidence: RUSH },
  ],
  scoring: {
    description:
      'Nine domains, 0–27: the highest of items 1–4 (sleep) + item 5 + the highest of items 6–9 (appetite or weight) + items 10–14 + the highest of items 15–16 (psychomotor). Item 6 or 7 is answered, not both; likewise 8 or 9.',
    evidence: RUSH,
  },
  // No source ties a QIDS item-12 answer to a flag; flagging any answer above 0 is our cautious default.
  suicideRisk: {
    description: 'Item 12 (thoughts of death or suicide) answered at or above 1',
    item: 'q12',
    atLeast: 1,
    evidence: RUSH,
    clinicPolicy: true,
  },
  loinc: {},
  licence: {
    note: 'Paper versions are free to clinicians and researchers; the terms for electronic use were not found. Structure and scoring ship disabled until a clinic loads the text it is licensed to use.',
    shipsText: false,
    disabledBecause: 'the licence for electronic use was not found',
  },
  enabled: false,
  requiresTextPack: true,
  evidence: RUSH,
};

export type QidsSr16Result = ScoreSuccess<'qids-sr16', QidsSr16Severity>;

function highest(values: Readonly<Record<string, number | null>>, ids: readonly string[]): number {
  return Math.max(0, ...ids.map((id) => values[id] ?? 0));
}

/** The nine-domain total; call only on a checked answer set. */
export function computeQidsSr16Total(values: Readonly<Record<string, number | null>>): number {
  return (
    highest(values, ['q1', 'q2', 'q3', 'q4']) +
    (values.q5 ?? 0) +
    highest(values, ['q6', 'q7', 'q8', 'q9']) +
    ['q10', 'q11', 'q12', 'q13', 'q14'].reduce((sum, id) => sum + (values[id] ?? 0), 0) +
    highest(values, ['q15', 'q16'])
  );
}

/**
 * Scores a QIDS-SR16 answer set. Whether the instrument may be offered at all (a clinic text pack
 * is loaded) is decided by `scoreInstrument`; this function is the scoring rule alone.
 */
export function scoreQidsSr16(answers: unknown, options?: ScoreOptions): QidsSr16Result | ScoreFailure {
  return scoreBandedTotal(qidsSr16Definition, answers, options, computeQidsSr16Total);
}
