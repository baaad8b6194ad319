/**
 * Ledger quantities are exact decimals: milligrams to 0.1 mg, devices as whole numbers. They are
 * carried as integer tenths so that no sum ever drifts (0.1 + 0.2 is 3 tenths, not 0.30000000000000004).
 */
export type BaseUnit = 'mg' | 'device';

/** A quantity in tenths of the base unit. */
export type Tenths = number;

export type QuantityProblem = 'not-a-number' | 'too-precise' | 'not-whole' | 'too-large';

const MAX_TENTHS = 10 ** 11 - 1; // numeric(12, 1)

/** Turns an amount as entered (12.5 mg, 2 devices) into tenths, or says why it cannot be one. */
export function toTenths(value: number, unit: BaseUnit): Tenths | QuantityProblem {
  if (!Number.isFinite(value)) return 'not-a-number';
  const tenths = Math.round(value * 10);
  if (Math.abs(tenths - value * 10) > 1e-6) return 'too-precise';
  if (unit === 'device' && tenths % 10 !== 0) return 'not-whole';
  if (Math.abs(tenths) > MAX_TENTHS) return 'too-large';
  return tenths;
}

export function isQuantityProblem(value: Tenths | QuantityProblem): value is QuantityProblem {
  return typeof value === 'string';
}

export const QUANTITY_MESSAGES: Record<QuantityProblem, string> = {
  'not-a-number': 'Enter a number.',
  'too-precise': 'Milligrams are recorded to one decimal place (0.1 mg).',
  'not-whole': 'Devices are counted in whole numbers.',
  'too-large': 'That quantity is too large.',
};

/** The canonical text of a quantity, as PostgreSQL prints numeric(12, 1): "500.0", "-12.5", "0.0". */
export function formatTenths(tenths: Tenths): string {
  const sign = tenths < 0 ? '-' : '';
  const abs = Math.abs(tenths);
  return `${sign}${Math.floor(abs / 10)}.${abs % 10}`;
}

/** Reads "500.0", "-12.5" or "3" (numeric text) back into tenths, exactly. */
export function parseTenths(text: string): Tenths {
  const match = /^(-?)(\d+)(?:\.(\d))?$/.exec(text.trim());
  if (!match) throw new TypeError(`not a ledger quantity: ${text}`);
  const value = Number(match[2]) * 10 + Number(match[3] ?? '0');
  return match[1] === '-' ? -value : value;
}

export function tenthsToNumber(tenths: Tenths): number {
  return tenths / 10;
}

/** Millilitres of a solution for a quantity in mg, to 0.01 mL (display only; the ledger keeps mg). */
export function tenthsToMl(tenths: Tenths, mgPerMl: number | null): number | null {
  if (!mgPerMl) return null;
  return Math.round((tenths / 10 / mgPerMl) * 100) / 100;
}

/**
 * What remains of the container opened for a dose drawn from a stock of whole and partly used
 * containers: a dose of 35 mg from a fresh 500 mg vial leaves 465 mg in the open vial.
 */
export function openContainerRemainder(balanceBefore: Tenths, dose: Tenths, perContainer: Tenths): Tenths {
  const after = balanceBefore - dose;
  if (after <= 0 || perContainer <= 0) return 0;
  return after % perContainer;
}
