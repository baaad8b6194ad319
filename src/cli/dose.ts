import {
  computeIntranasalDose,
  computeIvDose,
  type DoseFailure,
  type DoseField,
  type DoseStep,
  parseDecimalText,
  SEXES,
  type Sex,
  WEIGHT_BASES,
  type WeightBasis,
} from '../domain/dosing/index.ts';
import { type Command, printJson, UsageError } from './cli-kit.ts';

const IV_OPTIONS = [
  'weight-kg',
  'mg-per-kg',
  'concentration-mg-per-ml',
  'minutes',
  'bag-ml',
  'weight-basis',
  'height-cm',
  'sex',
] as const;
const INTRANASAL_OPTIONS = ['dose-mg'] as const;

/** The option each domain field comes from, so a message names what the person typed. */
const OPTION_OF: Record<DoseField, string> = {
  weightKg: '--weight-kg',
  mgPerKg: '--mg-per-kg',
  concentrationMgPerMl: '--concentration-mg-per-ml',
  minutes: '--minutes',
  bagMl: '--bag-ml',
  weightBasis: '--weight-basis',
  heightCm: '--height-cm',
  sex: '--sex',
  doseMg: '--dose-mg',
};

const USAGE = [
  'ketaflow dose --route iv --weight-kg W --mg-per-kg D --concentration-mg-per-ml C --minutes M',
  '              [--bag-ml B] [--weight-basis actual|ideal|adjusted --height-cm H --sex female|male] [--json]',
  'ketaflow dose --route intranasal --dose-mg 28|56|84 [--json]',
  '',
  'Computes a dose; needs no database. IV racemic ketamine: dosing weight (0.1 kg), dose (0.1 mg),',
  'drug volume (0.01 mL), total volume with the bag (0.01 mL) and pump rate (0.1 mL/h), each from the',
  "previous step's rounded value, rounding half away from zero. Ideal weight is Devine's (height of at",
  'least 152.4 cm); adjusted weight is IBW + 0.4 × (actual − IBW). Esketamine nasal spray: 28 mg devices,',
  '5 minutes between devices; 28, 56 or 84 mg.',
  'With --json: one line {"weightBasis","dosingWeightKg","doseMg","volumeMl","totalVolumeMl",',
  '"rateMlPerHour","warnings"} or {"doseMg","devices","minutesBetweenDevices","warnings"}. Bad input exits 2.',
].join('\n');

function requireOptions(values: Record<string, unknown>, names: readonly string[]): void {
  const missing = names.filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new UsageError(`give ${missing.map((name) => `--${name}`).join(', ')}`);
}

function numberOption(values: Record<string, unknown>, name: string): number | undefined {
  const text = values[name];
  if (text === undefined) return undefined;
  const value = parseDecimalText(String(text));
  if (value === null) throw new UsageError(`--${name} must be a number, not "${String(text)}"`);
  return value;
}

function choiceOption<T extends string>(
  values: Record<string, unknown>,
  name: string,
  choices: readonly T[],
): T | undefined {
  const text = values[name];
  if (text === undefined) return undefined;
  if (!choices.includes(text as T)) {
    throw new UsageError(`--${name} must be ${choices.join(' or ')}, not "${String(text)}"`);
  }
  return text as T;
}

function refuseOthers(values: Record<string, unknown>, route: string, names: readonly string[]): void {
  const stray = names.filter((name) => values[name] !== undefined);
  if (stray.length > 0) {
    throw new UsageError(
      `${stray.map((name) => `--${name}`).join(', ')} cannot be used with --route ${route}`,
    );
  }
}

function refuse(failure: DoseFailure): never {
  throw new UsageError(
    failure.problems.map((problem) => `${OPTION_OF[problem.field]}: ${problem.message}`).join('; '),
  );
}

function describeSteps(
  title: string,
  steps: readonly DoseStep[],
  warnings: readonly string[],
  sources: string,
) {
  return [
    title,
    ...steps.map((step) => `  ${step.label}: ${step.formula} = ${step.value} ${step.unit}`),
    ...warnings.map((warning) => `Warning: ${warning}`),
    `Sources: ${sources}`,
  ].join('\n');
}

function runIv(values: Record<string, unknown>): void {
  refuseOthers(values, 'iv', INTRANASAL_OPTIONS);
  requireOptions(values, ['weight-kg', 'mg-per-kg', 'concentration-mg-per-ml', 'minutes']);
  const weightBasis = choiceOption<WeightBasis>(values, 'weight-basis', WEIGHT_BASES);
  const sex = choiceOption<Sex>(values, 'sex', SEXES);
  const result = computeIvDose({
    weightKg: numberOption(values, 'weight-kg') as number,
    mgPerKg: numberOption(values, 'mg-per-kg') as number,
    concentrationMgPerMl: numberOption(values, 'concentration-mg-per-ml') as number,
    minutes: numberOption(values, 'minutes') as number,
    bagMl: numberOption(values, 'bag-ml'),
    weightBasis,
    heightCm: numberOption(values, 'height-cm'),
    sex,
  });
  if (!result.ok) refuse(result);
  if (values.json) {
    printJson({
      weightBasis: result.weightBasis,
      dosingWeightKg: result.dosingWeightKg,
      doseMg: result.doseMg,
      volumeMl: result.volumeMl,
      totalVolumeMl: result.totalVolumeMl,
      rateMlPerHour: result.rateMlPerHour,
      warnings: result.warnings,
    });
    return;
  }
  const sources = [
    'apa-consensus-2017',
    'andrade-2017',
    ...(result.weightBasis === 'actual' ? [] : ['devine-ibw']),
  ];
  console.log(
    describeSteps(
      `IV racemic ketamine, ${result.weightBasis} body weight:`,
      result.steps,
      result.warnings,
      sources.join(', '),
    ),
  );
}

function runIntranasal(values: Record<string, unknown>): void {
  refuseOthers(values, 'intranasal', IV_OPTIONS);
  requireOptions(values, ['dose-mg']);
  const result = computeIntranasalDose({ doseMg: numberOption(values, 'dose-mg') as number });
  if (!result.ok) refuse(result);
  if (values.json) {
    printJson({
      doseMg: result.doseMg,
      devices: result.devices,
      minutesBetweenDevices: result.minutesBetweenDevices,
      warnings: result.warnings,
    });
    return;
  }
  console.log(
    describeSteps(
      `Esketamine nasal spray, ${result.doseMg} mg:`,
      result.steps,
      result.warnings,
      'spravato-pi',
    ),
  );
}

export const doseCommand: Command = {
  name: 'dose',
  summary: 'Compute an IV ketamine or esketamine nasal-spray dose, showing each step (no database)',
  usage: USAGE,
  options: {
    route: { type: 'string' },
    ...Object.fromEntries(
      [...IV_OPTIONS, ...INTRANASAL_OPTIONS].map((name) => [name, { type: 'string' as const }]),
    ),
    json: { type: 'boolean' },
  },
  async run(values, positionals) {
    if (positionals.length > 0)
      throw new UsageError(`dose takes options only, not "${positionals.join(' ')}"`);
    const route = values.route;
    if (route === 'iv') runIv(values);
    else if (route === 'intranasal') runIntranasal(values);
    else if (route === undefined) throw new UsageError('say which route: --route iv or --route intranasal');
    else throw new UsageError(`--route must be iv or intranasal, not "${String(route)}"`);
    return 0;
  },
};
