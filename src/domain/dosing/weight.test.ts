import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundExact } from './decimal.ts';
import { dosingWeight, idealBodyWeight, type Sex } from './weight.ts';

describe('idealBodyWeight (Devine)', () => {
  it.each([
    [152.4, 'male', 60, 50],
    [152.4, 'female', 60, 45.5],
    [175, 'male', 68.8976, 70.4646],
    [160, 'female', 62.9921, 52.3819],
    [180, 'male', 70.8661, 74.9921],
    [165, 'female', 64.9606, 56.9094],
    [200, 'female', 78.7402, 88.6024],
  ] as const)('%d cm, %s: %d in, %d kg', (heightCm, sex, inches, kg) => {
    const ibw = idealBodyWeight(heightCm, sex);
    expect(roundExact(ibw.inches, 4)).toBe(inches);
    expect(roundExact(ibw.kg, 4)).toBe(kg);
  });

  it('uses the exact inches, not inches rounded first', () => {
    // 170 cm = 66.929… in: 50 + 2.3 × 6.929… = 65.937…; with 67 in it would be 66.1.
    expect(roundExact(idealBodyWeight(170, 'male').kg, 1)).toBe(65.9);
  });
});

describe('dosingWeight', () => {
  it('uses the actual weight by default basis, rounded to 0.1 kg', () => {
    expect(dosingWeight({ weightKg: 70.04, basis: 'actual' })).toMatchObject({
      basis: 'actual',
      dosingWeightKg: 70,
      warnings: [],
    });
    expect(dosingWeight({ weightKg: 70.05, basis: 'actual' }).dosingWeightKg).toBe(70.1);
  });

  it('uses the ideal weight, rounded to 0.1 kg, showing height and IBW steps', () => {
    const result = dosingWeight({ weightKg: 90, basis: 'ideal', heightCm: 175, sex: 'male' });
    expect(result.dosingWeightKg).toBe(70.5);
    expect(result.warnings).toEqual([]);
    expect(result.steps.map((step) => step.label)).toEqual([
      'Height in inches',
      'Ideal body weight (Devine, male)',
      'Dosing weight (ideal body weight)',
    ]);
    expect(result.steps[0]?.formula).toBe('175 cm ÷ 2.54 (not rounded)');
  });

  it('uses the adjusted weight: IBW + 0.4 × (actual − IBW)', () => {
    // 165 cm female: IBW 56.9094…; 56.9094 + 0.4 × (100 − 56.9094) = 74.1457 → 74.1
    const result = dosingWeight({ weightKg: 100, basis: 'adjusted', heightCm: 165, sex: 'female' });
    expect(result.dosingWeightKg).toBe(74.1);
    expect(result.steps.map((step) => step.label)).toEqual([
      'Height in inches',
      'Ideal body weight (Devine, female)',
      'Adjusted body weight',
      'Dosing weight (adjusted body weight)',
    ]);
  });

  it.each(['ideal', 'adjusted'] as const)(
    'uses the actual weight for %s weight when it is below the ideal weight, and says so',
    (basis) => {
      const result = dosingWeight({ weightKg: 50.04, basis, heightCm: 175, sex: 'male' });
      expect(result.basis).toBe(basis);
      expect(result.dosingWeightKg).toBe(50);
      expect(result.warnings).toEqual([
        `The actual weight (50.04 kg) is below the ideal body weight (70.5 kg), so the ${basis} weight basis uses the actual weight`,
      ]);
    },
  );

  it('uses the ideal weight when the actual weight equals it', () => {
    const result = dosingWeight({ weightKg: 45.5, basis: 'ideal', heightCm: 152.4, sex: 'female' });
    expect(result).toMatchObject({ dosingWeightKg: 45.5, warnings: [] });
  });

  it('refuses ideal weight without height and sex (callers validate first)', () => {
    expect(() => dosingWeight({ weightKg: 70, basis: 'ideal' })).toThrow(RangeError);
  });

  it('matches a BigInt reference for every basis, height and sex', () => {
    // Heights and weights to 0.1; IBW × 2540 = base × 2540 + 230 × height10 − 350520.
    const base2540: Record<Sex, bigint> = { male: 127_000n, female: 115_570n };
    const roundUnits = (num: bigint, den: bigint) => (2n * num + den) / (2n * den); // num ≥ 0
    fc.assert(
      fc.property(
        fc.integer({ min: 1524, max: 2500 }),
        fc.integer({ min: 200, max: 3500 }),
        fc.constantFrom<Sex>('female', 'male'),
        fc.constantFrom('ideal' as const, 'adjusted' as const),
        (height10, weight10, sex, basis) => {
          const ibw2540 = base2540[sex] + 230n * BigInt(height10) - 350_520n;
          const weight2540 = 254n * BigInt(weight10);
          let expected10: bigint;
          if (weight2540 < ibw2540) expected10 = BigInt(weight10);
          else if (basis === 'ideal') expected10 = roundUnits(ibw2540 * 10n, 2540n);
          else expected10 = roundUnits((6n * ibw2540 + 4n * weight2540) * 10n, 25_400n);
          const result = dosingWeight({ weightKg: weight10 / 10, basis, heightCm: height10 / 10, sex });
          expect(result.dosingWeightKg).toBe(Number(expected10) / 10);
        },
      ),
      { numRuns: 200 },
    );
  });
});
