import { describe, expect, it } from 'vitest';
import { DEFAULT_VITALS_SCHEDULES, nextVitalsDue } from './vitals-schedule.ts';

const MIN = 60_000;
const start = Date.UTC(2026, 10, 27, 9, 0);
const at = (minutes: number) => start + minutes * MIN;

describe('IV ketamine vitals schedule (every 10 min during, every 15 min after)', () => {
  const schedule = DEFAULT_VITALS_SCHEDULES['iv-ketamine'];

  it('is due 10 min after the start while the infusion runs', () => {
    expect(
      nextVitalsDue(schedule, { doseStartedAt: start, infusionEndedAt: null, readingsAt: [], now: at(3) }),
    ).toEqual({
      dueAt: at(10),
      overdue: false,
      reason: 'Every 10 min during the infusion',
    });
  });

  it('counts from the latest reading and warns when it is overdue', () => {
    const due = nextVitalsDue(schedule, {
      doseStartedAt: start,
      infusionEndedAt: null,
      readingsAt: [at(10), at(20)],
      now: at(31),
    });
    expect(due).toMatchObject({ dueAt: at(30), overdue: true });
  });

  it('asks for a reading when the infusion ends before the interval runs out', () => {
    const due = nextVitalsDue(schedule, {
      doseStartedAt: start,
      infusionEndedAt: at(40),
      readingsAt: [at(10), at(20), at(35)],
      now: at(41),
    });
    expect(due).toEqual({ dueAt: at(40), overdue: true, reason: 'At the end of the infusion' });
  });

  it('switches to every 15 min after the infusion', () => {
    const due = nextVitalsDue(schedule, {
      doseStartedAt: start,
      infusionEndedAt: at(40),
      readingsAt: [at(10), at(20), at(30), at(40)],
      now: at(45),
    });
    expect(due).toEqual({ dueAt: at(55), overdue: false, reason: 'Every 15 min after the dose' });
  });

  it('is marked as clinic policy', () => {
    expect(schedule.clinicPolicy).toBe(true);
  });
});

describe('esketamine vitals schedule (before dosing, about 40 min, before discharge)', () => {
  const schedule = DEFAULT_VITALS_SCHEDULES.esketamine;

  it('is due at 40 min after the first device', () => {
    expect(nextVitalsDue(schedule, { doseStartedAt: start, readingsAt: [], now: at(20) })).toEqual({
      dueAt: at(40),
      overdue: false,
      reason: 'About 40 min after the dose',
    });
  });

  it('accepts a reading shortly before the 40-minute mark', () => {
    expect(nextVitalsDue(schedule, { doseStartedAt: start, readingsAt: [at(36)], now: at(50) })).toBeNull();
  });

  it('does not count a reading taken too early', () => {
    expect(
      nextVitalsDue(schedule, { doseStartedAt: start, readingsAt: [at(30)], now: at(45) }),
    ).toMatchObject({
      dueAt: at(40),
      overdue: true,
    });
  });

  it('cites the label', () => {
    expect(schedule.evidence).toEqual(['spravato-pi']);
    expect(schedule.clinicPolicy).toBeUndefined();
  });
});
