import { describe, expect, it } from 'vitest';
import { describeChange, describeOutcomeStatus } from './describe-status.ts';
import { computeTrajectory, type Measurement, type TrajectoryInput } from './trajectory.ts';

function describeFor(measurements: Measurement[], extra: Partial<TrajectoryInput> = {}): string {
  return describeOutcomeStatus(
    computeTrajectory({ instrument: 'phq9', measurements, firstTreatmentDate: '2025-03-03', ...extra }),
  );
}

const m = (date: string, total: number): Measurement => ({ date, total });

describe('describeOutcomeStatus', () => {
  it.each([
    [[], {}, 'no PHQ-9 scores yet'],
    [
      [m('2025-03-01', 18)],
      { firstTreatmentDate: null },
      'not started: no treatment yet; latest PHQ-9 18 on 1 Mar',
    ],
    [[m('2025-03-05', 18)], {}, 'no baseline: no PHQ-9 score on or before the first treatment on 3 Mar'],
    [[m('2025-03-01', 18)], {}, 'baseline PHQ-9 18 on 1 Mar; no score since'],
    [[m('2025-03-01', 19), m('2025-03-12', 8)], {}, 'responder since 12 Mar, 58 % below baseline'],
    [
      [m('2025-03-01', 19), m('2025-03-12', 8), m('2025-03-19', 9)],
      {},
      'sustained responder since 12 Mar, 53 % below baseline',
    ],
    [
      [m('2025-03-01', 19), m('2025-03-12', 8), m('2025-04-03', 3)],
      {},
      'in remission since 3 Apr, PHQ-9 3, 84 % below baseline',
    ],
    [
      [m('2025-03-01', 19), m('2025-03-12', 4), m('2025-04-03', 17), m('2025-04-10', 18)],
      {},
      'relapsed since 3 Apr after remission from 12 Mar, PHQ-9 18 on 10 Apr, 5 % below baseline',
    ],
    [
      [m('2025-03-01', 19), m('2025-03-12', 4), m('2025-04-03', 3)],
      {},
      'in remission since 12 Mar, PHQ-9 3 on 3 Apr, 84 % below baseline',
    ],
    [[m('2025-03-01', 15), m('2025-03-12', 15)], {}, 'not responding: PHQ-9 15 on 12 Mar, same as baseline'],
    [
      [m('2025-03-01', 15), m('2025-03-12', 18)],
      {},
      'not responding: PHQ-9 18 on 12 Mar, 20 % above baseline',
    ],
  ] as const)('%j %j: "%s"', (measurements, extra, text) => {
    expect(describeFor([...measurements], extra)).toBe(text);
  });

  it('names the year of a date in another year than the latest score', () => {
    const text = describeFor([m('2024-12-20', 20), m('2024-12-30', 9), m('2025-01-06', 8)], {
      firstTreatmentDate: '2024-12-21',
    });
    expect(text).toBe('sustained responder since 30 Dec 2024, 60 % below baseline');
  });

  it('uses the clinic’s zone for the days it names', () => {
    const measurements = [m('2025-03-01T15:00:00Z', 20), m('2025-03-13T02:00:00Z', 8)];
    expect(describeFor(measurements)).toBe('responder since 13 Mar, 60 % below baseline');
    expect(describeFor(measurements, { timeZone: 'America/Los_Angeles' })).toBe(
      'responder since 12 Mar, 60 % below baseline',
    );
  });

  it('names the instrument it describes', () => {
    const text = describeOutcomeStatus(
      computeTrajectory({
        instrument: 'madrs',
        measurements: [m('2025-03-01', 30), m('2025-03-12', 10)],
        firstTreatmentDate: '2025-03-03',
      }),
    );
    expect(text).toBe('in remission since 12 Mar, MADRS 10, 67 % below baseline');
  });
});

describe('describeChange', () => {
  it.each([
    [-57.89, '58 % below baseline'],
    [-50, '50 % below baseline'],
    [12.5, '13 % above baseline'],
    [0, 'same as baseline'],
    [-0.3, 'less than 1 % below baseline'],
    [null, 'baseline was 0, so no percentage change'],
  ])('%s is "%s"', (change, text) => {
    expect(describeChange(change)).toBe(text);
  });
});
