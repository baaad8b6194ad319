import type { Me } from '../../api.ts';
import type { Permission } from '../../permissions.ts';

// The scheduling permissions, as the server names them (src/server/http/permissions.ts).
export const SCHEDULE_READ = 'schedule:read' as Permission;
export const SCHEDULE_BOOK = 'schedule:book' as Permission;
export const SCHEDULE_MANAGE = 'schedule:manage' as Permission;
export const REMS_RECORD = 'rems:record' as Permission;
export const PLANS_READ = 'plans:read' as Permission;

export function may(me: Pick<Me, 'permissions'>, permission: Permission): boolean {
  return me.permissions?.includes(permission) ?? false;
}
