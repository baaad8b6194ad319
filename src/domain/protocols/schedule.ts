import { dayNumber, dayText, WEEKDAYS, type Weekday, weekdayOf } from './dates.ts';
import type { DoseUnit, Protocol, ProtocolPhase } from './types.ts';

export type PlanOptions = {
  /** Which phase to plan; the first (the induction) by default. */
  readonly phaseId?: string;
  /** One of the phase's choices; its default otherwise. */
  readonly sessionsPerWeek?: number;
  readonly everyWeeks?: number;
  /** Days the patient can come, as many as sessions a week (e.g. mon, wed, fri). */
  readonly weekdays?: readonly Weekday[];
  /** Days the clinic is closed or the patient cannot come. */
  readonly skipDates?: readonly string[];
  /** How many sessions, for a phase without a set length (maintenance). */
  readonly sessions?: number;
  /** The dose to plan, for a phase that continues the dose reached before it. */
  readonly currentDose?: number;
};

export type PlannedSession = {
  /** 1, 2, … within the plan. */
  readonly number: number;
  /** YYYY-MM-DD */
  readonly date: string;
  /** Week of the phase, 1 from the start date. */
  readonly week: number;
  readonly phaseId: string;
  readonly dose: number;
  readonly unit: DoseUnit;
  readonly note: string;
};

export type SessionPlan =
  | {
      readonly ok: true;
      readonly protocolId: string;
      readonly protocolVersion: number;
      readonly phaseId: string;
      readonly sessions: readonly PlannedSession[];
      readonly warnings: readonly string[];
    }
  | { readonly ok: false; readonly problems: readonly string[] };

type Cadence = { perWindow: number; windowDays: number };

function cadenceOf(phase: ProtocolPhase, options: PlanOptions, problems: string[]): Cadence | null {
  const frequency = phase.frequency.value;
  if (frequency.kind === 'per-week') {
    const perWeek = options.sessionsPerWeek ?? frequency.sessionsPerWeek;
    if (!frequency.choices.includes(perWeek)) {
      problems.push(`${phase.name} has ${frequency.choices.join(' or ')} sessions a week, not ${perWeek}`);
      return null;
    }
    return { perWindow: perWeek, windowDays: 7 };
  }
  if (options.sessionsPerWeek !== undefined) problems.push(`${phase.name} is not planned in sessions a week`);
  if (frequency.kind === 'every-weeks') {
    const weeks = options.everyWeeks ?? frequency.everyWeeks;
    if (!frequency.choices.includes(weeks)) {
      problems.push(`${phase.name} is every ${frequency.choices.join(' or ')} weeks, not ${weeks}`);
      return null;
    }
    return { perWindow: 1, windowDays: 7 * weeks };
  }
  if (options.everyWeeks === undefined || !Number.isInteger(options.everyWeeks) || options.everyWeeks < 1) {
    problems.push(`${phase.name} is as needed: give everyWeeks (a whole number) to plan it`);
    return null;
  }
  return { perWindow: 1, windowDays: 7 * options.everyWeeks };
}

function countOf(
  phase: ProtocolPhase,
  cadence: Cadence,
  options: PlanOptions,
  problems: string[],
): number | null {
  const length = phase.length.value;
  if (options.sessions !== undefined && length.kind !== 'open-ended') {
    problems.push(`${phase.name} has a set length; sessions cannot be given`);
    return null;
  }
  if (length.kind === 'sessions') return length.sessions;
  if (length.kind === 'weeks') return Math.ceil((length.weeks * 7) / cadence.windowDays) * cadence.perWindow;
  if (options.sessions === undefined || !Number.isInteger(options.sessions) || options.sessions < 1) {
    problems.push(`${phase.name} has no set length: give the number of sessions`);
    return null;
  }
  return options.sessions;
}

/**
 * Planned dates and doses for one phase, from `startDate` (YYYY-MM-DD, the first possible day).
 * Sessions spread evenly through each week (or on the given weekdays), never closer than the
 * phase's minimum interval, never more in a week than its frequency, moved past skipped dates.
 * Doses are the phase's starting dose; titration is decided session by session (suggestNextDose).
 */
