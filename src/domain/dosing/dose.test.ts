import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isEvidenceId, restsOnlyOnUnverifiedSources } from '../evidence.ts';
import { computeIntranasalDose, computeIvDose, DOSING_RULES, type IvDoseInput } from './dose.ts';
import { WEIGHT_BASIS_RULES } from './weight.ts';

const CONTRACT: IvDoseInput = { weightKg: 70, mgPerKg: 0.5, concentrationMgPerMl: 10, minutes: 40 };

function ok(input: IvDoseInput) {
  const result = computeIvDose(input);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('; '));
  return result;
}

describe('computeIvDose', () => {
  it('meets the contract example: 70 kg, 0.5 mg/kg, 10 mg/mL, 40 min', () => {
    expect(ok(CONTRACT)).toMatchObject({
      weightBasis: 'actual',
      dosingWeightKg: 70,
      doseMg: 35,
      volumeMl: 3.5,
      totalVolumeMl: 3.5,
      rateMlPerHour: 5.3,
      warnings: [],
    });
  });

  it.each([
    // weight, mg/kg, mg/mL, min, bag -> weight, dose, volume, total, rate
    [
      [70.1, 0.5, 10, 40, 0],
      [70.1, 35.1, 3.51, 3.51, 5.3],
    ], // 35.05 -> 35.1
    [
      [70.04, 0.5, 10, 40, 0],
      [70, 35, 3.5, 3.5, 5.3],
    ],
    [
      [70.05, 0.5, 10, 40, 0],
      [70.1, 35.1, 3.51, 3.51, 5.3],
    ],
    [
      [70.2, 0.5, 4, 40, 0],
      [70.2, 35.1, 8.78, 8.78, 13.2],
    ], // 8.775 -> 8.78
    [
      [80, 0.5, 50, 40, 100],
      [80, 40, 0.8, 100.8, 151.2],
    ],
    [
      [80, 0.75, 10, 40, 250],
      [80, 60, 6, 256, 384],
    ],
    [
      [100, 0.5, 100, 40, 50],
      [100, 50, 0.5, 50.5, 75.8],
    ], // 75.75 -> 75.8
    [
      [55.5, 0.5, 10, 52, 0],
      [55.5, 27.8, 2.78, 2.78, 3.2],
    ], // 27.75 -> 27.8; 3.2076…
    [
      [20, 0.1, 10, 40, 0],
      [20, 2, 0.2, 0.2, 0.3],
    ],
    [
      [350, 2, 10, 100, 0],
      [350, 700, 70, 70, 42],
    ],
    [
      [60, 0.5, 10, 40, 0.005],
      [60, 30, 3, 3.01, 4.5],
    ], // 3.005 -> 3.01
    [
      [1.2e2, 0.5, 3, 40, 0],
      [120, 60, 20, 20, 30],
    ],
    [
      [70, 0.5, 10, 0.5, 0],
      [70, 35, 3.5, 3.5, 420],
    ],
  ] as const)('%j gives %j', ([weightKg, mgPerKg, concentrationMgPerMl, minutes, bagMl], expected) => {
    const result = ok({ weightKg, mgPerKg, concentrationMgPerMl, minutes, bagMl });
    expect([
      result.dosingWeightKg,
      result.doseMg,
      result.volumeMl,
      result.totalVolumeMl,
      result.rateMlPerHour,
    ]).toEqual(expected);
  });

  it('shows every step, each starting from the previous rounded value', () => {
    const result = ok({ ...CONTRACT, weightKg: 70.1, bagMl: 100 });
    expect(result.steps).toEqual([
      {
        label: 'Dosing weight (actual body weight)',
        formula: 'actual weight 70.1 kg, rounded to 0.1 kg',
        value: 70.1,
        unit: 'kg',
      },
      { label: 'Dose', formula: '70.1 kg × 0.5 mg/kg, rounded to 0.1 mg', value: 35.1, unit: 'mg' },
      { label: 'Drug volume', formula: '35.1 mg ÷ 10 mg/mL, rounded to 0.01 mL', value: 3.51, unit: 'mL' },
      {
        label: 'Total volume',
        formula: '3.51 mL drug + 100 mL bag, rounded to 0.01 mL',
        value: 103.51,
        unit: 'mL',
      },
      {
        label: 'Pump rate',
        formula: '103.51 mL × 60 ÷ 40 min, rounded to 0.1 mL/h',
        value: 155.3,
        unit: 'mL/h',
      },
    ]);
  });

  it('doses on ideal weight (Devine, exact inches)', () => {
    const result = ok({ ...CONTRACT, weightKg: 90, weightBasis: 'ideal', heightCm: 175, sex: 'male' });
    expect(result).toMatchObject({ weightBasis: 'ideal', dosingWeightKg: 70.5, doseMg: 35.3, warnings: [] });
    expect(result.steps.map((step) => step.label)).toEqual([
      'Height in inches',
      'Ideal body weight (Devine, male)',
      'Dosing weight (ideal body weight)',
      'Dose',
      'Drug volume',
      'Total volume',
      'Pump rate',
    ]);
  });

  it('doses on adjusted weight', () => {
    const result = ok({ ...CONTRACT, weightKg: 100, weightBasis: 'adjusted', heightCm: 165, sex: 'female' });
    expect(result).toMatchObject({ weightBasis: 'adjusted', dosingWeightKg: 74.1, doseMg: 37.1 });
  });

  it.each(['ideal', 'adjusted'] as const)('uses the actual weight for %s when it is below IBW', (basis) => {
    const result = ok({ ...CONTRACT, weightKg: 50, weightBasis: basis, heightCm: 175, sex: 'male' });
    expect(result).toMatchObject({ weightBasis: basis, dosingWeightKg: 50, doseMg: 25 });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/below the ideal body weight \(70\.5 kg\)/);
  });

  it('ignores height and sex for actual weight, once they are valid', () => {
    expect(ok({ ...CONTRACT, heightCm: 120, sex: 'female' })).toMatchObject({ dosingWeightKg: 70 });
  });

  it.each([0.76, 0.8, 1, 2])('warns that %d mg/kg exceeds the evidence in the reference', (mgPerKg) => {
    const result = ok({ ...CONTRACT, mgPerKg });
    expect(result.warnings).toEqual([
      `${mgPerKg} mg/kg exceeds the evidence in the clinical reference (up to 0.75 mg/kg, andrade-2017); a higher dose is clinic policy`,
    ]);
  });

  it.each([0.1, 0.5, 0.75])('has nothing to say about %d mg/kg', (mgPerKg) => {
    expect(ok({ ...CONTRACT, mgPerKg }).warnings).toEqual([]);
  });

  it('gives both warnings together', () => {
    const result = ok({
      ...CONTRACT,
      weightKg: 50,
      mgPerKg: 1,
      weightBasis: 'adjusted',
      heightCm: 175,
      sex: 'male',
    });
    expect(result.warnings).toHaveLength(2);
  });

  it.each([
    [{ weightKg: 19.9 }, 'weightKg', 'weight must be from 20 to 350 kg, not 19.9'],
    [{ weightKg: 350.1 }, 'weightKg', 'weight must be from 20 to 350 kg, not 350.1'],
    [{ weightKg: Number.NaN }, 'weightKg', 'weight must be a number'],
    [{ weightKg: Number.POSITIVE_INFINITY }, 'weightKg', 'weight must be a number'],
    [{ mgPerKg: 0 }, 'mgPerKg', 'mg/kg must be above 0 and at most 2 mg/kg, not 0'],
    [{ mgPerKg: -0.5 }, 'mgPerKg', 'mg/kg must be above 0 and at most 2 mg/kg, not -0.5'],
    [{ mgPerKg: 2.01 }, 'mgPerKg', 'mg/kg must be above 0 and at most 2 mg/kg, not 2.01'],
    [{ concentrationMgPerMl: 0 }, 'concentrationMgPerMl', 'concentration must be above 0 mg/mL, not 0'],
    [{ concentrationMgPerMl: -10 }, 'concentrationMgPerMl', 'concentration must be above 0 mg/mL, not -10'],
    [{ minutes: 0 }, 'minutes', 'infusion time must be above 0 minutes, not 0'],
    [{ minutes: -40 }, 'minutes', 'infusion time must be above 0 minutes, not -40'],
    [{ bagMl: -1 }, 'bagMl', 'bag volume must be from 0 to 1000 mL, not -1'],
    [{ bagMl: 1001 }, 'bagMl', 'bag volume must be from 0 to 1000 mL, not 1001'],
    [{ heightCm: 99 }, 'heightCm', 'height must be from 100 to 250 cm, not 99'],
    [{ heightCm: 251 }, 'heightCm', 'height must be from 100 to 250 cm, not 251'],
    [{ sex: 'other' }, 'sex', 'sex must be female or male, not "other"'],
    [{ weightBasis: 'lean' }, 'weightBasis', 'weight basis must be actual, ideal or adjusted, not "lean"'],
    [
      { weightBasis: 'ideal', heightCm: 152.3, sex: 'male' },
      'heightCm',
      'ideal body weight needs a height of at least 152.4 cm (the Devine formula starts at 60 inches), not 152.3',
    ],
    [
      { weightBasis: 'adjusted', heightCm: 120, sex: 'female' },
      'heightCm',
      'adjusted body weight needs a height of at least 152.4 cm (the Devine formula starts at 60 inches), not 120',
    ],
    [{ weightBasis: 'ideal', sex: 'male' }, 'heightCm', 'ideal body weight needs the height in cm'],
    [
      { weightBasis: 'adjusted', heightCm: 170 },
      'sex',
      'adjusted body weight needs the sex (female or male)',
    ],
  ])('refuses %j: %s', (change, field, message) => {
    const result = computeIvDose({ ...CONTRACT, ...change } as IvDoseInput);
    expect(result).toEqual({ ok: false, problems: [{ field, message }] });
  });

  it('lists every problem at once', () => {
    const result = computeIvDose({
      weightKg: 10,
      mgPerKg: 3,
      concentrationMgPerMl: 0,
      minutes: 0,
      weightBasis: 'ideal',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => p.field)).toEqual([
        'weightKg',
        'mgPerKg',
        'concentrationMgPerMl',
        'minutes',
        'heightCm',
        'sex',
      ]);
    }
  });

  it('matches a BigInt reference of the whole chain on the actual weight', () => {
    const round = (num: bigint, den: bigint) => (2n * num + den) / (2n * den); // num, den > 0
    fc.assert(
      fc.property(
        fc.integer({ min: 200, max: 3500 }), // weight, 0.1 kg
        fc.integer({ min: 1, max: 200 }), // mg/kg, 0.01
        fc.integer({ min: 1, max: 10_000 }), // concentration, 0.1 mg/mL
        fc.integer({ min: 1, max: 1200 }), // minutes, 0.1
        fc.integer({ min: 0, max: 100_000 }), // bag, 0.01 mL
        (weight10, mgPerKg100, concentration10, minutes10, bag100) => {
          const dose10 = round(BigInt(weight10) * BigInt(mgPerKg100), 100n); // (w/10)(d/100) in 0.1
          const volume100 = round(dose10 * 100n, BigInt(concentration10)); // (dose/10)/(c/10) in 0.01
          const total100 = volume100 + BigInt(bag100);
          const rate10 = round(total100 * 60n, BigInt(minutes10)); // (t/100)·60/(m/10) in 0.1
          const result = ok({
            weightKg: weight10 / 10,
            mgPerKg: mgPerKg100 / 100,
            concentrationMgPerMl: concentration10 / 10,
            minutes: minutes10 / 10,
            bagMl: bag100 / 100,
          });
          expect(result.dosingWeightKg).toBe(weight10 / 10);
          expect(result.doseMg).toBe(Number(dose10) / 10);
          expect(result.volumeMl).toBe(Number(volume100) / 100);
          expect(result.totalVolumeMl).toBe(Number(total100) / 100);
          expect(result.rateMlPerHour).toBe(Number(rate10) / 10);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('computeIntranasalDose', () => {
  it.each([
    [56, 2, []],
    [84, 3, []],
    [28, 1, ['28 mg is not an adult dose on the esketamine label, whose adult doses are 56 mg and 84 mg']],
  ] as const)('%i mg is %i devices of 28 mg, 5 minutes apart', (doseMg, devices, warnings) => {
    expect(computeIntranasalDose({ doseMg })).toMatchObject({
      ok: true,
      doseMg,
      devices,
      minutesBetweenDevices: 5,
      warnings,
    });
  });

  it('shows its steps', () => {
    const result = computeIntranasalDose({ doseMg: 84 });
    expect(result.ok && result.steps).toEqual([
      { label: 'Devices', formula: '84 mg ÷ 28 mg per device', value: 3, unit: 'devices' },
      {
        label: 'Rest between devices',
        formula: 'after each device (esketamine label)',
        value: 5,
        unit: 'min',
      },
    ]);
  });

  it.each([0, 14, 27.9, 60, 112, -56, 56.5])('refuses %d mg', (doseMg) => {
    expect(computeIntranasalDose({ doseMg })).toEqual({
      ok: false,
      problems: [
        {
          field: 'doseMg',
          message: `esketamine dose must be 28, 56 or 84 mg (28 mg devices), not ${doseMg}`,
        },
      ],
    });
  });

  it('refuses a non-number', () => {
    expect(computeIntranasalDose({ doseMg: Number.NaN })).toEqual({
      ok: false,
      problems: [{ field: 'doseMg', message: 'esketamine dose must be a number' }],
    });
  });
});

describe('dosing rules', () => {
  const rules = [...Object.entries(DOSING_RULES), ...Object.entries(WEIGHT_BASIS_RULES)];

  it.each(rules)('%s cites registered sources or is clinic policy', (_, rule) => {
    for (const id of rule.evidence) expect(isEvidenceId(id)).toBe(true);
    const policy = 'clinicPolicy' in rule && rule.clinicPolicy === true;
    expect(rule.evidence.length > 0 || policy).toBe(true);
    if (restsOnlyOnUnverifiedSources(rule.evidence)) expect(policy).toBe(true);
  });
});
