import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  approximate,
  compare,
  dividedBy,
  exact,
  minus,
  plus,
  roundExact,
  roundHalfAwayFromZero,
  times,
} from './decimal.ts';

/** `units × 10^-scale` written out as decimal text. */
function text(units: bigint, scale: number): string {
  const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
  const split = digits.length - scale;
  const body = scale === 0 ? digits : `${digits.slice(0, split)}.${digits.slice(split)}`;
  return units < 0n ? `-${body}` : body;
}

/**
 * The BigInt reference: N / D rounded to `decimals` places, half away from zero, as scaled units.
 * Written as "add a half and floor" on the magnitude, unlike the remainder test in decimal.ts.
 */
function referenceUnits(numerator: bigint, denominator: bigint, decimals: number): bigint {
  const negative = numerator < 0n !== denominator < 0n && numerator !== 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const units = (2n * n * 10n ** BigInt(decimals) + d) / (2n * d);
  return negative ? -units : units;
}

function reference(numerator: bigint, denominator: bigint, decimals: number): number {
  const value = Number(text(referenceUnits(numerator, denominator, decimals), decimals));
  return value === 0 ? 0 : value;
}

/** A decimal with at most 15 significant digits, so its double reads back as the same decimal. */
const decimal = (maxUnits: bigint, maxScale: number) =>
  fc.record({
    units: fc.bigInt({ min: -maxUnits, max: maxUnits }),
    scale: fc.integer({ min: 0, max: maxScale }),
  });

const RUNS = { numRuns: 200 };

describe('roundHalfAwayFromZero', () => {
  it.each([
    [35.05, 1, 35.1],
    [35.04, 1, 35],
    [35.15, 1, 35.2],
    [5.25, 1, 5.3],
    [1.005, 2, 1.01],
    [2.675, 2, 2.68],
    [1.255, 2, 1.26],
    [8.345, 2, 8.35],
    [0.045, 2, 0.05],
    [0.125, 2, 0.13],
    [1.45, 1, 1.5],
    [2.5, 0, 3],
    [-2.5, 0, -3],
    [-1.005, 2, -1.01],
    [-35.05, 1, -35.1],
    [-0.04, 1, 0],
    [0, 2, 0],
    [1e-7, 2, 0],
    [5e-7, 6, 0.000001],
    [123456.785, 2, 123456.79],
    [1e21, 1, 1e21],
    [70, 1, 70],
  ])('%d to %i places is %d', (value, decimals, expected) => {
    expect(roundHalfAwayFromZero(value, decimals)).toBe(expected);
  });

  it('never returns negative zero', () => {
    expect(Object.is(roundHalfAwayFromZero(-0.04, 1), 0)).toBe(true);
    expect(Object.is(roundHalfAwayFromZero(-0, 1), 0)).toBe(true);
  });

  it('gets right the ties that binary arithmetic gets wrong', () => {
    const naive = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;
    // 35.05 is 35.04999… in binary and 1.005 is 1.00499…: the naive way rounds them down.
    expect(naive(1.005, 2)).toBe(1);
    expect(roundHalfAwayFromZero(1.005, 2)).toBe(1.01);
    expect(naive(-2.5, 0)).toBe(-2);
    expect(roundHalfAwayFromZero(-2.5, 0)).toBe(-3);
  });

  it('refuses impossible places and non-finite values', () => {
    expect(() => roundHalfAwayFromZero(1, -1)).toThrow(RangeError);
    expect(() => roundHalfAwayFromZero(1, 1.5)).toThrow(RangeError);
    expect(() => roundHalfAwayFromZero(1, 21)).toThrow(RangeError);
    expect(() => roundHalfAwayFromZero(Number.NaN, 1)).toThrow(RangeError);
    expect(() => roundHalfAwayFromZero(Number.POSITIVE_INFINITY, 1)).toThrow(RangeError);
  });

  it('matches the BigInt reference on any decimal of up to 15 digits', () => {
    fc.assert(
      fc.property(decimal(999_999_999_999_999n, 12), fc.integer({ min: 0, max: 6 }), (x, decimals) => {
        const value = Number(text(x.units, x.scale));
        const expected = reference(x.units, 10n ** BigInt(x.scale), decimals);
        expect(roundHalfAwayFromZero(value, decimals)).toBe(expected);
      }),
      RUNS,
    );
  });

  it('rounds every exact tie away from zero', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -99_999_999_999n, max: 99_999_999_999n }),
        fc.integer({ min: 0, max: 3 }),
        (kept, decimals) => {
          // kept followed by a 5: exactly half a unit in the last kept place.
          const units = kept * 10n + (kept < 0n ? -5n : 5n);
          const value = Number(text(units, decimals + 1));
          const away = kept < 0n ? kept - 1n : kept + 1n;
          expect(roundHalfAwayFromZero(value, decimals)).toBe(Number(text(away, decimals)));
        },
      ),
      RUNS,
    );
  });
});

