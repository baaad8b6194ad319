import type { CssrsRisk } from '../instruments/index.ts';
import {
  type AntidepressantTrial,
  type IntakeFacts,
  MEDICAL_FLAG_LABELS,
  MEDICATION_CLASS_LABELS,
  type MedicalFlag,
  type MedicationClass,
  type Substance,
} from './intake.ts';

/**
 * A rule's condition, as data, so a rule set can be stored, shown, versioned and (for clinic
 * policies) edited without code.
 */
export type Condition =
  /** Any of these medical-history facts is recorded as present. */
  | { readonly kind: 'medical-history'; readonly facts: readonly MedicalFlag[] }
  | { readonly kind: 'hypertension-uncontrolled' }
  /** Baseline systolic above `systolicMmHg` or diastolic above `diastolicMmHg`. */
  | { readonly kind: 'baseline-bp-above'; readonly systolicMmHg: number; readonly diastolicMmHg: number }
  | {
      readonly kind: 'psychosis-or-mania';
      readonly facts: readonly ('activePsychosis' | 'activeMania' | 'pastPsychosis' | 'pastMania')[];
    }
  /** A substance use disorder with one of these statuses, for one of these substances. */
  | {
      readonly kind: 'substance-use-disorder';
      readonly substances: readonly Substance[];
      readonly status: 'current' | 'past';
    }
  | { readonly kind: 'medication'; readonly classes: readonly MedicationClass[] }
  | { readonly kind: 'allergy'; readonly substances: readonly ('ketamine' | 'esketamine')[] }
  /** C-SSRS Screener risk at baseline is one of these levels. */
  | { readonly kind: 'suicide-risk'; readonly levels: readonly CssrsRisk[] }
  /**
   * Treatment resistance: at least `minTrials` adequate antidepressant trials in the current
   * episode without response. `expect: 'met'` fires when it holds (the indication); `'not-met'` fires
   * when it does not, unless `unlessAcuteSuicidalIdeation` and that indication is recorded.
   */
  | {
      readonly kind: 'treatment-resistance';
      readonly minTrials: number;
      readonly expect: 'met' | 'not-met';
      readonly unlessAcuteSuicidalIdeation?: boolean;
    };

export type ConditionResult =
  | { readonly status: 'met'; readonly finding: string }
  | { readonly status: 'not-met' }
  | { readonly status: 'unknown'; readonly missing: readonly string[] };

const NOT_MET: ConditionResult = { status: 'not-met' };

