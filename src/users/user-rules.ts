import type { Role } from './role';

/** The invariants of a user's roles, as plain data checks (docs/product.md §2). */
export interface UserShape {
  roles: Role[];
  departmentId: string | null;
}

/** Department staff belong to a department; returns the problem or null. */
export function departmentRuleViolation(user: UserShape): string | null {
  if (user.roles.includes('department') && !user.departmentId) {
    return 'departmentId is required for role department';
  }
  return null;
}

/** Whether a change would leave the platform without an enabled admin. */
export function removesLastAdmin(
  before: { roles: Role[]; disabled: boolean },
  after: { roles: Role[]; disabled: boolean },
  enabledAdmins: number,
): boolean {
  const wasAdmin = before.roles.includes('admin') && !before.disabled;
  const isAdmin = after.roles.includes('admin') && !after.disabled;
  return wasAdmin && !isAdmin && enabledAdmins <= 1;
}
