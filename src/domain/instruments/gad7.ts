import { scoreBandedTotal } from './score-total.ts';
import type {
  AnswerOption,
  InstrumentDefinition,
  InstrumentItem,
  ScoreFailure,
  ScoreSuccess,
} from './types.ts';

export type Gad7Severity = 'minimal' | 'mild' | 'moderate' | 'severe';

// The reference gives no LOINC answer or item codes for the GAD-7, so none are claimed here.
const FREQUENCY: readonly AnswerOption[] = [
  { value: 0, label: 'Not at all' },
  { value: 1, label: 'Several days' },
  { value: 2, label: 'More than half the days' },
  { value: 3, label: 'Nearly every day' },
];

function item(number: number, name: string, text: string): InstrumentItem {
  return {
    id: `q${number}`,
    number: String(number),
    ref: `item ${number}`,
    name,
    text,
    options: FREQUENCY,
    scored: true,
    presence: { kind: 'required' },
  };
}

export const gad7Definition: InstrumentDefinition<Gad7Severity> & { readonly id: 'gad7' } = {
  id: 'gad7',
  name: 'Generalized Anxiety Disorder-7',
  shortName: 'GAD-7',
  rater: 'patient',
  timeFrame: 'Over the last 2 weeks',
  stem: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  items: [
    item(1, 'Nervous, anxious or on edge', 'Feeling nervous, anxious or on edge'),
    item(2, 'Cannot stop worrying', 'Not being able to stop or control worrying'),
    item(3, 'Worrying too much', 'Worrying too much about different things'),
    item(4, 'Trouble relaxing', 'Trouble relaxing'),
    item(5, 'Restless', 'Being so restless that it is hard to sit still'),
    item(6, 'Annoyed or irritable', 'Becoming easily annoyed or irritable'),
    item(7, 'Afraid', 'Feeling afraid as if something awful might happen'),
  ],
  listOrder: ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7'],
  total: { min: 0, max: 21 },
  severities: ['minimal', 'mild', 'moderate', 'severe'],
  bands: [
    { severity: 'minimal', label: 'minimal', min: 0, max: 4, evidence: ['spitzer-2006-gad7'] },
    { severity: 'mild', label: 'mild', min: 5, max: 9, evidence: ['spitzer-2006-gad7'] },
    { severity: 'moderate', label: 'moderate', min: 10, max: 14, evidence: ['spitzer-2006-gad7'] },
    { severity: 'severe', label: 'severe', min: 15, max: 21, evidence: ['spitzer-2006-gad7'] },
  ],
  scoring: { description: 'Sum of items 1–7, each 0–3 (0–21)', evidence: ['spitzer-2006-gad7'] },
  suicideRisk: null,
  // 69737-5 (panel) is common in public FHIR code but was not confirmed on a LOINC page.
  loinc: { panel: { code: '69737-5', verified: false }, total: { code: '70274-6', verified: true } },
  licence: {
    note: 'Same Pfizer grant as the PHQ-9: no permission is required to reproduce, translate, display or distribute. Wording ships with the copyright line.',
    copyright:
      'Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.',
    shipsText: true,
  },
  enabled: true,
  requiresTextPack: false,
  evidence: ['spitzer-2006-gad7'],
};

export type Gad7Result = ScoreSuccess<'gad7', Gad7Severity>;

/** The GAD-7 asks nothing about suicide, so its result never carries a suicide-risk flag. */
export function scoreGad7(answers: unknown): Gad7Result | ScoreFailure {
  return scoreBandedTotal(gad7Definition, answers);
}
