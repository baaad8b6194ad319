// The live dose preview: the same domain code as `ketaflow dose` and the server, run in the browser.
import {
  computeIntranasalDose,
  computeIvDose,
  type DoseStep,
  parseDecimalText,
  type Sex,
  type WeightBasis,
} from '../../../../src/domain/dosing/index.ts';

export type LiveDoseInput = {
  route: 'iv-ketamine' | 'esketamine';
  dose: string;
  weightKg: number | null;
  heightCm: number | null;
  sex: Sex | null;
  weightBasis: WeightBasis;
  concentrationMgPerMl: string;
  bagMl: string;
  infusionMinutes: number | null;
};

export type LiveDose =
  | {
      ok: true;
      doseMg: number;
      steps: readonly DoseStep[];
      warnings: readonly string[];
      volumeMl?: number;
      totalVolumeMl?: number;
      rateMlPerHour?: number;
      devices?: number;
    }
  | { ok: false; problems: { field: string; message: string }[] };

/** Form field each domain input belongs to, so a problem shows beside what the prescriber can change. */
const FORM_FIELD: Record<string, string> = {
  mgPerKg: 'dose',
  doseMg: 'dose',
  concentrationMgPerMl: 'concentrationMgPerMl',
  bagMl: 'bagMl',
  sex: 'sex',
  heightCm: 'weightBasis',
  weightKg: 'weightBasis',
  weightBasis: 'weightBasis',
  minutes: 'protocol',
};

export function computeLiveDose(input: LiveDoseInput): LiveDose {
  const dose = parseDecimalText(input.dose);
  if (dose === null)
    return { ok: false, problems: [{ field: 'dose', message: 'Enter the dose as a number.' }] };
  if (input.route === 'esketamine') {
    const result = computeIntranasalDose({ doseMg: dose });
    if (!result.ok)
      return { ok: false, problems: result.problems.map((p) => ({ field: 'dose', message: p.message })) };
    return {
      ok: true,
      doseMg: result.doseMg,
      steps: result.steps,
      warnings: result.warnings,
      devices: result.devices,
    };
  }
  if (input.weightKg === null) {
    return {
      ok: false,
      problems: [
        {
          field: 'weightBasis',
          message: 'The verified intake has no weight: it is needed for a mg/kg dose.',
        },
      ],
    };
  }
  const concentration = parseDecimalText(input.concentrationMgPerMl);
  if (concentration === null) {
    return {
      ok: false,
      problems: [{ field: 'concentrationMgPerMl', message: 'Enter the ketamine concentration in mg/mL.' }],
    };
  }
  const bag = input.bagMl.trim() === '' ? 0 : parseDecimalText(input.bagMl);
  if (bag === null)
    return {
      ok: false,
      problems: [{ field: 'bagMl', message: 'Enter the bag volume in mL, or leave it empty.' }],
    };
  const result = computeIvDose({
    weightKg: input.weightKg,
    mgPerKg: dose,
    concentrationMgPerMl: concentration,
    minutes: input.infusionMinutes ?? 0,
    bagMl: bag,
    weightBasis: input.weightBasis,
    ...(input.heightCm !== null && { heightCm: input.heightCm }),
    ...(input.sex !== null && { sex: input.sex }),
  });
  if (!result.ok) {
    return {
      ok: false,
      problems: result.problems.map((p) => ({ field: FORM_FIELD[p.field] ?? 'dose', message: p.message })),
    };
  }
  return {
    ok: true,
    doseMg: result.doseMg,
    steps: result.steps,
    warnings: result.warnings,
    volumeMl: result.volumeMl,
    totalVolumeMl: result.totalVolumeMl,
    rateMlPerHour: result.rateMlPerHour,
  };
}
