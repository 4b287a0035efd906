import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '../users/role';

export const IS_PUBLIC = 'testbed:isPublic';
export const ROLES_KEY = 'testbed:roles';

/** Opts a route out of the global "signed in" requirement. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/**
 * Public, but a caller who sends a bearer token is identified (and refused if the token is bad),
 * so the handler can show more to those allowed to see more.
 */
export const OPTIONAL_AUTH = 'testbed:optionalAuth';
export const OptionalAuth = (): MethodDecorator & ClassDecorator => SetMetadata(OPTIONAL_AUTH, true);

/** The caller needs at least one of these roles (admins are not implied: list them). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** What a verified token resolves to, loaded fresh from the database on every request. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  departmentId: string | null;
}

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
