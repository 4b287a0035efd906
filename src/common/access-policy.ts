import type { Role } from '../users/role';
import type { AuthUser } from './auth.decorators';
import { Forbidden } from './errors';

/**
 * Who may do what to which object, in one place: the code's half of `test/authz/permissions.ts`
 * (the matrix's declarative table, which the authorization suite holds the running API to). Each
 * helper answers one question of docs/product.md §1.2 and §3; services call them for their 403
 * decisions and never rely on a route's `@Roles` alone. Visibility (the 404s) lives in each
 * feature's repository as `visibleTo(caller)`, because it is a WHERE clause, not a yes/no.
 */

type Caller = Pick<AuthUser, 'roles' | 'departmentId'>;

export function hasRole(user: Pick<AuthUser, 'roles'> | undefined, ...roles: Role[]): boolean {
  return !!user && roles.some((role) => user.roles.includes(role));
}

/** City staff acting for a department: its own department staff, directors and admins (§1.2). */
export function isCityStaffOf(user: Caller | undefined, departmentId: string): boolean {
  return hasRole(user, 'admin', 'director') || (hasRole(user, 'department') && user?.departmentId === departmentId);
}

/** Department staff manage their own department's challenges; admins manage all (§3.1.1). */
export function managesChallenge(actor: Caller, departmentId: string): boolean {
  return hasRole(actor, 'admin') || (hasRole(actor, 'department') && actor.departmentId === departmentId);
}

/** The gates of docs/product.md §1.1. */
export type GateName = 'time' | 'money' | 'scale' | 'implement';

/** Directors decide money, scale and implement; the time gate also the pilot's own department staff (§1.1). */
export function mayDecide(gate: GateName, who: { director: boolean; admin: boolean; ownDepartment: boolean }): boolean {
  if (who.admin || who.director) return true;
  return gate === 'time' && who.ownDepartment;
}

/** `mayDecide` for a caller and the pilot's department. */
export function mayDecideGate(actor: Caller, gate: GateName, pilotDepartmentId: string): boolean {
  return mayDecide(gate, {
    admin: hasRole(actor, 'admin'),
    director: hasRole(actor, 'director'),
    ownDepartment: hasRole(actor, 'department') && actor.departmentId === pilotDepartmentId,
  });
}

/** Effect goals are set by the pilot's department staff, directors and admins (§3.5.6). */
export const maySetEffectGoals = (actor: Caller, pilotDepartmentId: string): boolean =>
  isCityStaffOf(actor, pilotDepartmentId);

/** Measurements: also by members of the lead organisation (§3.5.6). */
export const mayRecordMeasurement = (actor: Caller, pilotDepartmentId: string, inLead: boolean): boolean =>
  isCityStaffOf(actor, pilotDepartmentId) || inLead;

/**
 * The pipeline's scope (§3.6.1): directors and admins choose a department or see the whole city
 * (null); department staff see their own department only. Anyone else — a department role
 * without a department included — is refused here, whatever the route's decorator says.
 */
export function pipelineScope(actor: Caller, requested: string | undefined): string | null {
  if (hasRole(actor, 'admin', 'director')) return requested ?? null;
  if (!hasRole(actor, 'department') || !actor.departmentId) {
    throw new Forbidden("The pipeline is for directors, admins and a department's staff.");
  }
  if (requested !== undefined && requested !== actor.departmentId) {
    throw new Forbidden("Department staff see their own department's pipeline only.");
  }
  return actor.departmentId;
}

/** Only admins list users; department staff and directors may list evaluators (§1.2). */
export function mayListUsers(actor: Caller, role: Role | undefined): boolean {
  return hasRole(actor, 'admin') || (role === 'evaluator' && hasRole(actor, 'department', 'director'));
}
