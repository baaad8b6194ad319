import { scoreBandedTotal } from './score-total.ts';
import type {
  AnswerOption,
  InstrumentDefinition,
  InstrumentItem,
  ScoreFailure,
  ScoreOptions,
  ScoreSuccess,
} from './types.ts';

export type Phq9Severity = 'minimal' | 'mild' | 'moderate' | 'moderately-severe' | 'severe';

/** LA6571-9 is general knowledge in the reference; the other three were seen in US Core examples. */
const FREQUENCY: readonly AnswerOption[] = [
  { value: 0, label: 'Not at all', loinc: { code: 'LA6568-5', verified: true } },
  { value: 1, label: 'Several days', loinc: { code: 'LA6569-3', verified: true } },
  { value: 2, label: 'More than half the days', loinc: { code: 'LA6570-1', verified: true } },
  { value: 3, label: 'Nearly every day', loinc: { code: 'LA6571-9', verified: false } },
];

function item(number: number, name: string, text: string, loinc: string): InstrumentItem {
  return {
    id: `q${number}`,
    number: String(number),
    ref: `item ${number}`,
    name,
    text,
    loinc: { code: loinc, verified: true },
    options: FREQUENCY,
    scored: true,
    presence: { kind: 'required' },
  };
}

const DIFFICULTY: InstrumentItem = {
  id: 'difficulty',
  number: '10',
  ref: 'the difficulty question',
  name: 'Difficulty caused by the problems',
  text: 'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?',
  options: [
    { value: 0, label: 'Not difficult at all' },
    { value: 1, label: 'Somewhat difficult' },
    { value: 2, label: 'Very difficult' },
    { value: 3, label: 'Extremely difficult' },
  ],
  scored: false,
  presence: { kind: 'optional' },
};

export const phq9Definition: InstrumentDefinition<Phq9Severity> & { readonly id: 'phq9' } = {
  id: 'phq9',
  name: 'Patient Health Questionnaire-9',
  shortName: 'PHQ-9',
  rater: 'patient',
  timeFrame: 'Over the last 2 weeks',
  stem: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  items: [
    item(1, 'Little interest or pleasure', 'Little interest or pleasure in doing things', '44250-9'),
    item(2, 'Feeling down', 'Feeling down, depressed, or hopeless', '44255-8'),
    item(3, 'Sleep', 'Trouble falling or staying asleep, or sleeping too much', '44259-0'),
    item(4, 'Tiredness', 'Feeling tired or having little energy', '44254-1'),
    item(5, 'Appetite', 'Poor appetite or overeating', '44251-7'),
    item(
      6,
      'Feeling bad about yourself',
      'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
      '44258-2',
    ),
    item(
      7,
      'Trouble concentrating',
      'Trouble concentrating on things, such as reading the newspaper or watching television',
      '44252-5',
    ),
    item(
      8,
      'Moving slowly or restless',
      'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
      '44253-3',
    ),
    item(
      9,
      'Thoughts of death or self-harm',
      'Thoughts that you would be better off dead, or of hurting yourself in some way',
      '44260-8',
    ),
    DIFFICULTY,
  ],
  listOrder: ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9'],
  total: { min: 0, max: 27 },
  severities: ['minimal', 'mild', 'moderate', 'moderately-severe', 'severe'],
  bands: [
    { severity: 'minimal', label: 'minimal', min: 0, max: 4, evidence: ['kroenke-2001-phq9'] },
    { severity: 'mild', label: 'mild', min: 5, max: 9, evidence: ['kroenke-2001-phq9'] },
    { severity: 'moderate', label: 'moderate', min: 10, max: 14, evidence: ['kroenke-2001-phq9'] },
    {
      severity: 'moderately-severe',
      label: 'moderately severe',
      min: 15,
      max: 19,
      evidence: ['kroenke-2001-phq9'],
    },
    { severity: 'severe', label: 'severe', min: 20, max: 27, evidence: ['kroenke-2001-phq9'] },
  ],
  scoring: {
    description: 'Sum of items 1–9, each 0–3 (0–27). The difficulty question is kept but not scored.',
    evidence: ['kroenke-2001-phq9'],
  },
  // Kroenke 2001 defines the item; treating any answer above "not at all" as a flag is our default.
  suicideRisk: {
    description: 'Item 9 (thoughts of being better off dead or of self-harm) answered at or above 1',
    item: 'q9',
    atLeast: 1,
    evidence: ['kroenke-2001-phq9'],
    clinicPolicy: true,
  },
  loinc: { panel: { code: '44249-1', verified: true }, total: { code: '44261-6', verified: true } },
  licence: {
    note: 'Pfizer: no permission is required to reproduce, translate, display or distribute. Wording ships with the copyright line.',
    copyright:
      'Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.',
    shipsText: true,
  },
  enabled: true,
  requiresTextPack: false,
  evidence: ['kroenke-2001-phq9'],
};

export type Phq9Result = ScoreSuccess<'phq9', Phq9Severity> & {
  /** The unscored difficulty question, 0–3, or null when not answered. */
  readonly difficulty: number | null;
};

export function scorePhq9(answers: unknown, options?: ScoreOptions): Phq9Result | ScoreFailure {
  const result = scoreBandedTotal(phq9Definition, answers, options);
  if (!result.ok) return result;
  return { ...result, difficulty: result.itemScores.difficulty ?? null };
}
