import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AuthUser } from '../common/auth.decorators';
import { Unauthenticated } from '../common/errors';
import { APP_CONFIG } from '../config/config';
import type { AppConfig } from '../config/config';
import { UserDto } from '../users/dto/user.dto';
import { UsersService } from '../users/users.service';
import { LoginDto, RegisterDto, TokenDto } from './dto/auth.dto';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';

/** The claims we sign; roles are deliberately not in the token, they are read on every request. */
export interface JwtClaims {
  sub: string;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Self-registration always gives role `partner`. */
  register(dto: RegisterDto): Promise<UserDto> {
    return this.users.createUser(null, { ...dto, roles: ['partner'] }, 'user.registered');
  }

  /**
   * Unknown email, wrong password and disabled account get the same answer, and cost the same
   * argon2 verification, so a response reveals nothing about which accounts exist.
   */
  async login(dto: LoginDto, ip: string): Promise<TokenDto> {
    const attempt = await this.throttle.begin(dto.email, ip);
    const user = await this.users.findByEmail(dto.email);
    const valid = await this.hasher.verify(user?.passwordHash, dto.password);
    if (!user || !valid || user.disabled) {
      if (Math.random() < 0.02) await this.throttle.prune();
      throw new Unauthenticated('Invalid email or password.');
    }
    await this.throttle.succeeded(attempt);
    const claims: JwtClaims = { sub: user.id };
    return {
      accessToken: await this.jwt.signAsync(claims),
      tokenType: 'Bearer',
      expiresIn: this.config.jwt.ttlSeconds,
    };
  }

  me(user: AuthUser): Promise<UserDto> {
    return this.users.get(user.id);
  }
}
