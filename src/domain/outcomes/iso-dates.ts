/**
 * Dates without the clock. Dates arrive as ISO 8601 strings: a calendar date (`2025-03-12`) or a
 * date-time with `Z` or an offset (a date-time without one would depend on the machine's zone).
 * A date-time's calendar day is the one in `timeZone` when given, else the day as written.
 */
export type IsoMoment = {
  /** YYYY-MM-DD */
  readonly day: string;
  /** Milliseconds since the epoch, or null for a calendar date. */
  readonly instant: number | null;
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function checkDay(day: string, original: string): string {
  const match = DATE.exec(day);
  const [year, month, date] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const utc = new Date(Date.UTC(year, month - 1, date));
  if (
    !match ||
    utc.getUTCFullYear() !== year ||
    utc.getUTCMonth() !== month - 1 ||
    utc.getUTCDate() !== date
  ) {
    throw new RangeError(`"${original}" is not an ISO 8601 date`);
  }
  return day;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayInZone(instant: number, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

export function parseIsoMoment(iso: string, timeZone?: string): IsoMoment {
  if (DATE.test(iso)) return { day: checkDay(iso, iso), instant: null };
  const match = DATE_TIME.exec(iso);
  // Engines are only required to read milliseconds; PostgreSQL writes microseconds.
  const instant = match ? Date.parse(iso.replace(/(\.\d{3})\d+/, '$1')) : Number.NaN;
  if (!match?.[1] || Number.isNaN(instant)) {
    throw new RangeError(`"${iso}" is not an ISO 8601 date, or a date-time with Z or an offset`);
  }
  const written = checkDay(match[1], iso);
  return { day: timeZone ? dayInZone(instant, timeZone) : written, instant };
}

/**
 * Orders moments: by day, then by instant. A calendar date counts as the start of its day, or as
 * its end with `dateMeansEndOfDay` (so "on or before 12 Mar" holds anything that day).
 */
export function compareMoments(a: IsoMoment, b: IsoMoment, bDateMeansEndOfDay = false): number {
  if (a.day !== b.day) return a.day < b.day ? -1 : 1;
  const aAt = a.instant ?? Number.NEGATIVE_INFINITY;
  const bAt = b.instant ?? (bDateMeansEndOfDay ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY);
  return aAt === bAt ? 0 : aAt < bAt ? -1 : 1;
}

/** "12 Mar", with the year ("12 Mar 2024") when it differs from `referenceYear` or none is given. */
export function formatDay(day: string, referenceYear?: string): string {
  const [year, month, date] = day.split('-');
  const text = `${Number(date)} ${MONTHS[Number(month) - 1]}`;
  return year === referenceYear ? text : `${text} ${year}`;
}
