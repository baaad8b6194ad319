import {
  type Condition,
  MEDICAL_FLAG_LABELS,
  MEDICATION_CLASS_LABELS,
  type Substance,
} from '../../../../src/domain/eligibility/index.ts';

// Words for the values the domain's own labels do not cover (conditions.ts keeps its copies private).
const SUBSTANCE_WORDS: Record<Substance, string> = {
  ketamine: 'ketamine',
  pcp: 'PCP',
  alcohol: 'alcohol',
  cannabis: 'cannabis',
  other: 'another substance',
};
const PSYCHOSIS_WORDS = {
  activePsychosis: 'active psychosis',
  activeMania: 'active mania',
  pastPsychosis: 'past psychosis',
  pastMania: 'past mania',
} as const;

function anyOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** A rule's condition in plain words: when the rule fires. */
export function describeCondition(condition: Condition): string {
  switch (condition.kind) {
    case 'medical-history':
      return `The medical history records ${anyOf(condition.facts.map((f) => MEDICAL_FLAG_LABELS[f]))}.`;
    case 'hypertension-uncontrolled':
      return 'The medical history records hypertension that is not controlled.';
    case 'baseline-bp-above':
      return `Baseline blood pressure is above ${condition.systolicMmHg}/${condition.diastolicMmHg} mmHg (either number).`;
    case 'psychosis-or-mania':
      return `The history records ${anyOf(condition.facts.map((f) => PSYCHOSIS_WORDS[f]))}.`;
    case 'substance-use-disorder':
      return `A ${condition.status} use disorder with ${anyOf(condition.substances.map((s) => SUBSTANCE_WORDS[s]))}.`;
    case 'medication':
      return `Takes a medicine classed as ${anyOf(condition.classes.map((c) => MEDICATION_CLASS_LABELS[c]))}.`;
    case 'allergy':
      return `A recorded allergy to ${anyOf([...condition.substances])}.`;
    case 'suicide-risk':
      return `Baseline C-SSRS Screener risk is ${anyOf([...condition.levels])}.`;
    case 'treatment-resistance': {
      const trials = `at least ${condition.minTrials} adequate antidepressant trial${condition.minTrials === 1 ? '' : 's'} without response in the current episode`;
      if (condition.expect === 'met') return `The intake records ${trials}.`;
      return `The intake does not record ${trials}${
        condition.unlessAcuteSuicidalIdeation ? ', and no acute suicidal ideation or behaviour' : ''
      }.`;
    }
    default:
      return `A condition of kind "${(condition as { kind: string }).kind}".`;
  }
}
