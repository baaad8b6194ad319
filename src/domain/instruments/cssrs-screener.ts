import { checkAnswers } from './check-answers.ts';
import type {
  AnswerOption,
  InstrumentDefinition,
  InstrumentItem,
  ItemPresence,
  ScoreFailure,
  ScoreSuccess,
} from './types.ts';

export type CssrsRisk = 'none' | 'low' | 'moderate' | 'high';

const RISK_ORDER: readonly CssrsRisk[] = ['none', 'low', 'moderate', 'high'];

const NO_YES: readonly AnswerOption[] = [
  { value: 0, label: 'No', loinc: { code: 'LA32-8', verified: true } },
  { value: 1, label: 'Yes', loinc: { code: 'LA33-6', verified: true } },
];

const ASKED_IF_Q2_YES: ItemPresence = { kind: 'when', item: 'q2', equals: 1 };

function item(
  id: string,
  ref: string,
  name: string,
  text: string,
  loinc: string,
  presence: ItemPresence,
): InstrumentItem {
  return {
    id,
    number: id.slice(1),
    ref,
    name,
    text,
    loinc: { code: loinc, verified: true },
    options: NO_YES,
    scored: false,
    presence,
  };
}

const ITEMS: readonly InstrumentItem[] = [
  item(
    'q1',
    'Q1',
    'Wish to be dead',
    'Have you wished you were dead or wished you could go to sleep and not wake up?',
    '93246-7',
    { kind: 'required' },
  ),
  item(
    'q2',
    'Q2',
    'Thoughts of killing yourself',
    'Have you actually had any thoughts of killing yourself?',
    '93247-5',
    { kind: 'required' },
  ),
  item(
    'q3',
    'Q3',
    'Thinking about a method',
    'Have you been thinking about how you might do this?',
    '93248-3',
    ASKED_IF_Q2_YES,
  ),
  item(
    'q4',
    'Q4',
    'Some intention of acting',
    'Have you had these thoughts and had some intention of acting on them?',
    '93249-1',
    ASKED_IF_Q2_YES,
  ),
  item(
    'q5',
    'Q5',
    'Plan and intent',
    'Have you started to work out or worked out the details of how to kill yourself? Do you intend to carry out this plan?',
    '93250-9',
    ASKED_IF_Q2_YES,
  ),
  item(
    'q6',
    'Q6',
    'Suicidal behaviour (lifetime)',
    'Have you ever done anything, started to do anything, or prepared to do anything to end your life?',
    '93267-3',
    { kind: 'required' },
  ),
  item(
    'q6b',
    'Q6 within 3 months',
    'Suicidal behaviour within the past 3 months',
    'Was this within the past 3 months?',
    '93269-9',
    { kind: 'when', item: 'q6', equals: 1 },
  ),
];

export const cssrsScreenerDefinition: InstrumentDefinition<CssrsRisk> & { readonly id: 'cssrs-screener' } = {
  id: 'cssrs-screener',
  name: 'Columbia-Suicide Severity Rating Scale, Screener (recent)',
  shortName: 'C-SSRS Screener',
  // Asked by a clinician or answered by the patient (the screener's questions are worded to the
  // patient); either way a positive answer raises an alert that reaches a person.
  rater: 'patient',
  timeFrame: 'Q1–Q5: the past month. Q6: lifetime, then whether it was within the past 3 months',
  items: ITEMS,
  listOrder: ITEMS.map((candidate) => candidate.id),
  total: null,
  severities: RISK_ORDER,
  bands: [],
  scoring: {
    description:
      'Triage: high = yes to Q4 or Q5, or suicidal behaviour within the past 3 months; moderate = yes to Q3, or suicidal behaviour more than 3 months ago; low = yes to Q1 or Q2 only; none = all no. The highest level any answer reaches wins. Q3–Q5 are asked only when Q2 is yes; the 3-month follow-up only when Q6 is yes.',
    evidence: ['cssrs-screener'],
  },
  suicideRisk: { description: 'Any risk level other than none', evidence: ['cssrs-screener'] },
  // 93373-9 (panel) is seen in public code but not confirmed on a LOINC page.
  loinc: { panel: { code: '93373-9', verified: false }, riskLevel: { code: '93374-7', verified: true } },
  licence: {
    note: 'Columbia: free for clinical use, no training required clinically, no cost or licence to build into an EHR. Pharma-funded research has its own training and licensing terms: clinics using it in sponsored research must check them.',
    copyright: '© 2011 Dr. Kelly Posner, first author of the scale. Used with permission',
    shipsText: true,
  },
  enabled: true,
  requiresTextPack: false,
  evidence: ['cssrs-screener'],
};

export type CssrsScreenerResult = ScoreSuccess<'cssrs-screener', CssrsRisk> & {
  readonly total: null;
  /** High risk calls for immediate evaluation and safety precautions. */
  readonly immediateEvaluation: boolean;
};

type Finding = { level: CssrsRisk; text: string };

function findings(values: Readonly<Record<string, number | null>>): Finding[] {
  const yes = (id: string) => values[id] === 1;
  const out: Finding[] = [];
  if (yes('q1')) out.push({ level: 'low', text: 'yes to Q1 (wish to be dead)' });
  if (yes('q2')) out.push({ level: 'low', text: 'yes to Q2 (thoughts of killing yourself)' });
  if (yes('q3')) out.push({ level: 'moderate', text: 'yes to Q3 (thinking about a method)' });
  if (yes('q4')) out.push({ level: 'high', text: 'yes to Q4 (some intention of acting)' });
  if (yes('q5')) out.push({ level: 'high', text: 'yes to Q5 (plan and intent)' });
  if (yes('q6') && values.q6b === 0) {
    out.push({ level: 'moderate', text: 'suicidal behaviour more than 3 months ago' });
  }
  if (yes('q6') && yes('q6b')) {
    out.push({ level: 'high', text: 'suicidal behaviour within the past 3 months' });
  }
  return out;
}

export function scoreCssrsScreener(answers: unknown): CssrsScreenerResult | ScoreFailure {
  const checked = checkAnswers(cssrsScreenerDefinition, answers);
  if (checked.problems.length > 0) {
    return { ok: false, instrument: 'cssrs-screener', problems: checked.problems };
  }
  const found = findings(checked.values);
  const rank = (level: CssrsRisk) => RISK_ORDER.indexOf(level);
  const severity = found.reduce<CssrsRisk>(
    (highest, finding) => (rank(finding.level) > rank(highest) ? finding.level : highest),
    'none',
  );
  const decisive = found.filter((finding) => finding.level === severity).map((finding) => finding.text);
  return {
    ok: true,
    instrument: 'cssrs-screener',
    total: null,
    severity,
    severityBasis: {
      text: severity === 'none' ? 'every answer is no' : decisive.join('; '),
      evidence: ['cssrs-screener'],
    },
    suicideRisk: severity !== 'none',
    suicideRiskReasons: found.map((finding) => finding.text),
    itemScores: checked.values,
    immediateEvaluation: severity === 'high',
  };
}
