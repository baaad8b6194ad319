import type { Me, Role } from './api.ts';

// What the screens offer each role. The server decides (src/server/http/permissions.ts, which the
// browser may not import); this copy only hides what would be refused, and a 403 is still handled.
export type Permission =
  | 'patients:read'
  | 'patients:write'
  | 'measures:read'
  | 'measures:record'
  | 'measures:send'
  | 'alerts:read'
  | 'alerts:acknowledge'
  | 'users:read'
  | 'settings:manage';

const CARE_TEAM: Permission[] = ['patients:read', 'patients:write', 'measures:send', 'alerts:read'];
const CLINICIAN: Permission[] = [...CARE_TEAM, 'measures:read', 'measures:record', 'alerts:acknowledge'];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ['users:read', 'patients:read', 'alerts:read', 'settings:manage'],
  prescriber: CLINICIAN,
  nurse: CLINICIAN,
  front_desk: CARE_TEAM,
  therapist: CLINICIAN,
  patient: [],
};

export function can(me: Pick<Me, 'roles'>, permission: Permission): boolean {
  return me.roles.some((role) => ROLE_PERMISSIONS[role]?.includes(permission));
}
