import { dividedBy, exact, plus, roundExact, times } from './decimal.ts';
import { type DoseStep, formatNumber, type SourcedFact } from './steps.ts';
import {
  dosingWeight,
  MIN_HEIGHT_CM_FOR_IDEAL_WEIGHT,
  SEXES,
  type Sex,
  WEIGHT_BASES,
  WEIGHT_BASIS_RULES,
  type WeightBasis,
} from './weight.ts';

/** The dosing facts these calculations rest on, with their sources. */
export const DOSING_RULES = {
  ivUsualDose: {
    description: 'Most evidence is for 0.5 mg/kg of racemic ketamine IV over 40 minutes',
    mgPerKg: 0.5,
    minutes: 40,
    evidence: ['apa-consensus-2017', 'andrade-2017'],
  },
  ivEvidenceMaximum: {
    description:
      'Some patients need up to 0.75 mg/kg; a higher dose goes beyond the evidence in the reference',
    mgPerKg: 0.75,
    evidence: ['andrade-2017'],
  },
  intranasalDevice: {
    description: 'Esketamine nasal spray: 28 mg per device; 56 mg = 2 devices, 84 mg = 3',
    deviceMg: 28,
    evidence: ['spravato-pi'],
  },
  intranasalAdultDoses: {
    description: 'Adult doses on the esketamine label are 56 mg and 84 mg',
    dosesMg: [56, 84],
    evidence: ['spravato-pi'],
  },
  intranasalRest: {
    description: '5-minute rest after each device',
    minutesBetweenDevices: 5,
    evidence: ['spravato-pi'],
  },
} as const satisfies Record<string, SourcedFact>;

/** Accepted at all: the adult doses, and 28 mg (one device) with a warning. */
export const INTRANASAL_DOSES_MG: readonly number[] = [28, 56, 84];

/**
 * Bounds outside which an input is a typing mistake rather than a clinical choice. They refuse
 * impossible input; they are not dose limits (a protocol's maximum is its own, sourced rule).
 */
export const IV_INPUT_LIMITS = {
  weightKg: { min: 20, max: 350 },
  mgPerKg: { above: 0, max: 2 },
  heightCm: { min: 100, max: 250 },
  bagMl: { min: 0, max: 1000 },
} as const;

export type IvDoseInput = {
  readonly weightKg: number;
  readonly mgPerKg: number;
  readonly concentrationMgPerMl: number;
  readonly minutes: number;
  /** Diluent bag volume added to the drug volume; 0 when absent. */
  readonly bagMl?: number;
  /** Defaults to `actual` (clinic policy). */
  readonly weightBasis?: WeightBasis;
  readonly heightCm?: number;
  readonly sex?: Sex;
};

export type IvDoseResult = {
  readonly ok: true;
  readonly route: 'iv';
  readonly weightBasis: WeightBasis;
  /** 0.1 kg */
  readonly dosingWeightKg: number;
  /** 0.1 mg */
  readonly doseMg: number;
  /** 0.01 mL of drug */
  readonly volumeMl: number;
  /** 0.01 mL: drug plus bag */
  readonly totalVolumeMl: number;
  /** 0.1 mL/h */
  readonly rateMlPerHour: number;
  readonly warnings: readonly string[];
  /** Every step of the calculation, in order; each starts from the previous step's rounded value. */
  readonly steps: readonly DoseStep[];
};

export type IntranasalDoseResult = {
  readonly ok: true;
  readonly route: 'intranasal';
  readonly doseMg: number;
  readonly devices: number;
  readonly minutesBetweenDevices: number;
  readonly warnings: readonly string[];
  readonly steps: readonly DoseStep[];
};

export type DoseField =
  | 'weightKg'
  | 'mgPerKg'
  | 'concentrationMgPerMl'
  | 'minutes'
  | 'bagMl'
  | 'weightBasis'
  | 'heightCm'
  | 'sex'
  | 'doseMg';

export type DoseProblem = { readonly field: DoseField; readonly message: string };

