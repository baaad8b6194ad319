import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayNumber, dayText, weekdayOf } from './dates.ts';

describe('calendar days', () => {
  it.each([
    ['1970-01-01', 0, 'thu'],
    ['2025-03-03', 20150, 'mon'],
    ['2024-02-29', 19782, 'thu'],
    ['1969-12-31', -1, 'wed'],
  ] as const)('%s is day %i, a %s', (day, number, weekday) => {
    expect(dayNumber(day)).toBe(number);
    expect(weekdayOf(number)).toBe(weekday);
    expect(dayText(number)).toBe(day);
  });

  it.each(['2023-02-29', '2025-13-01', '2025-00-10', '2025-1-1', '2025-01-01T00:00Z', '', 'today'])(
    'refuses %j',
    (text) => {
      expect(dayNumber(text)).toBeNull();
    },
  );

  it('adds days across months, years and leap days', () => {
    expect(addDays('2024-12-30', 3)).toBe('2025-01-02');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(() => addDays('nope', 1)).toThrow(RangeError);
  });

  it('round-trips every day and steps the weekday by one', () => {
    fc.assert(
      fc.property(fc.integer({ min: -30_000, max: 60_000 }), (n) => {
        expect(dayNumber(dayText(n))).toBe(n);
        const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
        expect(days.indexOf(weekdayOf(n + 1))).toBe((days.indexOf(weekdayOf(n)) + 1) % 7);
      }),
      { numRuns: 200 },
    );
  });
});
