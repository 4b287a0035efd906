import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG } from '../config/config';
import type { AppConfig } from '../config/config';
import type { TokenDto } from './dto/auth.dto';

/**
 * The claims we sign. Roles are deliberately not in the token, they are read on every request;
 * `sv` is the user's session version when it was issued (the token dies when that is raised).
 */
export interface JwtClaims {
  sub: string;
  sv: number;
}

/** Signs the one kind of token the API issues, for a bearer client or the session cookie alike. */
@Injectable()
export class SessionTokens {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get ttlSeconds(): number {
    return this.config.jwt.ttlSeconds;
  }

  sign(user: { id: string; sessionVersion: number }): Promise<string> {
    const claims: JwtClaims = { sub: user.id, sv: user.sessionVersion };
    return this.jwt.signAsync(claims);
  }

  async bearer(user: { id: string; sessionVersion: number }): Promise<TokenDto> {
    return { accessToken: await this.sign(user), tokenType: 'Bearer', expiresIn: this.ttlSeconds };
  }
}
