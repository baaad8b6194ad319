import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, matchTotp, timeStep, totpAt } from './totp.ts';

// RFC 6238 appendix B, SHA-1 key "12345678901234567890"; the 8-digit values end in these 6 digits.
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));
const VECTORS: [number, string][] = [
  [59, '287082'],
  [1111111109, '081804'],
  [1111111111, '050471'],
  [1234567890, '005924'],
  [2000000000, '279037'],
];

describe('TOTP', () => {
  it.each(VECTORS)('matches RFC 6238 at T=%i', (seconds, code) => {
    expect(totpAt(RFC_SECRET, timeStep(new Date(seconds * 1000)))).toBe(code);
  });

  it('round-trips base32', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255, 7, 9]);
    expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
  });

  it('accepts one step of clock drift either way and nothing further', () => {
    const now = new Date(1_800_000_000_000);
    const step = timeStep(now);
    expect(matchTotp(RFC_SECRET, totpAt(RFC_SECRET, step - 1), now, null)).toBe(step - 1);
    expect(matchTotp(RFC_SECRET, totpAt(RFC_SECRET, step + 1), now, null)).toBe(step + 1);
    expect(matchTotp(RFC_SECRET, totpAt(RFC_SECRET, step - 2), now, null)).toBeUndefined();
  });

  it('refuses a code at or before the last step used (replay)', () => {
    const now = new Date(1_800_000_000_000);
    const step = timeStep(now);
    expect(matchTotp(RFC_SECRET, totpAt(RFC_SECRET, step), now, step)).toBeUndefined();
    expect(matchTotp(RFC_SECRET, totpAt(RFC_SECRET, step), now, step - 1)).toBe(step);
  });

  it('refuses anything but six digits', () => {
    expect(matchTotp(RFC_SECRET, '12345', new Date(), null)).toBeUndefined();
    expect(matchTotp(RFC_SECRET, 'abcdef', new Date(), null)).toBeUndefined();
  });
});
