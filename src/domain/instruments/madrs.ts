import { scoreBandedTotal } from './score-total.ts';
import type {
  AnswerOption,
  InstrumentDefinition,
  InstrumentItem,
  ScoreFailure,
  ScoreOptions,
  ScoreSuccess,
} from './types.ts';

export type MadrsSeverity = 'normal' | 'mild' | 'moderate' | 'severe';

// Anchors (defined at 0, 2, 4 and 6) are licensed text: they come from the clinic's text pack.
const ZERO_TO_SIX: readonly AnswerOption[] = [0, 1, 2, 3, 4, 5, 6].map((value) => ({ value }));

const NAMES = [
  'Apparent sadness',
  'Reported sadness',
  'Inner tension',
  'Reduced sleep',
  'Reduced appetite',
  'Concentration difficulties',
  'Lassitude',
  'Inability to feel',
  'Pessimistic thoughts',
  'Suicidal thoughts',
];

const ITEMS: readonly InstrumentItem[] = NAMES.map((name, index) => ({
  id: `q${index + 1}`,
  number: String(index + 1),
  ref: `item ${index + 1}`,
  name,
  options: ZERO_TO_SIX,
  scored: true,
  presence: { kind: 'required' },
}));

export const madrsDefinition: InstrumentDefinition<MadrsSeverity> & { readonly id: 'madrs' } = {
  id: 'madrs',
  name: 'Montgomery–Åsberg Depression Rating Scale',
  shortName: 'MADRS',
  rater: 'clinician',
  timeFrame: "Rated by a clinician at interview, over the period the clinic's rating instructions set",
  items: ITEMS,
  listOrder: ITEMS.map((item) => item.id),
  total: { min: 0, max: 60 },
  severities: ['normal', 'mild', 'moderate', 'severe'],
  // Conventional cut-offs known to us only from secondary sources: clinic-policy defaults.
  bands: [
    {
      severity: 'normal',
      label: 'normal',
      min: 0,
      max: 6,
      evidence: ['montgomery-1979-madrs'],
      clinicPolicy: true,
    },
    {
      severity: 'mild',
      label: 'mild',
      min: 7,
      max: 19,
      evidence: ['montgomery-1979-madrs'],
      clinicPolicy: true,
    },
    {
      severity: 'moderate',
      label: 'moderate',
      min: 20,
      max: 34,
      evidence: ['montgomery-1979-madrs'],
      clinicPolicy: true,
    },
    {
      severity: 'severe',
      label: 'severe',
      min: 35,
      max: 60,
      evidence: ['montgomery-1979-madrs'],
      clinicPolicy: true,
    },
  ],
  scoring: { description: 'Sum of items 1–10, each 0–6 (0–60)', evidence: ['montgomery-1979-madrs'] },
  suicideRisk: {
    description: 'Item 10 (suicidal thoughts) rated at or above 4',
    item: 'q10',
    atLeast: 4,
    evidence: ['montgomery-1979-madrs'],
    clinicPolicy: true,
  },
  loinc: {},
  licence: {
    note: 'Conflicting: one secondary source calls it public domain (© Stuart Montgomery 1978); an open-source app records that the Royal College of Psychiatrists refused permission (2013). Item names, 0–6 scoring and bands ship; the anchor descriptions come from the clinic’s text pack.',
    shipsText: false,
  },
  enabled: true,
  requiresTextPack: true,
  evidence: ['montgomery-1979-madrs'],
};

export type MadrsResult = ScoreSuccess<'madrs', MadrsSeverity>;

export function scoreMadrs(answers: unknown, options?: ScoreOptions): MadrsResult | ScoreFailure {
  return scoreBandedTotal(madrsDefinition, answers, options);
}
