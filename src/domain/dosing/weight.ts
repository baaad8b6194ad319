import {
  approximate,
  compare,
  dividedBy,
  type Exact,
  exact,
  minus,
  plus,
  roundExact,
  times,
} from './decimal.ts';
import { type DoseStep, formatExact, formatNumber, type SourcedFact } from './steps.ts';

export type WeightBasis = 'actual' | 'ideal' | 'adjusted';
export type Sex = 'female' | 'male';

export const WEIGHT_BASES: readonly WeightBasis[] = ['actual', 'ideal', 'adjusted'];
export const SEXES: readonly Sex[] = ['female', 'male'];

/**
 * Which weight mg/kg dosing uses. No guideline in the reference fixes it (it found none, and BMI did
 * not predict response), so the default and the choice are clinic policy; the Devine formula itself
 * is general knowledge.
 */
export const WEIGHT_BASIS_RULES = {
  defaultBasis: {
    value: 'actual' as WeightBasis,
    description: 'Dose on actual body weight unless the prescriber chooses ideal or adjusted weight',
    evidence: [],
    clinicPolicy: true,
  },
  idealBodyWeight: {
    description:
      'Ideal body weight (Devine): 50 kg (men) or 45.5 kg (women) + 2.3 kg per inch of height over 60 inches',
    baseKg: { male: 50, female: 45.5 } as Readonly<Record<Sex, number>>,
    kgPerInch: 2.3,
    fromInches: 60,
    cmPerInch: 2.54,
    evidence: ['devine-ibw'],
    clinicPolicy: true,
  },
  adjustedBodyWeight: {
    description: 'Adjusted body weight: IBW + 0.4 × (actual weight − IBW)',
    factor: 0.4,
    evidence: ['devine-ibw'],
    clinicPolicy: true,
  },
  actualBelowIdeal: {
    description:
      'When the actual weight is below the ideal weight, ideal and adjusted bases use the actual weight',
    evidence: [],
    clinicPolicy: true,
  },
} as const satisfies Record<string, SourcedFact>;

/** The Devine formula starts at 60 inches. */
export const MIN_HEIGHT_CM_FOR_IDEAL_WEIGHT = 152.4;

export type DosingWeightInput = {
  readonly weightKg: number;
  readonly basis: WeightBasis;
  /** Needed for ideal and adjusted weight. */
  readonly heightCm?: number;
  readonly sex?: Sex;
};

export type DosingWeight = {
  readonly basis: WeightBasis;
  /** Rounded to 0.1 kg: the value every later step starts from. */
  readonly dosingWeightKg: number;
  readonly steps: readonly DoseStep[];
  readonly warnings: readonly string[];
};

/** Devine ideal body weight, exactly, from the height in exact inches (cm / 2.54, not rounded). */
export function idealBodyWeight(heightCm: number, sex: Sex): { inches: Exact; kg: Exact } {
  const rule = WEIGHT_BASIS_RULES.idealBodyWeight;
  const inches = dividedBy(exact(heightCm), exact(rule.cmPerInch));
  const kg = plus(
    exact(rule.baseKg[sex]),
    times(exact(rule.kgPerInch), minus(inches, exact(rule.fromInches))),
  );
  return { inches, kg };
}

/**
 * The weight a mg/kg dose is computed from, rounded to 0.1 kg, with every step. Expects input that
 * `computeIvDose` has validated (height and sex present for ideal and adjusted weight).
 */
export function dosingWeight(input: DosingWeightInput): DosingWeight {
  const actual = exact(input.weightKg);
  const actualText = `${formatNumber(input.weightKg)} kg`;
  if (input.basis === 'actual') {
    const kg = roundExact(actual, 1);
    return {
      basis: 'actual',
      dosingWeightKg: kg,
      steps: [
        {
          label: 'Dosing weight (actual body weight)',
          formula: `actual weight ${actualText}, rounded to 0.1 kg`,
          value: kg,
          unit: 'kg',
        },
      ],
      warnings: [],
    };
  }
  const { heightCm, sex } = input;
  if (heightCm === undefined || sex === undefined) {
    throw new RangeError(`${input.basis} body weight needs the height and sex`);
  }
  const ibw = idealBodyWeight(heightCm, sex);
  const rule = WEIGHT_BASIS_RULES.idealBodyWeight;
  const steps: DoseStep[] = [
    {
      label: 'Height in inches',
      formula: `${formatNumber(heightCm)} cm ÷ 2.54 (not rounded)`,
      value: approximate(ibw.inches),
      unit: 'in',
    },
    {
      label: `Ideal body weight (Devine, ${sex})`,
      formula: `${formatNumber(rule.baseKg[sex])} kg + 2.3 kg × (${formatExact(ibw.inches)} in − 60 in) (not rounded)`,
      value: approximate(ibw.kg),
      unit: 'kg',
    },
  ];
  if (compare(actual, ibw.kg) < 0) {
    const kg = roundExact(actual, 1);
    steps.push({
      label: 'Dosing weight (actual body weight)',
      formula: `actual weight ${actualText} is below the ideal body weight, so the actual weight is used, rounded to 0.1 kg`,
      value: kg,
      unit: 'kg',
    });
    return {
      basis: input.basis,
      dosingWeightKg: kg,
      steps,
      warnings: [
        `The actual weight (${actualText}) is below the ideal body weight (${formatNumber(roundExact(ibw.kg, 1))} kg), so the ${input.basis} weight basis uses the actual weight`,
      ],
    };
  }
  if (input.basis === 'ideal') {
    const kg = roundExact(ibw.kg, 1);
    steps.push({
      label: 'Dosing weight (ideal body weight)',
      formula: `ideal body weight ${formatExact(ibw.kg)} kg, rounded to 0.1 kg`,
      value: kg,
      unit: 'kg',
    });
    return { basis: 'ideal', dosingWeightKg: kg, steps, warnings: [] };
  }
  const factor = WEIGHT_BASIS_RULES.adjustedBodyWeight.factor;
  const adjusted = plus(ibw.kg, times(exact(factor), minus(actual, ibw.kg)));
  const kg = roundExact(adjusted, 1);
  steps.push(
    {
      label: 'Adjusted body weight',
      formula: `${formatExact(ibw.kg)} kg + ${factor} × (${actualText} − ${formatExact(ibw.kg)} kg) (not rounded)`,
      value: approximate(adjusted),
      unit: 'kg',
    },
    {
      label: 'Dosing weight (adjusted body weight)',
      formula: `adjusted body weight ${formatExact(adjusted)} kg, rounded to 0.1 kg`,
      value: kg,
      unit: 'kg',
    },
  );
  return { basis: 'adjusted', dosingWeightKg: kg, steps, warnings: [] };
}
