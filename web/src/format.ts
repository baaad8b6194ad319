import { ROLE_LABELS, type Role } from './api.ts';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateTimeSeconds = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function formatDateTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return (withSeconds ? dateTimeSeconds : dateTime).format(d);
}

export function formatRoles(roles: readonly Role[] | null | undefined): string {
  if (!roles || roles.length === 0) return '—';
  return roles.map((r) => ROLE_LABELS[r] ?? r).join(', ');
}
