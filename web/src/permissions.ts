import type { Me } from './api.ts';

// The server decides what each role may do and lists the result in /me; the screens only hide
// what would be refused, and a 403 is still handled.
export type Permission =
  | 'self:read'
  | 'users:read'
  | 'users:manage'
  | 'locations:read'
  | 'locations:manage'
  | 'audit:read'
  | 'audit:export'
  | 'patients:read'
  | 'patients:write'
  | 'measures:read'
  | 'measures:record'
  | 'measures:send'
  | 'alerts:read'
  | 'alerts:acknowledge'
  | 'settings:manage'
  | 'intake:send'
  | 'intake:read'
  | 'intake:write'
  | 'eligibility:read'
  | 'eligibility:decide'
  | 'protocols:read'
  | 'protocols:manage'
  | 'plans:read'
  | 'plans:sign'
  | 'schedule:read'
  | 'schedule:book'
  | 'schedule:manage'
  | 'rems:record'
  | 'inventory:read'
  | 'inventory:record'
  | 'inventory:manage'
  | 'leads:read'
  | 'leads:manage'
  | 'sessions:read'
  | 'sessions:chart'
  | 'sessions:decide'
  | 'rems:forms'
  | 'safety:report'
  | 'site:manage';

export function can(me: Pick<Me, 'permissions'>, permission: Permission): boolean {
  return me.permissions?.includes(permission) ?? false;
}
