import type { SessionPhase } from './board-api.ts';

export const PHASE_WORDS: Record<SessionPhase, string> = {
  'checked-in': 'Checked in',
  dosing: 'Dosing',
  monitoring: 'Monitoring',
  'ready-for-discharge': 'Ready for discharge',
  discharged: 'Discharged',
  ended: 'Ended without discharge',
};

const MINUTE_MS = 60_000;

/** Whole minutes since an instant (never negative, so a clock a little ahead shows 0). */
export function minutesSince(at: string, nowMs: number): number {
  return Math.max(0, Math.floor((nowMs - Date.parse(at)) / MINUTE_MS));
}

export function minutesText(minutes: number): string {
  return `${minutes} min`;
}

export type DueCountdown =
  | { kind: 'due-in'; minutes: number }
  | { kind: 'due-now' }
  | { kind: 'overdue'; minutes: number };

/** How far off the next vitals are: counted down in whole minutes, then how long overdue. */
export function countdown(dueAt: string, nowMs: number): DueCountdown {
  const leftMs = Date.parse(dueAt) - nowMs;
  if (leftMs > 0) return { kind: 'due-in', minutes: Math.ceil(leftMs / MINUTE_MS) };
  const lateMin = Math.floor(-leftMs / MINUTE_MS);
  return lateMin === 0 ? { kind: 'due-now' } : { kind: 'overdue', minutes: lateMin };
}

export function countdownText(c: DueCountdown): string {
  if (c.kind === 'due-in') return `due in ${minutesText(c.minutes)}`;
  if (c.kind === 'due-now') return 'due now';
  return `overdue by ${minutesText(c.minutes)}`;
}

/** `Jordan Rivera` → `J. R.`: for a screen others can see. */
export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => `${part[0]?.toUpperCase()}.`)
    .join(' ');
}

/** A wall-clock time at the location. */
export function timeAt(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(instant));
}

const READING_UNITS: [prefix: string, unit: string][] = [
  ['systolic', 'mmHg'],
  ['diastolic', 'mmHg'],
  ['spo2', '%'],
  ['heart-rate', 'beats/min'],
  ['respiratory', 'breaths/min'],
];

/** The reading that raised an alert, with its unit (thresholds are named after the vital sign). */
export function readingText(thresholdId: string, value: number): string {
  const unit = READING_UNITS.find(([prefix]) => thresholdId.startsWith(prefix))?.[1];
  return unit ? `${value} ${unit}` : String(value);
}
