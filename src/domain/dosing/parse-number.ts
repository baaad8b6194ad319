const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * A decimal number as typed into a form or on the command line ("70", "0.5", ".75"), or null for
 * anything else: words, units ("70kg"), hex, exponents, blanks, several numbers.
 */
export function parseDecimalText(text: string): number | null {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : null;
}
