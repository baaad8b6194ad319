import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The callback form carries the time it was served, signed with a server secret. People take a
 * while to fill in a name and a phone number; a bot that posts within seconds of loading the form
 * is discarded as spam. clinicPolicy: true (spam-defence tuning, not a clinical rule).
 */
export const MIN_FILL_SECONDS = 3;
/** A form left open longer than this is served again with a fresh token. */
export const MAX_FORM_AGE_SECONDS = 24 * 60 * 60;

export type FormTokenCheck = 'ok' | 'too-fast' | 'expired' | 'invalid';

function sign(secret: Buffer, servedAtMs: number): string {
  return createHmac('sha256', secret).update(`callback-form:${servedAtMs}`).digest('base64url');
}

export function issueFormToken(secret: Buffer, now: Date): string {
  const servedAtMs = now.getTime();
  return `${servedAtMs}.${sign(secret, servedAtMs)}`;
}

export function checkFormToken(secret: Buffer, token: string, now: Date): FormTokenCheck {
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return 'invalid';
  const servedAtMs = Number(match[1]);
  const expected = Buffer.from(sign(secret, servedAtMs));
  const given = Buffer.from(match[2] ?? '');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
  const ageSeconds = (now.getTime() - servedAtMs) / 1000;
  if (ageSeconds < 0) return 'invalid';
  if (ageSeconds < MIN_FILL_SECONDS) return 'too-fast';
  if (ageSeconds > MAX_FORM_AGE_SECONDS) return 'expired';
  return 'ok';
}
