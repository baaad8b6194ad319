import {
  computeIntranasalDose,
  computeIvDose,
  type DoseField,
  type DoseStep,
  type Sex,
  type WeightBasis,
} from '../../../domain/dosing/index.ts';
import type { DoseUnit } from '../../../domain/protocols/index.ts';
import type { FieldError } from '../../http/problem.ts';

/** What a plan's doses are computed from: the dosing-weight policy and the verified intake's measures. */
export type PlanDosing = {
  route: 'iv-ketamine' | 'esketamine';
  unit: DoseUnit;
  /** IV only. */
  weightBasis: WeightBasis | null;
  weightKg: number | null;
  heightCm: number | null;
  sex: Sex | null;
  concentrationMgPerMl: number | null;
  bagMl: number | null;
  infusionMinutes: number | null;
};

/** A dose with every step of how it was reached (mg, volumes and pump rate for IV; devices for esketamine). */
export type DoseCalculation = {
  doseMg: number;
  steps: readonly DoseStep[];
  warnings: readonly string[];
  dosingWeightKg?: number;
  volumeMl?: number;
  totalVolumeMl?: number;
  rateMlPerHour?: number;
  devices?: number;
  minutesBetweenDevices?: number;
};

const INTAKE_FIELDS: readonly DoseField[] = ['weightKg', 'heightCm'];

function fieldOf(field: DoseField): string {
  switch (field) {
    case 'mgPerKg':
    case 'doseMg':
      return 'body.dose';
    case 'concentrationMgPerMl':
      return 'body.concentrationMgPerMl';
    case 'bagMl':
      return 'body.bagMl';
    case 'sex':
      return 'body.sex';
    case 'minutes':
      return 'body.protocolId';
    default:
      return 'body.weightBasis';
  }
}

export function calculateDose(
  dosing: PlanDosing,
  dose: number,
): { ok: true; calculation: DoseCalculation } | { ok: false; problems: FieldError[] } {
  if (dosing.route === 'esketamine') {
    const result = computeIntranasalDose({ doseMg: dose });
    if (!result.ok)
      return {
        ok: false,
        problems: result.problems.map((p) => ({ field: 'body.dose', message: p.message })),
      };
    return {
      ok: true,
      calculation: {
        doseMg: result.doseMg,
        steps: result.steps,
        warnings: result.warnings,
        devices: result.devices,
        minutesBetweenDevices: result.minutesBetweenDevices,
      },
    };
  }
  if (dosing.concentrationMgPerMl === null) {
    return {
      ok: false,
      problems: [
        {
          field: 'body.concentrationMgPerMl',
          message: 'IV dosing needs the ketamine concentration in mg/mL.',
        },
      ],
    };
  }
  if (dosing.weightKg === null) {
    return {
      ok: false,
      problems: [
        {
          field: 'body.weightBasis',
          message: 'The verified intake has no weight: add it by addendum first.',
        },
      ],
    };
  }
  const result = computeIvDose({
    weightKg: dosing.weightKg,
    mgPerKg: dose,
    concentrationMgPerMl: dosing.concentrationMgPerMl,
    minutes: dosing.infusionMinutes ?? 0,
    bagMl: dosing.bagMl ?? 0,
    weightBasis: dosing.weightBasis ?? 'actual',
    ...(dosing.heightCm !== null && { heightCm: dosing.heightCm }),
    ...(dosing.sex !== null && { sex: dosing.sex }),
  });
  if (!result.ok) {
    return {
      ok: false,
      problems: result.problems.map((p) => ({
        field: fieldOf(p.field),
        message: INTAKE_FIELDS.includes(p.field) ? `${p.message} (from the verified intake)` : p.message,
      })),
    };
  }
  return {
    ok: true,
    calculation: {
      doseMg: result.doseMg,
      steps: result.steps,
      warnings: result.warnings,
      dosingWeightKg: result.dosingWeightKg,
      volumeMl: result.volumeMl,
      totalVolumeMl: result.totalVolumeMl,
      rateMlPerHour: result.rateMlPerHour,
    },
  };
}

/** A written reason: some words, not blank or punctuation only. */
export function isWrittenReason(reason: string | null | undefined): reason is string {
  return typeof reason === 'string' && /\p{L}/u.test(reason);
}
