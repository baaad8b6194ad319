import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildOutcomePolicy } from './policy.ts';
import {
  computeTrajectory,
  isResponse,
  type Measurement,
  percentChange,
  type TrajectoryInput,
} from './trajectory.ts';

/** Scores on consecutive Mondays from 6 Jan 2025; the first treatment is on 7 Jan. */
function weekly(totals: readonly number[]): Measurement[] {
  return totals.map((total, index) => ({
    date: new Date(Date.UTC(2025, 0, 6 + 7 * index)).toISOString().slice(0, 10),
    total,
  }));
}

function phq9(totals: readonly number[], extra: Partial<TrajectoryInput> = {}) {
  return computeTrajectory({
    instrument: 'phq9',
    measurements: weekly(totals),
    firstTreatmentDate: '2025-01-07',
    ...extra,
  });
}

describe('baseline', () => {
  it('is the last score on or before the first treatment', () => {
    const trajectory = computeTrajectory({
      instrument: 'phq9',
      measurements: [
        { date: '2025-01-01', total: 22 },
        { date: '2025-01-06', total: 18 },
        { date: '2025-01-14', total: 9 },
      ],
      firstTreatmentDate: '2025-01-07',
    });
    expect(trajectory.baseline).toEqual({ date: '2025-01-06', total: 18, day: '2025-01-06' });
    expect(trajectory.points.map((point) => point.total)).toEqual([9]);
  });

  it('includes a score on the day of the first treatment when only the date is known', () => {
    const trajectory = computeTrajectory({
      instrument: 'phq9',
      measurements: [
        { date: '2025-01-06', total: 20 },
        { date: '2025-01-07T16:00:00Z', total: 17 },
      ],
      firstTreatmentDate: '2025-01-07',
    });
    expect(trajectory.baseline?.total).toBe(17);
  });

  it('excludes a score taken after the first treatment on the same day', () => {
    const trajectory = computeTrajectory({
      instrument: 'phq9',
      measurements: [
        { date: '2025-01-07T08:00:00Z', total: 20 },
        { date: '2025-01-07T13:00:00Z', total: 17 },
      ],
      firstTreatmentDate: '2025-01-07T09:00:00Z',
    });
    expect(trajectory.baseline?.total).toBe(20);
    expect(trajectory.points.map((point) => point.total)).toEqual([17]);
  });

  it('uses the clinic’s time zone to decide the day', () => {
    const input: TrajectoryInput = {
      instrument: 'phq9',
      measurements: [{ date: '2025-01-08T03:00:00Z', total: 15 }],
      firstTreatmentDate: '2025-01-07',
    };
    expect(computeTrajectory(input).baseline).toBeNull();
    expect(computeTrajectory({ ...input, timeZone: 'America/Chicago' }).baseline).toMatchObject({
      total: 15,
      day: '2025-01-07',
    });
  });

  it('does not depend on the order scores are given in', () => {
    const measurements = weekly([20, 12, 9, 4]);
    const forward = computeTrajectory({ instrument: 'phq9', measurements, firstTreatmentDate: '2025-01-07' });
    const backward = computeTrajectory({
      instrument: 'phq9',
      measurements: [...measurements].reverse(),
      firstTreatmentDate: '2025-01-07',
    });
    expect(backward).toEqual(forward);
  });
});

describe('status before there is anything to compare', () => {
  it('has no scores', () => {
    expect(phq9([]).status).toEqual({ kind: 'no-scores' });
  });

  it('has not started treatment', () => {
    expect(phq9([20, 18], { firstTreatmentDate: null }).status).toEqual({
      kind: 'not-started',
      latest: { date: '2025-01-13', total: 18, day: '2025-01-13' },
    });
  });

  it('has no baseline when every score is after the first treatment', () => {
    const status = phq9([20, 18], { firstTreatmentDate: '2025-01-01' }).status;
    expect(status).toMatchObject({ kind: 'no-baseline', firstTreatmentDay: '2025-01-01' });
  });

  it('has only a baseline', () => {
    expect(phq9([20]).status).toMatchObject({ kind: 'baseline-only', baseline: { total: 20 } });
  });
});

describe('response (≥ 50 % below baseline)', () => {
  it.each([
    [18, 9, true],
    [18, 10, false],
    [19, 9, true],
    [19, 10, false],
    [27, 13, true],
    [27, 14, false],
    [20, 0, true],
    [1, 0, true],
    [0, 0, false],
    [10, 12, false],
  ])('baseline %i, score %i: %s', (baseline, total, expected) => {
    expect(isResponse(baseline, total)).toBe(expected);
    expect(phq9([baseline, total]).points[0]?.response).toBe(expected);
  });

  it.each([
    [20, 10, -50],
    [20, 25, 25],
    [20, 20, 0],
    [0, 5, null],
  ])('percent change from %i to %i is %s', (baseline, total, change) => {
    expect(percentChange(baseline, total)).toBe(change);
  });
});

