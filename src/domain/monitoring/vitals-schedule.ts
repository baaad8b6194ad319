import type { TreatmentRoute } from '../eligibility/rules.ts';
import type { Provenance } from '../evidence.ts';

/** When vital signs are due during a session. Times are minutes; a null interval means none. */
export type VitalsSchedule = Provenance & {
  /** IV: every so many minutes while the infusion runs. */
  readonly duringInfusionEveryMin: number | null;
  /** Every so many minutes after the infusion ends (or after the dose) until discharge. */
  readonly afterDoseEveryMin: number | null;
  /** Fixed checks, in minutes after the dose started (esketamine: about 40 min). */
  readonly checkpointsMin: readonly number[];
  /** A reading this close before a checkpoint counts for it. */
  readonly checkpointToleranceMin: number;
  readonly note: string;
};

export const DEFAULT_VITALS_SCHEDULES: Record<TreatmentRoute, VitalsSchedule> = {
  'iv-ketamine': {
    duringInfusionEveryMin: 10,
    afterDoseEveryMin: 15,
    checkpointsMin: [],
    checkpointToleranceMin: 5,
    note: 'Every 10 min during the infusion (as in the Yale series) and every 15 min after it',
    evidence: ['yale-bp-2024'],
    clinicPolicy: true,
  },
  esketamine: {
    duringInfusionEveryMin: null,
    afterDoseEveryMin: null,
    checkpointsMin: [40],
    checkpointToleranceMin: 5,
    note: 'Before dosing, about 40 min after dosing and before discharge; then as clinically warranted',
    evidence: ['spravato-pi'],
  },
};

export type SessionClock = {
  /** Epoch milliseconds of the first device or the start of the infusion. */
  readonly doseStartedAt: number;
  /** End of the infusion; null while it runs; undefined for a route without an infusion. */
  readonly infusionEndedAt?: number | null;
  /** Epoch milliseconds of every vitals reading taken since the dose started. */
  readonly readingsAt: readonly number[];
  readonly now: number;
};

export type VitalsDue = {
  readonly dueAt: number;
  readonly overdue: boolean;
  readonly reason: string;
};

const MINUTE = 60_000;

function intervalDue(schedule: VitalsSchedule, clock: SessionClock, lastAt: number): VitalsDue | null {
  const infusionRunning = clock.infusionEndedAt === null;
  const endedAt = clock.infusionEndedAt ?? null;
  const duringEvery = schedule.duringInfusionEveryMin;
  const afterEvery = schedule.afterDoseEveryMin;
  if (duringEvery !== null && (infusionRunning || (endedAt !== null && lastAt < endedAt))) {
    const dueAt = lastAt + duringEvery * MINUTE;
    // A check is due when the infusion ends, even if the interval has not run out.
    if (endedAt !== null && dueAt > endedAt) {
      return { dueAt: endedAt, overdue: clock.now > endedAt, reason: 'At the end of the infusion' };
    }
    return { dueAt, overdue: clock.now > dueAt, reason: `Every ${duringEvery} min during the infusion` };
  }
  if (afterEvery !== null && !infusionRunning) {
    const dueAt = lastAt + afterEvery * MINUTE;
    return { dueAt, overdue: clock.now > dueAt, reason: `Every ${afterEvery} min after the dose` };
  }
  return null;
}

function checkpointDue(schedule: VitalsSchedule, clock: SessionClock): VitalsDue | null {
  for (const minutes of schedule.checkpointsMin) {
    const at = clock.doseStartedAt + minutes * MINUTE;
    const earliest = at - schedule.checkpointToleranceMin * MINUTE;
    if (!clock.readingsAt.some((t) => t >= earliest)) {
      return { dueAt: at, overdue: clock.now > at, reason: `About ${minutes} min after the dose` };
    }
  }
  return null;
}

/** The next vitals check of a session, or null when only the check before discharge remains. */
export function nextVitalsDue(schedule: VitalsSchedule, clock: SessionClock): VitalsDue | null {
  const lastAt = Math.max(clock.doseStartedAt, ...clock.readingsAt);
  const candidates = [intervalDue(schedule, clock, lastAt), checkpointDue(schedule, clock)].filter(
    (due): due is VitalsDue => due !== null,
  );
  if (candidates.length === 0) return null;
  return candidates.reduce((a, b) => (b.dueAt < a.dueAt ? b : a));
}