export type DoseFailure = { readonly ok: false; readonly problems: readonly DoseProblem[] };

function checkNumber(
  problems: DoseProblem[],
  field: DoseField,
  name: string,
  value: unknown,
  isValid: (value: number) => boolean,
  expected: string,
): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push({ field, message: `${name} must be a number` });
    return false;
  }
  if (!isValid(value)) {
    problems.push({ field, message: `${name} must be ${expected}, not ${formatNumber(value)}` });
    return false;
  }
  return true;
}

function validateIvInput(input: IvDoseInput): DoseProblem[] {
  const problems: DoseProblem[] = [];
  const limits = IV_INPUT_LIMITS;
  checkNumber(
    problems,
    'weightKg',
    'weight',
    input.weightKg,
    (v) => v >= limits.weightKg.min && v <= limits.weightKg.max,
    `from ${limits.weightKg.min} to ${limits.weightKg.max} kg`,
  );
  checkNumber(
    problems,
    'mgPerKg',
    'mg/kg',
    input.mgPerKg,
    (v) => v > limits.mgPerKg.above && v <= limits.mgPerKg.max,
    `above ${limits.mgPerKg.above} and at most ${limits.mgPerKg.max} mg/kg`,
  );
  checkNumber(
    problems,
    'concentrationMgPerMl',
    'concentration',
    input.concentrationMgPerMl,
    (v) => v > 0,
    'above 0 mg/mL',
  );
  checkNumber(problems, 'minutes', 'infusion time', input.minutes, (v) => v > 0, 'above 0 minutes');
  if (input.bagMl !== undefined) {
    checkNumber(
      problems,
      'bagMl',
      'bag volume',
      input.bagMl,
      (v) => v >= limits.bagMl.min && v <= limits.bagMl.max,
      `from ${limits.bagMl.min} to ${limits.bagMl.max} mL`,
    );
  }
  const basis = input.weightBasis ?? WEIGHT_BASIS_RULES.defaultBasis.value;
  if (!WEIGHT_BASES.includes(basis)) {
    problems.push({
      field: 'weightBasis',
      message: `weight basis must be actual, ideal or adjusted, not "${String(basis)}"`,
    });
    return problems;
  }
  const needsHeight = basis !== 'actual';
  if (input.heightCm === undefined) {
    if (needsHeight) {
      problems.push({ field: 'heightCm', message: `${basis} body weight needs the height in cm` });
    }
  } else if (
    checkNumber(
      problems,
      'heightCm',
      'height',
      input.heightCm,
      (v) => v >= limits.heightCm.min && v <= limits.heightCm.max,
      `from ${limits.heightCm.min} to ${limits.heightCm.max} cm`,
    ) &&
    needsHeight &&
    input.heightCm < MIN_HEIGHT_CM_FOR_IDEAL_WEIGHT
  ) {
    problems.push({
      field: 'heightCm',
      message: `${basis} body weight needs a height of at least ${MIN_HEIGHT_CM_FOR_IDEAL_WEIGHT} cm (the Devine formula starts at 60 inches), not ${formatNumber(input.heightCm)}`,
    });
  }
  if (input.sex === undefined) {
    if (needsHeight) {
      problems.push({ field: 'sex', message: `${basis} body weight needs the sex (female or male)` });
    }
  } else if (!SEXES.includes(input.sex)) {
    problems.push({ field: 'sex', message: `sex must be female or male, not "${String(input.sex)}"` });
  }
  return problems;
}

/**
 * IV ketamine: dosing weight, dose, drug volume, total volume and pump rate. Each step starts from
 * the previous step's rounded value and rounds half away from zero on the exact decimal value.
 */
