/**
 * DEA registration numbers: two letters (the registrant type, then usually the initial of the
 * registrant's last or business name) and seven digits, the seventh a check digit. The check: add the
 * 1st, 3rd and 5th digits, add twice the sum of the 2nd, 4th and 6th; the last digit of the total is
 * the 7th digit. DEA does not publish the rule in 21 CFR; it is the widely used verification
 * (secondary sources, e.g. takerx.com "verify a DEA number"), so a number that fails it is almost
 * certainly mistyped. It cannot tell whether the number is registered: only DEA's lookup can.
 */

export const DEA_NUMBER_FORMAT = /^[A-Z]{2}\d{7}$/;

export const DEA_NUMBER_MESSAGES = {
  format: 'A DEA number is two letters and seven digits, like AB1234563.',
  checkDigit: 'This DEA number’s last digit does not match the others; check it for a typing error.',
} as const;

/** The check digit the first six digits call for. */
export function deaCheckDigit(sixDigits: string): number {
  const d = [...sixDigits].map(Number);
  const odd = (d[0] ?? 0) + (d[2] ?? 0) + (d[4] ?? 0);
  const even = (d[1] ?? 0) + (d[3] ?? 0) + (d[5] ?? 0);
  return (odd + 2 * even) % 10;
}

/** Why a DEA number (already upper-cased and trimmed) is not one, or null when it passes. */
export function deaNumberProblem(value: string): keyof typeof DEA_NUMBER_MESSAGES | null {
  if (!DEA_NUMBER_FORMAT.test(value)) return 'format';
  return deaCheckDigit(value.slice(2, 8)) === Number(value[8]) ? null : 'checkDigit';
}
