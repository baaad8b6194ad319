import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareMoments, formatDay, parseIsoMoment } from './iso-dates.ts';

describe('parseIsoMoment', () => {
  it.each([
    ['2025-03-12', undefined, { day: '2025-03-12', instant: null }],
    ['2024-02-29', undefined, { day: '2024-02-29', instant: null }],
    ['2025-03-12T09:30:00Z', undefined, { day: '2025-03-12', instant: Date.UTC(2025, 2, 12, 9, 30) }],
    ['2025-03-12T09:30Z', undefined, { day: '2025-03-12', instant: Date.UTC(2025, 2, 12, 9, 30) }],
    ['2025-03-12T23:30:00-05:00', undefined, { day: '2025-03-12', instant: Date.UTC(2025, 2, 13, 4, 30) }],
    [
      '2025-03-12T23:30:00.123456Z',
      undefined,
      { day: '2025-03-12', instant: Date.UTC(2025, 2, 12, 23, 30, 0, 123) },
    ],
    ['2025-03-12T23:30:00Z', 'Asia/Tokyo', { day: '2025-03-13', instant: Date.UTC(2025, 2, 12, 23, 30) }],
    [
      '2025-03-13T03:30:00Z',
      'America/New_York',
      { day: '2025-03-12', instant: Date.UTC(2025, 2, 13, 3, 30) },
    ],
    ['2025-03-12', 'Asia/Tokyo', { day: '2025-03-12', instant: null }],
  ])('reads %s (zone %s)', (iso, zone, expected) => {
    expect(parseIsoMoment(iso, zone)).toEqual(expected);
  });

  it.each([
    '2025-02-29',
    '2025-13-01',
    '2025-00-10',
    '2025-3-12',
    '12/03/2025',
    '2025-03-12T09:30:00',
    '2025-03-12 09:30:00Z',
    '2025-03-12T25:00:00Z',
    '2025-02-30T10:00:00Z',
    '',
    'yesterday',
  ])('refuses %j (no local-time guessing)', (iso) => {
    expect(() => parseIsoMoment(iso)).toThrow(RangeError);
  });

  it('refuses an unknown time zone', () => {
    expect(() => parseIsoMoment('2025-03-12T10:00:00Z', 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('compareMoments', () => {
  const at = (iso: string) => parseIsoMoment(iso);

  it('orders by day, then instant, with a calendar date first in its day', () => {
    expect(compareMoments(at('2025-03-11T23:00:00Z'), at('2025-03-12'))).toBe(-1);
    expect(compareMoments(at('2025-03-12'), at('2025-03-12T00:00:00Z'))).toBe(-1);
    expect(compareMoments(at('2025-03-12T08:00:00Z'), at('2025-03-12T09:00:00Z'))).toBe(-1);
    expect(compareMoments(at('2025-03-12'), at('2025-03-12'))).toBe(0);
  });

  it('can read a calendar date as the end of its day ("on or before")', () => {
    expect(compareMoments(at('2025-03-12T23:59:00Z'), at('2025-03-12'), true)).toBe(-1);
    expect(compareMoments(at('2025-03-13T00:00:00Z'), at('2025-03-12'), true)).toBe(1);
  });

  it('agrees with instants for UTC date-times', () => {
    const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const ma = parseIsoMoment(new Date(a).toISOString());
        const mb = parseIsoMoment(new Date(b).toISOString());
        expect(compareMoments(ma, mb)).toBe(Math.sign(a - b));
      }),
      { numRuns: 200 },
    );
  });
});

describe('formatDay', () => {
  it.each([
    ['2025-03-12', '2025', '12 Mar'],
    ['2025-03-02', '2025', '2 Mar'],
    ['2024-12-31', '2025', '31 Dec 2024'],
    ['2025-01-01', undefined, '1 Jan 2025'],
  ])('%s (latest year %s) is %s', (day, year, text) => {
    expect(formatDay(day, year)).toBe(text);
  });
});
