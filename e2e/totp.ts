import { createHmac } from 'node:crypto';

// RFC 6238 as an authenticator app computes it: HMAC-SHA-1, 6 digits, 30-second steps.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Decode(text: string): Buffer {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text.replace(/[\s=]/g, '').toUpperCase()) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function totpStep(nowMs = Date.now()): number {
  return Math.floor(nowMs / 1000 / 30);
}

export function totp(secret: string, step = totpStep()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  return ((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, '0');
}

/**
 * A code the server will take after `usedStep` was spent: the current one, or, within the same
 * 30 s, the next step's (servers accept one step of clock drift, and never reuse a step).
 */
export function nextTotp(secret: string, usedStep: number | null): { code: string; step: number } {
  const step = Math.max(totpStep(), (usedStep ?? -1) + 1);
  return { code: totp(secret, step), step };
}
