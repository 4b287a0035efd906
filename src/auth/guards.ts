import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AuthUser, hasRole, IS_PUBLIC, OPTIONAL_AUTH, ROLES_KEY } from '../common/auth.decorators';
import { Forbidden, Unauthenticated } from '../common/errors';
import type { Role } from '../users/role';

/** Global: every route needs a valid bearer token unless it is marked `@Public()`. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const optional = this.reflector.getAllAndOverride<boolean>(OPTIONAL_AUTH, targets);
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
    if (optional && request.headers.authorization === undefined) return true;
    return super.canActivate(context);
  }

  override handleRequest<T = AuthUser>(error: unknown, user: T | false): T {
    // Passport reports a bad token as "no user"; an error means looking the user up failed (the
    // database), which is our fault, not the caller's: it must not pass for "sign in again".
    if (error) throw error instanceof Error ? error : new Error('Checking the bearer token failed.', { cause: error });
    if (!user) throw new Unauthenticated('Sign in: a valid bearer token is required.');
    return user;
  }
}

/** Global: a route with `@Roles(...)` needs one of them. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles || roles.length === 0) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (hasRole(user, ...roles)) return true;
    throw new Forbidden(`This requires one of the roles: ${roles.join(', ')}.`);
  }
}