function unknown(...missing: string[]): ConditionResult {
  return { status: 'unknown', missing };
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

const SUBSTANCE_LABELS: Readonly<Record<Substance, string>> = {
  ketamine: 'ketamine',
  pcp: 'PCP',
  alcohol: 'alcohol',
  cannabis: 'cannabis',
  other: 'another substance',
};

const PSYCHOSIS_LABELS = {
  activePsychosis: 'active psychosis',
  activeMania: 'active mania',
  pastPsychosis: 'past psychosis',
  pastMania: 'past mania',
} as const;

/** Counted toward treatment resistance: current episode, judged adequate, taken, and not worked. */
export function isAdequateFailedTrial(trial: AntidepressantTrial): boolean {
  return (
    trial.currentEpisode &&
    trial.adequate === true &&
    trial.adherence !== 'poor' &&
    (trial.response === 'none' || trial.response === 'partial')
  );
}

/** A current-episode trial that might still count once someone judges or records it. */
function isUndecidedTrial(trial: AntidepressantTrial): boolean {
  return (
    trial.currentEpisode &&
    trial.adherence !== 'poor' &&
    trial.response !== 'response' &&
    trial.response !== 'remission' &&
    (trial.adequate === undefined || trial.response === undefined) &&
    trial.adequate !== false
  );
}

function treatmentResistance(
  facts: IntakeFacts,
  condition: Extract<Condition, { kind: 'treatment-resistance' }>,
): ConditionResult {
  const trials = facts.psychiatricHistory?.antidepressantTrials;
  if (!trials) return unknown('prior antidepressant trials');
  const failed = trials.filter(isAdequateFailedTrial);
  const undecided = trials.filter(isUndecidedTrial);
  const count = `${failed.length} adequate antidepressant trial${failed.length === 1 ? '' : 's'} without response in the current episode${failed.length > 0 ? ` (${list(failed.map((t) => t.drug))})` : ''}`;
  if (failed.length >= condition.minTrials) {
    return condition.expect === 'met' ? { status: 'met', finding: count } : NOT_MET;
  }
  if (failed.length + undecided.length >= condition.minTrials) {
    return unknown(
      ...undecided.map((trial) => `whether the ${trial.drug} trial was adequate and its response`),
    );
  }
  if (condition.expect === 'met') return NOT_MET;
  if (condition.unlessAcuteSuicidalIdeation) {
    const acute = facts.psychiatricHistory?.acuteSuicidalIdeationOrBehaviour;
    if (acute === undefined) return unknown('whether there is acute suicidal ideation or behaviour');
    if (acute) return NOT_MET;
  }
  return { status: 'met', finding: `only ${count}; at least ${condition.minTrials} are needed` };
}

export function evaluateCondition(condition: Condition, facts: IntakeFacts): ConditionResult {
  switch (condition.kind) {
    case 'medical-history': {
      const history = facts.medicalHistory ?? {};
      const present = condition.facts.filter((fact) => history[fact] === true);
      if (present.length > 0) {
        return { status: 'met', finding: `recorded: ${list(present.map((f) => MEDICAL_FLAG_LABELS[f]))}` };
      }
      const missing = condition.facts.filter((fact) => history[fact] === undefined);
      return missing.length > 0 ? unknown(...missing.map((f) => MEDICAL_FLAG_LABELS[f])) : NOT_MET;
    }
    case 'hypertension-uncontrolled': {
      const status = facts.medicalHistory?.hypertension;
      if (status === undefined) return unknown('hypertension');
      return status === 'uncontrolled'
        ? { status: 'met', finding: 'hypertension recorded as uncontrolled' }
        : NOT_MET;
    }
    case 'baseline-bp-above': {
      const vitals = facts.baselineVitals;
      if (!vitals) return unknown('baseline blood pressure');
      const { systolicMmHg: s, diastolicMmHg: d } = vitals;
      return s > condition.systolicMmHg || d > condition.diastolicMmHg
        ? {
            status: 'met',
            finding: `baseline blood pressure ${s}/${d} mmHg, above ${condition.systolicMmHg}/${condition.diastolicMmHg}`,
          }
        : NOT_MET;
    }
    case 'psychosis-or-mania': {
      const recorded = facts.psychosisOrMania ?? {};
      const present = condition.facts.filter((fact) => recorded[fact] === true);
      if (present.length > 0) {
        return { status: 'met', finding: `recorded: ${list(present.map((f) => PSYCHOSIS_LABELS[f]))}` };
      }
      const missing = condition.facts.filter((fact) => recorded[fact] === undefined);
      return missing.length > 0 ? unknown(...missing.map((f) => PSYCHOSIS_LABELS[f])) : NOT_MET;
    }
    case 'substance-use-disorder': {
      if (!facts.substanceUse) return unknown('substance use');
      const matching = facts.substanceUse.filter(
        (use) => condition.substances.includes(use.substance) && use.disorder === condition.status,
      );
      if (matching.length === 0) return NOT_MET;
      const names = matching.map((use) => use.name ?? SUBSTANCE_LABELS[use.substance]);
      return { status: 'met', finding: `${condition.status} use disorder: ${list(names)}` };
    }
    case 'medication': {
      if (!facts.currentMedications) return unknown('current medications');
      const matching = facts.currentMedications.filter((medication) =>
        medication.classes.some((c) => condition.classes.includes(c)),
      );
      if (matching.length === 0) return NOT_MET;
      const names = matching.map((medication) => {
        const classes = medication.classes.filter((c) => condition.classes.includes(c));
        return `${medication.name} (${classes.map((c) => MEDICATION_CLASS_LABELS[c]).join(', ')})`;
      });
      return { status: 'met', finding: `current medicines: ${list(names)}` };
    }
    case 'allergy': {
      if (!facts.allergies) return unknown('allergies');
      const matching = facts.allergies.filter(
        (allergy) => allergy.substance !== 'other' && condition.substances.includes(allergy.substance),
      );
      if (matching.length === 0) return NOT_MET;
      const names = matching.map(
        (allergy) =>
          `${allergy.name ?? allergy.substance}${allergy.reaction ? ` (${allergy.reaction})` : ''}`,
      );
      return { status: 'met', finding: `allergy recorded: ${list(names)}` };
    }
    case 'suicide-risk': {
      const risk = facts.baselineScores?.cssrsRisk;
      if (risk === undefined) return unknown('baseline C-SSRS Screener');
      return condition.levels.includes(risk)
        ? { status: 'met', finding: `baseline C-SSRS Screener risk: ${risk}` }
        : NOT_MET;
    }
    case 'treatment-resistance':
      return treatmentResistance(facts, condition);
  }
}