describe('exact arithmetic', () => {
  it('reads doubles as the decimals they were written as', () => {
    expect(exact(35.05)).toEqual({ num: 3505n, den: 100n });
    expect(exact(70)).toEqual({ num: 70n, den: 1n });
    expect(exact(1e-7)).toEqual({ num: 1n, den: 10_000_000n });
    expect(exact(1.5e21)).toEqual({ num: 1_500_000_000_000_000_000_000n, den: 1n });
    expect(exact(-0.5)).toEqual({ num: -5n, den: 10n });
  });

  it('adds, subtracts, multiplies, divides and compares exactly', () => {
    expect(roundExact(plus(exact(0.1), exact(0.2)), 17)).toBe(0.3);
    expect(roundExact(minus(exact(0.3), exact(0.1)), 17)).toBe(0.2);
    expect(roundExact(times(exact(70.1), exact(0.5)), 1)).toBe(35.1);
    expect(roundExact(dividedBy(exact(35.1), exact(4)), 2)).toBe(8.78);
    expect(roundExact(dividedBy(exact(1), exact(-8)), 3)).toBe(-0.125);
    expect(compare(exact(0.1), exact(0.10000000000000002))).toBe(-1);
    expect(compare(exact(2), exact(2))).toBe(0);
    expect(approximate(dividedBy(exact(175), exact(2.54)))).toBeCloseTo(68.8976377953, 9);
    expect(() => dividedBy(exact(1), exact(0))).toThrow(RangeError);
  });

  it('multiplies like the BigInt reference', () => {
    fc.assert(
      fc.property(
        decimal(999_999_999n, 6),
        decimal(999_999_999n, 6),
        fc.integer({ min: 0, max: 4 }),
        (a, b, decimals) => {
          const product = times(exact(Number(text(a.units, a.scale))), exact(Number(text(b.units, b.scale))));
          const expected = reference(a.units * b.units, 10n ** BigInt(a.scale + b.scale), decimals);
          expect(roundExact(product, decimals)).toBe(expected);
        },
      ),
      RUNS,
    );
  });

  it('divides like the BigInt reference', () => {
    fc.assert(
      fc.property(
        decimal(999_999_999n, 6),
        decimal(999_999_999n, 6).filter((b) => b.units !== 0n),
        fc.integer({ min: 0, max: 4 }),
        (a, b, decimals) => {
          const quotient = dividedBy(
            exact(Number(text(a.units, a.scale))),
            exact(Number(text(b.units, b.scale))),
          );
          const expected = reference(
            a.units * 10n ** BigInt(b.scale),
            b.units * 10n ** BigInt(a.scale),
            decimals,
          );
          expect(roundExact(quotient, decimals)).toBe(expected);
        },
      ),
      RUNS,
    );
  });

  it('adds like the BigInt reference', () => {
    fc.assert(
      fc.property(
        decimal(999_999_999n, 6),
        decimal(999_999_999n, 6),
        fc.integer({ min: 0, max: 4 }),
        (a, b, decimals) => {
          const sum = plus(exact(Number(text(a.units, a.scale))), exact(Number(text(b.units, b.scale))));
          const scale = Math.max(a.scale, b.scale);
          const units = a.units * 10n ** BigInt(scale - a.scale) + b.units * 10n ** BigInt(scale - b.scale);
          expect(roundExact(sum, decimals)).toBe(reference(units, 10n ** BigInt(scale), decimals));
        },
      ),
      RUNS,
    );
  });
});
