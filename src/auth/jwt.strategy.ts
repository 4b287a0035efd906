import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthUser } from '../common/auth.decorators';
import { APP_CONFIG } from '../config/config';
import type { AppConfig } from '../config/config';
import { UsersService } from '../users/users.service';
import type { JwtClaims } from './session-tokens';
import { sessionCookieOf } from './session-cookie';

/**
 * The bearer token when the request has an Authorization header (API clients), else the session
 * cookie (browsers): a request is authenticated one way, never by a mix.
 */
function tokenOf(request: { headers: Record<string, string | string[] | undefined> }): string | null {
  if (request.headers.authorization !== undefined) return ExtractJwt.fromAuthHeaderAsBearerToken()(request);
  return sessionCookieOf(request.headers) ?? null;
}

/**
 * HS256 only (so `alg: none` and algorithm confusion fail), with issuer, audience and expiry
 * checked. The user is re-read on every request: a disabled user's tokens stop working at once,
 * and a token issued before the user's session version was raised (password change or reset,
 * disabling, "sign out everywhere") never works again.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: tokenOf,
      // A key object, made once: given a string, jsonwebtoken tries it as a PEM public key on every
      // verification and falls back when that throws, which cost 7 % of a signed-in read's CPU.
      // (passport-jwt hands it to jsonwebtoken as is; only its types still say string | Buffer.)
      secretOrKey: createSecretKey(Buffer.from(config.jwt.secret)) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ignoreExpiration: false,
    });
  }

  async validate(claims: Partial<JwtClaims> & { exp?: unknown }): Promise<AuthUser | false> {
    // jsonwebtoken checks `exp` only when present; a token without one must not live forever.
    if (typeof claims.exp !== 'number') return false;
    if (
      typeof claims.sub !== 'string' ||
      !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(claims.sub)
    )
      return false;
    if (!Number.isSafeInteger(claims.sv) || (claims.sv as number) < 0) return false;
    const user = await this.users.findActive(claims.sub);
    if (!user || user.sessionVersion !== claims.sv) return false;
    const { sessionVersion: _version, ...identity } = user;
    return identity;
  }
}
