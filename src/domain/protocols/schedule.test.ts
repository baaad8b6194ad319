import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber, WEEKDAYS, type Weekday, weekdayOf } from './dates.ts';
import {
  ESKETAMINE_SUICIDAL_IDEATION_PROTOCOL as MDSI,
  ESKETAMINE_TRD_PROTOCOL as TRD,
} from './esketamine-intranasal.ts';
import { IV_KETAMINE_PROTOCOL as IV } from './iv-ketamine.ts';
import { type PlanOptions, planSessions } from './schedule.ts';
import type { Protocol } from './types.ts';

function plan(protocol: Protocol, start: string, options?: PlanOptions) {
  const result = planSessions(protocol, start, options);
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result;
}

const dates = (protocol: Protocol, start: string, options?: PlanOptions) =>
  plan(protocol, start, options).sessions.map((session) => session.date);

describe('planSessions', () => {
  it('plans the IV induction: 6 infusions, 3 a week, from Monday 3 March 2025', () => {
    const result = plan(IV, '2025-03-03');
    expect(result).toMatchObject({
      protocolId: 'iv-ketamine-standard',
      protocolVersion: 1,
      phaseId: 'induction',
    });
    expect(result.sessions.map((s) => [s.date, s.week, s.dose, s.unit])).toEqual([
      ['2025-03-03', 1, 0.5, 'mg/kg'],
      ['2025-03-05', 1, 0.5, 'mg/kg'],
      ['2025-03-07', 1, 0.5, 'mg/kg'],
      ['2025-03-10', 2, 0.5, 'mg/kg'],
      ['2025-03-12', 2, 0.5, 'mg/kg'],
      ['2025-03-14', 2, 0.5, 'mg/kg'],
    ]);
    expect(result.warnings).toEqual([]);
    expect(result.sessions[1]?.note).toBe(
      'Planned at 0.5 mg/kg; 0.5 or 0.75 mg/kg as response and tolerability decide',
    );
  });

  it('plans the IV induction twice weekly over 3 weeks', () => {
    expect(dates(IV, '2025-03-03', { sessionsPerWeek: 2 })).toEqual([
      '2025-03-03',
      '2025-03-06',
      '2025-03-10',
      '2025-03-13',
      '2025-03-17',
      '2025-03-20',
    ]);
  });

  it('uses the patient’s weekdays, from the first one on or after the start', () => {
    const planned = dates(IV, '2025-03-04', { weekdays: ['mon', 'wed', 'fri'] });
    expect(planned).toEqual([
      '2025-03-05',
      '2025-03-07',
      '2025-03-10',
      '2025-03-12',
      '2025-03-14',
      '2025-03-17',
    ]);
  });

  it('moves sessions past skipped dates, keeping the minimum interval, and warns beyond the span', () => {
    const result = plan(IV, '2025-03-03', {
      weekdays: ['mon', 'wed', 'fri'],
      skipDates: ['2025-03-05', '2025-03-07'],
    });
    expect(result.sessions.map((s) => s.date)).toEqual([
      '2025-03-03',
      '2025-03-10',
      '2025-03-12',
      '2025-03-14',
      '2025-03-17',
      '2025-03-19',
    ]);
    expect(result.warnings).toEqual([
      'Session 2 moved to 2025-03-10, outside its planned week',
      'Session 3 moved to 2025-03-12, outside its planned week',
      'Session 5 moved to 2025-03-17, outside its planned week',
      'Session 6 moved to 2025-03-19, outside its planned week',
    ]);
  });

  it('warns when the IV series runs past 3 weeks', () => {
    const result = plan(IV, '2025-03-03', {
      sessionsPerWeek: 2,
      skipDates: [
        '2025-03-17',
        '2025-03-18',
        '2025-03-19',
        '2025-03-20',
        '2025-03-21',
        '2025-03-22',
        '2025-03-23',
      ],
    });
    expect(result.warnings).toContain('The series runs into week 4, beyond the planned 3 weeks');
  });

  it('plans esketamine TRD weeks 1–4: twice weekly, 56 mg on day 1 then 56 mg planned', () => {
    const result = plan(TRD, '2025-03-03');
    expect(result.sessions.map((s) => [s.date, s.week, s.dose])).toEqual([
      ['2025-03-03', 1, 56],
      ['2025-03-06', 1, 56],
      ['2025-03-10', 2, 56],
      ['2025-03-13', 2, 56],
      ['2025-03-17', 3, 56],
      ['2025-03-20', 3, 56],
      ['2025-03-24', 4, 56],
      ['2025-03-27', 4, 56],
    ]);
    expect(result.sessions[0]?.note).toBe('First session: 56 mg');
    expect(result.sessions[1]?.note).toBe(
      'Planned at 56 mg; 56 or 84 mg as response and tolerability decide',
    );
  });

  it('plans esketamine weeks 5–8 weekly at the current dose', () => {
    const result = plan(TRD, '2025-03-31', { phaseId: 'maintenance-weeks-5-8', currentDose: 84 });
    expect(result.sessions.map((s) => [s.date, s.dose])).toEqual([
      ['2025-03-31', 84],
      ['2025-04-07', 84],
      ['2025-04-14', 84],
      ['2025-04-21', 84],
    ]);
  });

  it('plans esketamine from week 9 every 2 weeks, or weekly', () => {
    const options = { phaseId: 'maintenance-week-9-on', currentDose: 56, sessions: 3 };
    expect(dates(TRD, '2025-04-28', options)).toEqual(['2025-04-28', '2025-05-12', '2025-05-26']);
    expect(dates(TRD, '2025-04-28', { ...options, everyWeeks: 1 })).toEqual([
      '2025-04-28',
      '2025-05-05',
      '2025-05-12',
    ]);
  });

  it('plans the label’s acute-suicidal-ideation schedule: 84 mg twice weekly for 4 weeks', () => {
    const result = plan(MDSI, '2025-01-06', { weekdays: ['tue', 'fri'] });
    expect(result.sessions).toHaveLength(8);
    expect(result.sessions.every((s) => s.dose === 84)).toBe(true);
    expect(result.sessions.map((s) => s.date).slice(0, 3)).toEqual([
      '2025-01-07',
      '2025-01-10',
      '2025-01-14',
    ]);
  });

  it('plans IV boosters when given an interval and a count', () => {
    expect(
      dates(IV, '2025-06-02', { phaseId: 'maintenance', everyWeeks: 4, sessions: 3, currentDose: 0.75 }),
    ).toEqual(['2025-06-02', '2025-06-30', '2025-07-28']);
  });

  it.each([
    ['"not-a-date" is not a date (YYYY-MM-DD)', TRD, 'not-a-date', {}],
    ['"2025-02-30" is not a date (YYYY-MM-DD)', TRD, '2025-02-30', {}],
    ['"tomorrow" is not a date (YYYY-MM-DD)', TRD, '2025-03-03', { skipDates: ['tomorrow'] }],
    ['there is no phase "nope"', TRD, '2025-03-03', { phaseId: 'nope' }],
    ['Induction, weeks 1–4 has 2 sessions a week, not 3', TRD, '2025-03-03', { sessionsPerWeek: 3 }],
    ['Induction series has 2 or 3 sessions a week, not 1', IV, '2025-03-03', { sessionsPerWeek: 1 }],
    ['give 3 weekday(s) for 3 session(s) a week', IV, '2025-03-03', { weekdays: ['mon', 'wed'] }],
    [
      'weekdays must be distinct: mon, tue, wed, thu, fri, sat or sun',
      IV,
      '2025-03-03',
      { weekdays: ['mon', 'mon', 'fri'] },
    ],
    ['Induction series has a set length; sessions cannot be given', IV, '2025-03-03', { sessions: 8 }],
    [
      'Maintenance, week 9 on has no set length: give the number of sessions',
      TRD,
      '2025-03-03',
      { phaseId: 'maintenance-week-9-on', currentDose: 56 },
    ],
    [
      'Maintenance, weeks 5–8 continues the current dose: give currentDose',
      TRD,
      '2025-03-03',
      { phaseId: 'maintenance-weeks-5-8' },
    ],
    [
      '70 mg is not a dose step of Maintenance, weeks 5–8',
      TRD,
      '2025-03-03',
      { phaseId: 'maintenance-weeks-5-8', currentDose: 70 },
    ],
    [
      'Maintenance, week 9 on is every 1 or 2 weeks, not 3',
      TRD,
      '2025-03-03',
      { phaseId: 'maintenance-week-9-on', currentDose: 56, sessions: 2, everyWeeks: 3 },
    ],
    [
      'Maintenance and boosters is as needed: give everyWeeks (a whole number) to plan it',
      IV,
      '2025-03-03',
      { phaseId: 'maintenance', currentDose: 0.5, sessions: 2 },
    ],
  ] as const)('refuses: %s', (problem, protocol, start, options) => {
    const result = planSessions(protocol, start, options as PlanOptions);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toContain(problem);
  });

  it('gives up when every day of a year is skipped', () => {
    const skipDates = Array.from({ length: 400 }, (_, i) =>
      new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10),
    );
    expect(planSessions(TRD, '2025-01-01', { skipDates })).toEqual({
      ok: false,
      problems: ['no possible date within a year: check the skipped dates'],
    });
  });
});

