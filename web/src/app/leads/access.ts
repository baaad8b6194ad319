import type { Permission } from '../../permissions.ts';

// The callback-queue and public-site permissions, as the server names them (src/server/http/permissions.ts).
export const LEADS_READ = 'leads:read' as Permission;
export const LEADS_MANAGE = 'leads:manage' as Permission;
export const SITE_MANAGE = 'site:manage' as Permission;
