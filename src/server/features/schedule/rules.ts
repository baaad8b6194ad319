import type { EvidenceId } from '../../../domain/evidence.ts';
import { dayNumber } from '../../../domain/protocols/dates.ts';
import { DEFAULT_PROTOCOLS, type Protocol, type ProtocolPhase } from '../../../domain/protocols/index.ts';

/**
 * The booking rules as pure functions: no clock, no database. The numbers come from the protocol's
 * phase (src/domain/protocols); what no source backs is marked clinic policy.
 */

export type BookingRoute = Protocol['route'];

/**
 * The protocol id a booking follows when it names none: Ketaflow's default for the route, which the
 * protocols feature then resolves to the clinic's latest version of it.
 */
export function defaultProtocolIdFor(route: BookingRoute): string | undefined {
  return DEFAULT_PROTOCOLS.find((p) => p.route === route)?.id;
}

/**
 * The shortest slot a session may have: the dose time before the monitoring clock starts, plus the
 * phase's minimum monitoring. IV: 40 min infusion + 60 min after its end = 100 min. Esketamine: the
 * label's 2 hours counted from the first device, which starts the slot = 120 min.
 */
export function minimumSlotMinutes(phase: ProtocolPhase): number {
  const monitoring = phase.monitoring.value;
  const dosing = monitoring.from === 'end-of-infusion' ? (phase.dose.value.infusionMinutes ?? 0) : 0;
  return dosing + monitoring.minMinutes;
}

/** Someone else drives the patient home after every session. */
export const RIDE_HOME_REQUIRED: {
  value: true;
  evidence: Record<BookingRoute, EvidenceId[]>;
  clinicPolicy: Record<BookingRoute, boolean>;
} = {
  value: true,
  // The esketamine label forbids driving until the next day; for IV ketamine it is clinic policy.
  evidence: { esketamine: ['spravato-pi', 'spravato-rems'], 'iv-ketamine': [] },
  clinicPolicy: { esketamine: false, 'iv-ketamine': true },
};

export type SpacingBreach = {
  rule: 'min-days-between-sessions' | 'sessions-per-week' | 'every-weeks';
  bookingId: string;
  message: string;
};

export type OtherSession = { id: string; localDate: string };

/** Monday-based week number: 1970-01-01 was a Thursday, so day 4 is the first Monday. */
function weekOf(day: number): number {
  return Math.floor((day + 3) / 7);
}

/**
 * Whether a session on `localDate` keeps the phase's spacing against the patient's other sessions
 * (booked or completed), all as calendar dates in each location's time zone:
 * - at least `minDaysBetweenSessions` calendar days from every other session;
 * - per-week phases: fewer than the most sessions a week the phase allows already in that Monday-to-
 *   Sunday week (the prescriber's chosen frequency lives in the plan and may be lower);
 * - every-n-weeks phases: no other session in the n−1 calendar weeks either side, n being the
 *   most frequent choice.
 */
export function checkSpacing(
  phase: ProtocolPhase,
  localDate: string,
  others: readonly OtherSession[],
): SpacingBreach | null {
  const day = dayNumber(localDate);
  if (day === null) throw new RangeError(`"${localDate}" is not a date`);
  const minDays = phase.minDaysBetweenSessions.value;
  const dated = others
    .map((other) => ({ ...other, day: dayNumber(other.localDate) as number }))
    .sort((a, b) => Math.abs(a.day - day) - Math.abs(b.day - day));
  const tooClose = dated.find((other) => Math.abs(other.day - day) < minDays);
  if (tooClose) {
    return {
      rule: 'min-days-between-sessions',
      bookingId: tooClose.id,
      message: `${phase.name} needs at least ${minDays} day${minDays === 1 ? '' : 's'} between sessions; the patient has one on ${tooClose.localDate}.`,
    };
  }
  const frequency = phase.frequency.value;
  if (frequency.kind === 'per-week') {
    const most = Math.max(...frequency.choices);
    const sameWeek = dated.filter((other) => weekOf(other.day) === weekOf(day));
    if (sameWeek.length >= most) {
      return {
        rule: 'sessions-per-week',
        bookingId: sameWeek[0]?.id as string,
        message: `${phase.name} allows at most ${most} session${most === 1 ? '' : 's'} a week; the patient already has ${sameWeek.map((o) => o.localDate).join(', ')} that week.`,
      };
    }
  } else if (frequency.kind === 'every-weeks') {
    const every = Math.min(...frequency.choices);
    const near = dated.find((other) => Math.abs(weekOf(other.day) - weekOf(day)) < every);
    if (near) {
      return {
        rule: 'every-weeks',
        bookingId: near.id,
        message: `${phase.name} has one session every ${every === 1 ? 'week' : `${every} weeks`}; the patient already has one on ${near.localDate}.`,
      };
    }
  }
  return null;
}

/** How far either side of a session other sessions can matter to checkSpacing. */
export function spacingWindowDays(phase: ProtocolPhase): number {
  const frequency = phase.frequency.value;
  const weeks = frequency.kind === 'every-weeks' ? Math.min(...frequency.choices) : 1;
  return Math.max(phase.minDaysBetweenSessions.value, 7 * weeks) + 7;
}

export type LocalInterval = { start: string; end: string };

/** Overlapping or touching intervals ('HH:MM:SS', same day) joined, in order. */
export function mergeIntervals(intervals: readonly LocalInterval[]): LocalInterval[] {
  const sorted = [...intervals].sort((a, b) => a.start.localeCompare(b.start));
  const merged: LocalInterval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.start <= last.end) {
      if (interval.end > last.end) last.end = interval.end;
    } else {
      merged.push({ ...interval });
    }
  }
  return merged;
}

/** Whether [start, end) on one local day lies inside the staffed hours (which may be several shifts). */
export function withinHours(hours: readonly LocalInterval[], start: string, end: string): boolean {
  return mergeIntervals(hours).some((interval) => interval.start <= start && end <= interval.end);
}
