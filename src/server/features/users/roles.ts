import type { Role } from '../../db/schema.ts';
import type { FieldError } from '../../http/problem.ts';

/** A patient account is never also a staff account: staff may hold several staff roles. */
export function checkRoles(roles: readonly Role[]): FieldError | undefined {
  if (roles.length === 0) return { field: 'roles', message: 'Give at least one role.' };
  if (new Set(roles).size !== roles.length) return { field: 'roles', message: 'A role is listed twice.' };
  if (roles.includes('patient') && roles.length > 1) {
    return { field: 'roles', message: 'A patient account cannot also hold staff roles.' };
  }
  return undefined;
}
