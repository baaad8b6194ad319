import { describe, expect, it } from 'vitest';
import { afterSessionDueAt, DEFAULT_AFTER_SESSION_MEASURES } from './after-session.ts';

describe('after-session measures', () => {
  it('default to a PHQ-9 the next day, as clinic policy', () => {
    expect(DEFAULT_AFTER_SESSION_MEASURES).toMatchObject({
      instruments: ['phq9'],
      hoursAfter: 24,
      clinicPolicy: true,
    });
  });

  it('fall due the given hours after the discharge', () => {
    const out = new Date('2026-11-27T16:40:00Z');
    expect(afterSessionDueAt(out, 24).toISOString()).toBe('2026-11-28T16:40:00.000Z');
    expect(afterSessionDueAt(out, 0).toISOString()).toBe(out.toISOString());
    expect(() => afterSessionDueAt(out, -1)).toThrow(RangeError);
  });
});