describe('planSessions on any start, weekdays and closures', () => {
  const startDay = fc.integer({
    min: dayNumber('2020-01-01') as number,
    max: dayNumber('2035-12-31') as number,
  });
  const protocolAndCadence = fc.oneof(
    fc.record({ protocol: fc.constant(IV), perWeek: fc.constantFrom(2, 3) }),
    fc.record({ protocol: fc.constant(TRD), perWeek: fc.constant(2) }),
    fc.record({ protocol: fc.constant(MDSI), perWeek: fc.constant(2) }),
  );

  it('keeps the count, order, minimum interval, weekly frequency, weekdays and closures', () => {
    fc.assert(
      fc.property(
        startDay,
        protocolAndCadence,
        fc.boolean(),
        fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 8 }),
        fc.shuffledSubarray([...WEEKDAYS], { minLength: 3, maxLength: 3 }),
        (start, { protocol, perWeek }, useWeekdays, skipOffsets, days) => {
          const startText = new Date(start * 86_400_000).toISOString().slice(0, 10);
          const skipDates = skipOffsets.map((offset) =>
            new Date((start + offset) * 86_400_000).toISOString().slice(0, 10),
          );
          const weekdays = useWeekdays ? (days.slice(0, perWeek) as Weekday[]) : undefined;
          const result = planSessions(protocol, startText, { sessionsPerWeek: perWeek, skipDates, weekdays });
          expect(result.ok).toBe(true);
          if (!result.ok) return;
          const phase = protocol.phases[0];
          const expectedCount =
            phase?.length.value.kind === 'sessions' ? phase.length.value.sessions : 4 * perWeek;
          expect(result.sessions).toHaveLength(expectedCount);
          const numbers = result.sessions.map((s) => dayNumber(s.date) as number);
          expect(numbers[0]).toBeGreaterThanOrEqual(start);
          const perWeekCount = new Map<number, number>();
          numbers.forEach((day, index) => {
            if (index > 0) expect(day - (numbers[index - 1] as number)).toBeGreaterThanOrEqual(2);
            expect(skipDates).not.toContain(result.sessions[index]?.date);
            if (weekdays) expect(weekdays).toContain(weekdayOf(day));
            const week = Math.floor((day - start) / 7);
            perWeekCount.set(week, (perWeekCount.get(week) ?? 0) + 1);
            expect(result.sessions[index]?.week).toBe(week + 1);
          });
          for (const count of perWeekCount.values()) expect(count).toBeLessThanOrEqual(perWeek);
          if (skipOffsets.length === 0 && !weekdays) expect(result.warnings).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
