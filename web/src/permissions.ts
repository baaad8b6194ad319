import type { Me } from './api.ts';

// The server decides what each role may do and lists the result in /me; the screens only hide
// what would be refused, and a 403 is still handled.
export type Permission =
  | 'patients:read'
  | 'patients:write'
  | 'measures:read'
  | 'measures:record'
  | 'measures:send'
  | 'alerts:read'
  | 'alerts:acknowledge'
  | 'users:read'
  | 'locations:manage'
  | 'audit:read'
  | 'settings:manage'
  | 'inventory:read'
  | 'inventory:record'
  | 'inventory:manage'
  | 'intake:read'
  | 'intake:write'
  | 'intake:send'
  | 'eligibility:read'
  | 'eligibility:decide'
  | 'protocols:read'
  | 'protocols:manage'
  | 'plans:read'
  | 'plans:sign'
  | 'sessions:read'
  | 'sessions:chart'
  | 'sessions:decide';

export function can(me: Pick<Me, 'permissions'>, permission: Permission): boolean {
  return me.permissions?.includes(permission) ?? false;
}
