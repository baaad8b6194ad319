/**
 * Exact decimal arithmetic for dose calculations. A number entered as 35.05 is held as the decimal
 * 35.05 (the shortest text that reads back as the same double, which is what the person typed),
 * never as the binary value 35.049999…, and products and quotients are exact fractions of BigInts.
 * So rounding half away from zero sees the true decimal value and binary floating-point error can
 * never flip a tie (35.05 → 35.1, 1.005 → 1.01).
 */

/** num / den, den > 0, exact. */
export type Exact = { readonly num: bigint; readonly den: bigint };

const NUMBER_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/;

function pow10(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

/** The decimal a finite double stands for: the shortest text that reads back as it. */
export function exact(value: number): Exact {
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite number`);
  const match = NUMBER_TEXT.exec(String(value));
  if (!match) throw new RangeError(`cannot read ${value} as a decimal`);
  const [, sign, whole, fraction = '', exponentText = '0'] = match;
  const digits = BigInt(`${sign}${whole}${fraction}`);
  const exponent = Number(exponentText) - fraction.length;
  return exponent >= 0 ? { num: digits * pow10(exponent), den: 1n } : { num: digits, den: pow10(-exponent) };
}

export function plus(a: Exact, b: Exact): Exact {
  return { num: a.num * b.den + b.num * a.den, den: a.den * b.den };
}

export function minus(a: Exact, b: Exact): Exact {
  return { num: a.num * b.den - b.num * a.den, den: a.den * b.den };
}

export function times(a: Exact, b: Exact): Exact {
  return { num: a.num * b.num, den: a.den * b.den };
}

export function dividedBy(a: Exact, b: Exact): Exact {
  if (b.num === 0n) throw new RangeError('division by zero');
  const sign = b.num < 0n ? -1n : 1n;
  return { num: a.num * b.den * sign, den: a.den * abs(b.num) };
}

export function compare(a: Exact, b: Exact): number {
  const difference = a.num * b.den - b.num * a.den;
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

/** The double nearest to a decimal `units × 10^-decimals`, written out as text first. */
function fromScaled(units: bigint, decimals: number): number {
  const digits = abs(units)
    .toString()
    .padStart(decimals + 1, '0');
  const split = digits.length - decimals;
  const text = decimals === 0 ? digits : `${digits.slice(0, split)}.${digits.slice(split)}`;
  const value = Number(units < 0n ? `-${text}` : text);
  return value === 0 ? 0 : value;
}

/** Rounds an exact value to `decimals` places, half away from zero. */
export function roundExact(value: Exact, decimals: number): number {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 20) {
    throw new RangeError(`decimals must be a whole number from 0 to 20, not ${decimals}`);
  }
  const scaled = value.num * pow10(decimals);
  let units = scaled / value.den;
  const remainder = abs(scaled % value.den);
  if (2n * remainder >= value.den) units += scaled < 0n ? -1n : 1n;
  return fromScaled(units, decimals);
}

/** Rounds a number, read as the decimal it was written as, half away from zero: 35.05 → 35.1. */
export function roundHalfAwayFromZero(value: number, decimals: number): number {
  return roundExact(exact(value), decimals);
}

/** A nearby double, for showing an unrounded intermediate value (never used to compute with). */
export function approximate(value: Exact): number {
  return roundExact(value, 12);
}
