/** Calendar days as 'YYYY-MM-DD', counted in UTC so no machine time zone or clock is involved. */

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Days since 1970-01-01, or null when the text is not a real calendar date. */
export function dayNumber(day: string): number | null {
  const match = DATE.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, date);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) {
    return null;
  }
  return ms / DAY_MS;
}

export function dayText(dayNumberValue: number): string {
  return new Date(dayNumberValue * DAY_MS).toISOString().slice(0, 10);
}

export function weekdayOf(dayNumberValue: number): Weekday {
  // 1970-01-01 was a Thursday.
  return WEEKDAYS[(((dayNumberValue + 3) % 7) + 7) % 7] as Weekday;
}

export function addDays(day: string, days: number): string {
  const start = dayNumber(day);
  if (start === null) throw new RangeError(`"${day}" is not a date (YYYY-MM-DD)`);
  return dayText(start + days);
}
