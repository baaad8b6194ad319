import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * NIST SP 800-63B rev 4, 3.1.1.2: length is what matters. At least 15 characters when the password
 * is the only factor, 8 when it is used with a second factor; at least 64 allowed; no composition
 * rules; refuse passwords that are common, repetitive or sequential, or built from the service name
 * or the user's own email.
 */
export const MIN_LENGTH_SINGLE_FACTOR = 15;
export const MIN_LENGTH_WITH_MFA = 8;
// Far above NIST's 64 so passphrases fit, but bounded so hashing cannot be used to exhaust the CPU.
export const MAX_LENGTH = 256;

let commonPasswords: Set<string> | undefined;

function isCommon(password: string): boolean {
  if (!commonPasswords) {
    const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'common-passwords.txt');
    commonPasswords = new Set(
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line && !line.startsWith('#')),
    );
  }
  return commonPasswords.has(password.toLowerCase());
}

function isRepetitiveOrSequential(password: string): boolean {
  const chars = [...password];
  if (new Set(chars).size <= 2) return true;
  const codes = chars.map((c) => c.codePointAt(0) ?? 0);
  const steps = new Set(codes.slice(1).map((code, i) => code - (codes[i] ?? 0)));
  return steps.size === 1 && [1, -1].includes([...steps][0] ?? 0);
}

export function minimumPasswordLength(usesMfa: boolean): number {
  return usesMfa ? MIN_LENGTH_WITH_MFA : MIN_LENGTH_SINGLE_FACTOR;
}

/** Returns why the password is refused, or undefined when it is acceptable. */
export function checkPassword(
  password: string,
  context: { usesMfa: boolean; email?: string },
): string | undefined {
  const min = minimumPasswordLength(context.usesMfa);
  const length = [...password].length;
  if (length < min) {
    return context.usesMfa
      ? `Use at least ${min} characters.`
      : `Use at least ${min} characters (8 are enough once two-factor authentication is on).`;
  }
  if (length > MAX_LENGTH) return `Use at most ${MAX_LENGTH} characters.`;
  if (isCommon(password)) return 'This password is too common; choose another.';
  if (isRepetitiveOrSequential(password)) return 'This password repeats or runs in sequence; choose another.';
  const lower = password.toLowerCase();
  const localPart = context.email?.split('@')[0]?.toLowerCase();
  const compact = lower.replace(/[^a-z0-9]/g, '');
  if (
    compact === 'ketaflow' ||
    (localPart && localPart.length >= 4 && compact === localPart.replace(/[^a-z0-9]/g, ''))
  ) {
    return 'Do not use your email or the name of this service as your password.';
  }
  return undefined;
}
