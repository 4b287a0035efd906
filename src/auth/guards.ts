import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { hasRole } from '../common/access-policy';
import { AuthUser, IS_PUBLIC, OPTIONAL_AUTH, ROLES_KEY } from '../common/auth.decorators';
import { Forbidden, Unauthenticated } from '../common/errors';
import type { Role } from '../users/role';
import { sessionCookieOf } from './session-cookie';

type RequestWithHeaders = { headers: Record<string, string | string[] | undefined> };

/**
 * Global: every route needs a valid bearer token or session cookie unless it is marked
 * `@Public()`. On an `@OptionalAuth()` route a bad bearer token is refused (the client asked to
 * be identified), while a stale session cookie is taken as a guest: an expired browser session
 * must not break the public pages.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<RequestWithHeaders>();
    if (this.isOptional(context) && request.headers.authorization === undefined && !sessionCookieOf(request.headers)) {
      return true;
    }
    return super.canActivate(context);
  }

  override handleRequest<T = AuthUser>(error: unknown, user: T | false, _info: unknown, context: ExecutionContext): T {
    // Passport reports a bad token as "no user"; an error means looking the user up failed (the
    // database), which is our fault, not the caller's: it must not pass for "sign in again".
    if (error) throw error instanceof Error ? error : new Error('Checking the bearer token failed.', { cause: error });
    if (!user) {
      const request = context.switchToHttp().getRequest<RequestWithHeaders>();
      if (this.isOptional(context) && request.headers.authorization === undefined) return undefined as T;
      throw new Unauthenticated('Sign in: a valid bearer token or session is required.');
    }
    return user;
  }

  private isOptional(context: ExecutionContext): boolean {
    return !!this.reflector.getAllAndOverride<boolean>(OPTIONAL_AUTH, [context.getHandler(), context.getClass()]);
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