export function computeIvDose(input: IvDoseInput): IvDoseResult | DoseFailure {
  const problems = validateIvInput(input);
  if (problems.length > 0) return { ok: false, problems };
  const weightBasis = input.weightBasis ?? WEIGHT_BASIS_RULES.defaultBasis.value;
  const bagMl = input.bagMl ?? 0;
  const weight = dosingWeight({
    weightKg: input.weightKg,
    basis: weightBasis,
    heightCm: input.heightCm,
    sex: input.sex,
  });
  const { dosingWeightKg } = weight;
  const doseMg = roundExact(times(exact(dosingWeightKg), exact(input.mgPerKg)), 1);
  const volumeMl = roundExact(dividedBy(exact(doseMg), exact(input.concentrationMgPerMl)), 2);
  const totalVolumeMl = roundExact(plus(exact(volumeMl), exact(bagMl)), 2);
  const rateMlPerHour = roundExact(
    dividedBy(times(exact(totalVolumeMl), exact(60)), exact(input.minutes)),
    1,
  );
  const n = formatNumber;
  const steps: DoseStep[] = [
    ...weight.steps,
    {
      label: 'Dose',
      formula: `${n(dosingWeightKg)} kg × ${n(input.mgPerKg)} mg/kg, rounded to 0.1 mg`,
      value: doseMg,
      unit: 'mg',
    },
    {
      label: 'Drug volume',
      formula: `${n(doseMg)} mg ÷ ${n(input.concentrationMgPerMl)} mg/mL, rounded to 0.01 mL`,
      value: volumeMl,
      unit: 'mL',
    },
    {
      label: 'Total volume',
      formula: `${n(volumeMl)} mL drug + ${n(bagMl)} mL bag, rounded to 0.01 mL`,
      value: totalVolumeMl,
      unit: 'mL',
    },
    {
      label: 'Pump rate',
      formula: `${n(totalVolumeMl)} mL × 60 ÷ ${n(input.minutes)} min, rounded to 0.1 mL/h`,
      value: rateMlPerHour,
      unit: 'mL/h',
    },
  ];
  const warnings = [...weight.warnings];
  const evidenceMax = DOSING_RULES.ivEvidenceMaximum.mgPerKg;
  if (input.mgPerKg > evidenceMax) {
    warnings.push(
      `${n(input.mgPerKg)} mg/kg exceeds the evidence in the clinical reference (up to ${evidenceMax} mg/kg, andrade-2017); a higher dose is clinic policy`,
    );
  }
  return {
    ok: true,
    route: 'iv',
    weightBasis,
    dosingWeightKg,
    doseMg,
    volumeMl,
    totalVolumeMl,
    rateMlPerHour,
    warnings,
    steps,
  };
}

/** Esketamine nasal spray: number of 28 mg devices and the rest between them. */
export function computeIntranasalDose(input: {
  readonly doseMg: number;
}): IntranasalDoseResult | DoseFailure {
  const { doseMg } = input;
  const problems: DoseProblem[] = [];
  if (
    checkNumber(
      problems,
      'doseMg',
      'esketamine dose',
      doseMg,
      (v) => INTRANASAL_DOSES_MG.includes(v),
      '28, 56 or 84 mg (28 mg devices)',
    )
  ) {
    const deviceMg = DOSING_RULES.intranasalDevice.deviceMg;
    const devices = doseMg / deviceMg;
    const minutesBetweenDevices = DOSING_RULES.intranasalRest.minutesBetweenDevices;
    const adult: readonly number[] = DOSING_RULES.intranasalAdultDoses.dosesMg;
    return {
      ok: true,
      route: 'intranasal',
      doseMg,
      devices,
      minutesBetweenDevices,
      warnings: adult.includes(doseMg)
        ? []
        : [
            `${doseMg} mg is not an adult dose on the esketamine label, whose adult doses are 56 mg and 84 mg`,
          ],
      steps: [
        {
          label: 'Devices',
          formula: `${doseMg} mg ÷ ${deviceMg} mg per device`,
          value: devices,
          unit: devices === 1 ? 'device' : 'devices',
        },
        {
          label: 'Rest between devices',
          formula: 'after each device (esketamine label)',
          value: minutesBetweenDevices,
          unit: 'min',
        },
      ],
    };
  }
  return { ok: false, problems };
}