describe('remission', () => {
  it.each([
    ['phq9', 4, true, undefined],
    ['phq9', 5, false, undefined],
    ['madrs', 10, true, undefined],
    ['madrs', 11, false, undefined],
    ['madrs', 12, true, buildOutcomePolicy({ madrsRemission: 'aspire-2023' })],
    ['madrs', 13, false, buildOutcomePolicy({ madrsRemission: 'aspire-2023' })],
    ['qids-sr16', 5, true, undefined],
    ['qids-sr16', 6, false, undefined],
  ] as const)('%s score %i: remission %s', (instrument, total, expected, policy) => {
    const trajectory = computeTrajectory({
      instrument,
      measurements: [
        { date: '2025-01-06', total: 26 },
        { date: '2025-02-03', total },
      ],
      firstTreatmentDate: '2025-01-07',
      ...(policy ? { policy } : {}),
    });
    expect(trajectory.points[0]?.remission).toBe(expected);
  });

  it('can be reached without a response when the baseline was low', () => {
    const trajectory = phq9([6, 4]);
    expect(trajectory.points[0]).toMatchObject({ response: false, remission: true });
    expect(trajectory.status).toMatchObject({ kind: 'remission', since: '2025-01-13' });
  });

  it('copes with a baseline of 0', () => {
    const trajectory = phq9([0, 0]);
    expect(trajectory.points[0]).toMatchObject({ percentChange: null, response: false, remission: true });
  });
});

describe('sustained response and relapse (clinic-policy definitions)', () => {
  it('is a response at two consecutive measurements', () => {
    const trajectory = phq9([20, 9, 12, 9, 8]);
    expect(trajectory.points.map((point) => point.sustainedResponse)).toEqual([false, false, false, true]);
    expect(trajectory.status).toMatchObject({ kind: 'sustained-response', since: '2025-01-27' });
  });

  it('is a plain response after one measurement', () => {
    expect(phq9([20, 12, 10]).status).toMatchObject({ kind: 'response', since: '2025-01-20' });
  });

  it('counts relapse after remission once two measurements meet neither response nor remission', () => {
    const totals = [20, 9, 4, 3, 15, 16];
    const trajectory = phq9(totals);
    expect(trajectory.points.map((point) => point.relapse)).toEqual([false, false, false, false, true]);
    expect(trajectory.status).toMatchObject({
      kind: 'relapse',
      since: '2025-02-03',
      remissionSince: '2025-01-20',
    });
    expect(phq9(totals.slice(0, 5)).status).toMatchObject({ kind: 'non-response' });
  });

  it('follows a clinic’s relapse count', () => {
    const policy = buildOutcomePolicy({ relapseConsecutive: 1 });
    expect(phq9([20, 4, 15], { policy }).status).toMatchObject({ kind: 'relapse', since: '2025-01-20' });
  });

  it('does not call a lapse without earlier remission a relapse', () => {
    expect(phq9([20, 9, 8, 15, 16]).status).toMatchObject({ kind: 'non-response' });
  });

  it('returns to response or remission after a relapse', () => {
    expect(phq9([20, 4, 15, 16, 9]).status).toMatchObject({ kind: 'response', since: '2025-02-03' });
    expect(phq9([20, 4, 15, 16, 3]).status).toMatchObject({ kind: 'remission', since: '2025-02-03' });
  });
});

describe('refused input', () => {
  it.each([28, -1, 1.5, Number.NaN])('throws for a PHQ-9 total of %s', (total) => {
    expect(() => phq9([20, total])).toThrow(RangeError);
  });

  it('allows MADRS totals up to 60', () => {
    const trajectory = computeTrajectory({
      instrument: 'madrs',
      measurements: weekly([60, 30]),
      firstTreatmentDate: '2025-01-07',
    });
    expect(trajectory.points[0]).toMatchObject({ percentChange: -50, response: true });
  });

  it('throws for a date-time without an offset, or a bad treatment date', () => {
    expect(() =>
      computeTrajectory({
        instrument: 'phq9',
        measurements: [{ date: '2025-01-06T10:00:00', total: 3 }],
        firstTreatmentDate: '2025-01-07',
      }),
    ).toThrow(RangeError);
    expect(() => phq9([20], { firstTreatmentDate: '7 Jan 2025' })).toThrow(RangeError);
  });
});

describe('trajectory properties', () => {
  const totals = fc.array(fc.integer({ min: 0, max: 27 }), { minLength: 1, maxLength: 12 });

  it('is the same whatever order the scores come in', () => {
    fc.assert(
      fc.property(totals, fc.integer(), (list, seed) => {
        const measurements = weekly(list);
        const shuffled = [...measurements].sort(
          (a, b) => ((a.total * 31 + seed) % 7) - ((b.total * 31 + seed) % 7),
        );
        const input = { instrument: 'phq9', firstTreatmentDate: '2025-01-07' } as const;
        expect(computeTrajectory({ ...input, measurements: shuffled })).toEqual(
          computeTrajectory({ ...input, measurements }),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('keeps every flag consistent with its definition', () => {
    fc.assert(
      fc.property(totals, (list) => {
        const trajectory = phq9(list);
        const baseline = list[0] as number;
        expect(trajectory.baseline?.total).toBe(baseline);
        expect(trajectory.points).toHaveLength(list.length - 1);
        trajectory.points.forEach((point, index) => {
          const previous = trajectory.points[index - 1];
          expect(point.response).toBe(baseline > 0 && (point.percentChange ?? 0) <= -50);
          expect(point.remission).toBe(point.total < 5);
          expect(point.sustainedResponse).toBe(point.response && previous?.response === true);
          if (point.relapse) {
            expect(point.response || point.remission).toBe(false);
            expect(trajectory.points.slice(0, index).some((earlier) => earlier.remission)).toBe(true);
          }
        });
      }),
      { numRuns: 200 },
    );
  });
});
