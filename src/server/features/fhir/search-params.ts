import { FhirError } from './outcome.ts';

export type SearchParamType = 'token' | 'date' | 'string' | 'reference' | 'uri';

export type SearchParamSpec = {
  readonly name: string;
  readonly type: SearchParamType;
  /** The SearchParameter this one implements, for the CapabilityStatement. */
  readonly definition: string;
  readonly documentation: string;
};

/** One parameter as sent: every occurrence is ANDed; within one, comma-separated values are ORed. */
export type ParamValues = readonly (readonly string[])[];

export type ParsedSearch = {
  readonly params: ReadonlyMap<string, ParamValues>;
  readonly count: number;
  readonly offset: number;
};

export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 200;
const MAX_OFFSET = 10_000_000;

/** Paging parameters every search accepts; they are not filters. */
export const PAGING_PARAMS = ['_count', '_offset'] as const;

function invalid(detail: string): FhirError {
  return new FhirError('validation-failed', detail, 'invalid');
}

/** Splits on commas that are not escaped with a backslash, and unescapes `\,` `\|` `\$` `\\`. */
export function splitValues(raw: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === '\\' && i + 1 < raw.length) {
      current += raw[i + 1];
      i++;
    } else if (c === ',') {
      out.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  out.push(current);
  return out.filter((v) => v !== '');
}

function occurrences(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function pagingNumber(name: string, value: unknown, fallback: number): number {
  const all = occurrences(value);
  if (all.length === 0 || all[0] === '') return fallback;
  if (all.length > 1) throw invalid(`Send ${name} once.`);
  const text = all[0] as string;
  if (!/^\d{1,9}$/.test(text)) throw invalid(`${name} must be a whole number of 0 or more.`);
  return Number(text);
}

/**
 * Reads a search's query string against the parameters a resource type supports. An unknown
 * parameter or modifier is refused (400) rather than ignored: a client that asked for a filter we
 * would silently drop could be shown another person's records.
 */
export function parseSearch(query: Record<string, unknown>, specs: readonly SearchParamSpec[]): ParsedSearch {
  const known = new Set(specs.map((s) => s.name));
  const params = new Map<string, ParamValues>();
  for (const [name, value] of Object.entries(query)) {
    if ((PAGING_PARAMS as readonly string[]).includes(name)) continue;
    if (!known.has(name)) {
      const supported = [...known, ...PAGING_PARAMS].join(', ');
      throw new FhirError(
        'validation-failed',
        `The search parameter "${name}" is not supported here. Supported: ${supported}.`,
        'not-supported',
      );
    }
    // An empty value is ignored, as the FHIR search rules ask.
    const groups = occurrences(value)
      .map(splitValues)
      .filter((g) => g.length > 0);
    if (groups.length) params.set(name, groups);
  }
  const offset = pagingNumber('_offset', query._offset, 0);
  if (offset > MAX_OFFSET) throw invalid(`_offset may be at most ${MAX_OFFSET}.`);
  // A larger page than the server gives is not an error: FHIR lets the server return fewer.
  return { params, count: Math.min(pagingNumber('_count', query._count, DEFAULT_COUNT), MAX_COUNT), offset };
}

export type DatePrefix = 'eq' | 'gt' | 'lt' | 'ge' | 'le';

/** A date search value as the half-open range [start, end) its precision covers. */
export type DateBound = { readonly prefix: DatePrefix; readonly start: Date; readonly end: Date };

const DATE_VALUE =
  /^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * Parses `[prefix]YYYY[-MM[-DD[Thh:mm[:ss[.fff]][Z|±hh:mm]]]]`. Dates and times without a time
 * zone are read as UTC. `dateOnly` refuses a time (for a calendar date such as a birth date).
 */
export function parseDate(name: string, raw: string, options: { dateOnly?: boolean } = {}): DateBound {
  // An unencoded '+' in a query string arrives as a space.
  const value = raw.replace(/ /g, '+');
  const m = DATE_VALUE.exec(value);
  const format = options.dateOnly
    ? 'YYYY, YYYY-MM or YYYY-MM-DD'
    : 'YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss][Z|±hh:mm]';
  if (!m)
    throw invalid(
      `${name}: "${raw}" is not a date (${format}, optionally prefixed by eq, gt, lt, ge or le).`,
    );
  const [, prefix = 'eq', y, mo, d, h, mi, s, frac, tz] = m;
  if (!['eq', 'gt', 'lt', 'ge', 'le'].includes(prefix)) {
    throw new FhirError(
      'validation-failed',
      `${name}: the prefix "${prefix}" is not supported; use eq, gt, lt, ge or le.`,
      'not-supported',
    );
  }
  if (options.dateOnly && h !== undefined) throw invalid(`${name}: "${raw}" has a time; send ${format}.`);
  const year = Number(y);
  const month = mo === undefined ? 1 : Number(mo);
  const day = d === undefined ? 1 : Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  let offsetMin = 0;
  if (tz && tz !== 'Z') {
    const sign = tz.startsWith('-') ? -1 : 1;
    offsetMin = sign * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(4, 6)));
  }
  const check = new Date(0);
  check.setUTCFullYear(year, month - 1, day);
  check.setUTCHours(hour, minute, second, ms);
  const local = check.getTime();
  if (
    check.getUTCFullYear() !== year ||
    month < 1 ||
    month > 12 ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    Math.abs(offsetMin) > 14 * 60
  ) {
    throw invalid(`${name}: "${raw}" is not a real date or time.`);
  }
  const start = new Date(local - offsetMin * 60_000);
  const end = new Date(start);
  if (mo === undefined) end.setUTCFullYear(end.getUTCFullYear() + 1);
  else if (d === undefined) end.setUTCMonth(end.getUTCMonth() + 1);
  else if (h === undefined) end.setUTCDate(end.getUTCDate() + 1);
  else if (s === undefined) end.setTime(end.getTime() + 60_000);
  else if (frac === undefined) end.setTime(end.getTime() + 1000);
  else end.setTime(end.getTime() + (frac.length >= 3 ? 1 : 10 ** (3 - frac.length)));
  return { prefix: prefix as DatePrefix, start, end };
}

export type Token = {
  /** undefined: any system; null: explicitly no system (`|code`). */
  readonly system: string | null | undefined;
  /** undefined: any code in the system (`system|`). */
  readonly code: string | undefined;
};

export function parseToken(raw: string): Token {
  const bar = raw.indexOf('|');
  if (bar < 0) return { system: undefined, code: raw };
  const system = raw.slice(0, bar);
  const code = raw.slice(bar + 1);
  return { system: system === '' ? null : system, code: code === '' ? undefined : code };
}

/** Whether a token search value matches a coding (or identifier) with this system and code. */
export function tokenMatches(token: Token, system: string, code: string): boolean {
  if (token.system === null) return false;
  if (token.system !== undefined && token.system !== system) return false;
  return token.code === undefined || token.code === code;
}

/**
 * The id a reference search value names for a resource type: `id`, `Type/id`, or an absolute URL
 * ending in `Type/id` (a version suffix `/_history/n` is dropped). Undefined when it names
 * another type.
 */
export function referenceId(raw: string, type: string): string | undefined {
  const value = raw.replace(/\/_history\/[^/]*$/, '');
  if (!value.includes('/')) return value;
  const m = new RegExp(`(?:^|/)${type}/([^/]+)$`).exec(value);
  return m?.[1];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
