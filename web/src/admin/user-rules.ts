import type { ApiError } from '../api/client';
import type { Role } from '../account/session';

export interface UserChange {
  roles: Role[];
  disabled: boolean;
}

/**
 * Why the API refused a change to an account, as one of the rules the person can be told about
 * (docs/product.md §2): the platform keeps one enabled admin, and an admin cannot disable
 * themself. The browser cannot count the admins, so the reason is read off the refusal and the
 * change that caused it; null when it is neither.
 */
export function refusalReason(
  error: ApiError,
  target: { id: string } & UserChange,
  next: UserChange,
  me: { id: string },
): 'lastAdmin' | 'ownAccount' | 'departmentRequired' | null {
  if (error.status === 400 && error.problem.errors?.some((e) => e.field === 'departmentId'))
    return 'departmentRequired';
  if (error.status !== 422) return null;
  if (target.id === me.id && next.disabled && !target.disabled) return 'ownAccount';
  const wasAdmin = target.roles.includes('admin') && !target.disabled;
  const staysAdmin = next.roles.includes('admin') && !next.disabled;
  return wasAdmin && !staysAdmin ? 'lastAdmin' : null;
}

/** The department rule the API checks, shown early: department staff belong to a department. */
export const needsDepartment = (roles: readonly Role[], departmentId: string) =>
  roles.includes('department') && !departmentId;

/** A department's slug suggested from its name (`Kulturförvaltningen` → `kulturforvaltningen`). */
export function slugFrom(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
