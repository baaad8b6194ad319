import { ROLE_LABELS, type Role } from './api.ts';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateTimeSeconds = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
// Calendar dates (YYYY-MM-DD) are read and shown in UTC so no time zone moves them a day.
const calendarDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const shortDate = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const localDay = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDateTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return (withSeconds ? dateTimeSeconds : dateTime).format(d);
}

/** A calendar date such as a date of birth: `1980-02-03` → `Feb 3, 1980`. */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '—';
  const d = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? isoDate : calendarDate.format(d);
}

/** The local calendar day of a moment. */
export function formatDay(ms: number): string {
  return localDay.format(new Date(ms));
}

/** Month and day of a moment, for chart axes. */
export function formatShortDate(ms: number): string {
  return shortDate.format(new Date(ms));
}

/** Whole years from a date of birth to today, on this device's calendar. */
export function ageOn(isoDate: string, today = new Date()): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < mo || (today.getMonth() + 1 === mo && today.getDate() < d)) age -= 1;
  return age;
}

/** Today as YYYY-MM-DD on this device's calendar. */
export function todayIso(today = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
}

export function formatRoles(roles: readonly Role[] | null | undefined): string {
  if (!roles || roles.length === 0) return '—';
  return roles.map((r) => ROLE_LABELS[r] ?? r).join(', ');
}

/** `moderately-severe` → `moderately severe`. */
export function formatSeverity(severity: string): string {
  return severity.replaceAll('-', ' ');
}

/** Legal name, with the preferred name in quotes when it differs from the given name. */
export function patientName(p: {
  legalGivenName: string;
  legalFamilyName: string;
  preferredName: string | null;
}): string {
  const preferred =
    p.preferredName && p.preferredName.trim() !== '' && p.preferredName !== p.legalGivenName
      ? ` “${p.preferredName}”`
      : '';
  return `${p.legalGivenName}${preferred} ${p.legalFamilyName}`;
}

export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

const INSTRUMENT_SHORT_NAMES: Record<string, string> = {
  phq9: 'PHQ-9',
  gad7: 'GAD-7',
  'cssrs-screener': 'C-SSRS Screener',
  madrs: 'MADRS',
  'qids-sr16': 'QIDS-SR16',
};

export function instrumentName(id: string): string {
  return INSTRUMENT_SHORT_NAMES[id] ?? id;
}