export function planSessions(protocol: Protocol, startDate: string, options: PlanOptions = {}): SessionPlan {
  const problems: string[] = [];
  const phase = options.phaseId
    ? protocol.phases.find((candidate) => candidate.id === options.phaseId)
    : protocol.phases[0];
  if (!phase) return { ok: false, problems: [`there is no phase "${options.phaseId}"`] };
  const start = dayNumber(startDate);
  if (start === null) problems.push(`"${startDate}" is not a date (YYYY-MM-DD)`);
  const skip = new Set<number>();
  for (const day of options.skipDates ?? []) {
    const value = dayNumber(day);
    if (value === null) problems.push(`"${day}" is not a date (YYYY-MM-DD)`);
    else skip.add(value);
  }
  const cadence = cadenceOf(phase, options, problems);
  const count = cadence ? countOf(phase, cadence, options, problems) : null;
  const weekdays = options.weekdays;
  if (weekdays) {
    if (!weekdays.every((day) => WEEKDAYS.includes(day)) || new Set(weekdays).size !== weekdays.length) {
      problems.push('weekdays must be distinct: mon, tue, wed, thu, fri, sat or sun');
    } else if (cadence && cadence.windowDays === 7 && weekdays.length !== cadence.perWindow) {
      problems.push(`give ${cadence.perWindow} weekday(s) for ${cadence.perWindow} session(s) a week`);
    }
  }
  const rule = phase.dose.value;
  const isFirstPhase = phase === protocol.phases[0];
  const baseDose = rule.startDose ?? options.currentDose;
  if (baseDose === undefined) problems.push(`${phase.name} continues the current dose: give currentDose`);
  else if (!phase.titrationSteps.value.includes(baseDose) || baseDose > phase.maxDose.value) {
    problems.push(`${baseDose} ${rule.unit} is not a dose step of ${phase.name}`);
  }
  if (problems.length > 0 || start === null || !cadence || count === null || baseDose === undefined) {
    return { ok: false, problems };
  }

  const minGap = phase.minDaysBetweenSessions.value;
  const perWindow = new Map<number, number>();
  const sessions: PlannedSession[] = [];
  const warnings: string[] = [];
  let previous: number | null = null;
  for (let index = 0; index < count; index++) {
    const window = Math.floor(index / cadence.perWindow);
    const slot = index % cadence.perWindow;
    // Even spread: 3 a week fall on days 0, 2, 4; 2 a week on days 0 and 3.
    const target = start + window * cadence.windowDays + Math.floor((slot * 7) / cadence.perWindow);
    let day = Math.max(target, previous === null ? start : previous + minGap);
    const allowed = (candidate: number) =>
      !skip.has(candidate) &&
      (!weekdays || weekdays.includes(weekdayOf(candidate))) &&
      (perWindow.get(Math.floor((candidate - start) / cadence.windowDays)) ?? 0) < cadence.perWindow;
    let guard = 0;
    while (!allowed(day)) {
      day++;
      if (++guard > 366)
        return { ok: false, problems: ['no possible date within a year: check the skipped dates'] };
    }
    const dayWindow = Math.floor((day - start) / cadence.windowDays);
    perWindow.set(dayWindow, (perWindow.get(dayWindow) ?? 0) + 1);
    if (dayWindow !== window) {
      const period = cadence.windowDays === 7 ? 'week' : `${cadence.windowDays / 7}-week period`;
      warnings.push(`Session ${index + 1} moved to ${dayText(day)}, outside its planned ${period}`);
    }
    const first = isFirstPhase && index === 0 && rule.firstSessionDose !== undefined;
    const dose = first ? (rule.firstSessionDose as number) : baseDose;
    const steps = phase.titrationSteps.value;
    sessions.push({
      number: index + 1,
      date: dayText(day),
      week: Math.floor((day - start) / 7) + 1,
      phaseId: phase.id,
      dose,
      unit: rule.unit,
      note: first
        ? `First session: ${dose} ${rule.unit}`
        : steps.length > 1
          ? `Planned at ${dose} ${rule.unit}; ${steps.join(' or ')} ${rule.unit} as response and tolerability decide`
          : `${dose} ${rule.unit}`,
    });
    previous = day;
  }
  const length = phase.length.value;
  const last = sessions.at(-1);
  if (last && length.kind === 'sessions' && length.withinWeeks && last.week > length.withinWeeks.max) {
    warnings.push(
      `The series runs into week ${last.week}, beyond the planned ${length.withinWeeks.max} weeks`,
    );
  }
  if (last && length.kind === 'weeks' && last.week > length.weeks) {
    warnings.push(`The phase runs into week ${last.week}, beyond its ${length.weeks} weeks`);
  }
  return {
    ok: true,
    protocolId: protocol.id,
    protocolVersion: protocol.version,
    phaseId: phase.id,
    sessions,
    warnings,
  };
}
