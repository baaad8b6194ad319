import { describe, expect, it } from 'vitest';
import { checkPassword, MAX_LENGTH } from './password-policy.ts';

describe('password policy (NIST SP 800-63B rev 4)', () => {
  it('needs 15 characters as the only factor, 8 with MFA', () => {
    expect(checkPassword('tulip-canoe-42', { usesMfa: false })).toMatch(/15/);
    expect(checkPassword('tulip-canoe-425', { usesMfa: false })).toBeUndefined();
    expect(checkPassword('tulip-4x', { usesMfa: true })).toBeUndefined();
    expect(checkPassword('tulip-4', { usesMfa: true })).toMatch(/8/);
  });

  it('counts characters, not bytes', () => {
    expect(checkPassword(`${'ü'.repeat(7)}abcdefgh`, { usesMfa: false })).toBeUndefined();
  });

  it('allows long passphrases and spaces, with no composition rules', () => {
    expect(
      checkPassword('a'.repeat(10) + ' quiet river by the old mill '.repeat(2), { usesMfa: false }),
    ).toBeUndefined();
    expect(checkPassword('x'.repeat(MAX_LENGTH + 1), { usesMfa: false })).toMatch(/at most/);
  });

  it('refuses common passwords from the shipped list, whatever the case', () => {
    expect(checkPassword('Password1234', { usesMfa: true })).toMatch(/common/);
    expect(checkPassword('qwertyuiop', { usesMfa: true })).toMatch(/common/);
  });

  it('refuses repetitive and sequential passwords', () => {
    expect(checkPassword('aaaaaaaaaaaaaaaa', { usesMfa: false })).toMatch(/repeats/);
    expect(checkPassword('abababababababab', { usesMfa: false })).toMatch(/repeats/);
    expect(checkPassword('abcdefghijklmnop', { usesMfa: false })).toMatch(/repeats|sequence/);
  });

  it('refuses the service name and the email local part', () => {
    expect(checkPassword('Ketaflow', { usesMfa: true })).toMatch(/service|email/);
    expect(
      checkPassword('jordan.smith.ok', { usesMfa: false, email: 'jordan.smith.ok@clinic.test' }),
    ).toMatch(/email/);
  });
});
