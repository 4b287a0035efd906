import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth.decorators';
import { RuleViolation, Unauthenticated } from '../common/errors';
import { APP_CONFIG } from '../config/config';
import type { AppConfig } from '../config/config';
import { MailOutbox } from '../mail/mail-outbox';
import { UserDto } from '../users/dto/user.dto';
import { UsersService } from '../users/users.service';
import { ConfirmRegistrationDto, LoginDto, RegisterDto, RegistrationPendingDto, TokenDto } from './dto/auth.dto';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import {
  accountExistsMail,
  CONFIRMATION_HOURS,
  confirmationMail,
  REGISTRATION_PENDING_DETAIL,
} from './registration-mails';

/** Codes are stored as SHA-256: 256 random bits need no slow hash, and a leaked table confirms nothing. */
function codeHash(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

/** The claims we sign; roles are deliberately not in the token, they are read on every request. */
export interface JwtClaims {
  sub: string;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly mail: MailOutbox,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Self-registration, step one. Every valid request gets the same 202 and costs the same argon2
   * hash: a free address is mailed a confirmation code (the account waits in
   * `pending_registrations`), a taken one is mailed a notice to its owner. So the answer never
   * tells whether an address has an account, and nobody registers an address they cannot read.
   */
  async register(dto: RegisterDto): Promise<RegistrationPendingDto> {
    const passwordHash = await this.hasher.hash(dto.password);
    const code = randomBytes(32).toString('base64url');
    await this.db.transaction(async (manager) => {
      // Expired registrations go: a name and password hash nobody confirmed are kept no longer.
      await manager.query(`DELETE FROM pending_registrations WHERE expires_at <= now()`);
      const [existing] = await manager.query<{ id: string }[]>(`SELECT id FROM users WHERE email = $1`, [dto.email]);
      if (existing) {
        await this.mail.enqueue(manager, accountExistsMail(dto.email));
        return;
      }
      // The mail first: past its address's hourly share nothing is queued, and then the pending
      // registration stays as it was, so that its code is always one that was mailed.
      if (!(await this.mail.enqueue(manager, confirmationMail(dto.email, dto.name, code)))) return;
      // Registering again replaces the pending name, password and code: the newest mail counts.
      await manager.query(
        `INSERT INTO pending_registrations (email, name, password_hash, code_hash, expires_at)
         VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))
         ON CONFLICT (email) DO UPDATE SET name = excluded.name, password_hash = excluded.password_hash,
           code_hash = excluded.code_hash, expires_at = excluded.expires_at, created_at = now()`,
        [dto.email, dto.name, passwordHash, codeHash(code), CONFIRMATION_HOURS],
      );
    });
    return { status: 'pending', detail: REGISTRATION_PENDING_DETAIL };
  }

  /**
   * Self-registration, step two: the emailed code creates the partner account (audited as
   * `user.registered`). A code works once; an unknown, used or expired one is one 422.
   */
  confirmRegistration(dto: ConfirmRegistrationDto): Promise<UserDto> {
    return this.db.transaction(async (manager) => {
      // DELETE … RETURNING takes the row lock: of two confirmations at once, one gets the row.
      const [deleted] = await manager.query<[{ email: string; name: string; password_hash: string }[], number]>(
        `DELETE FROM pending_registrations WHERE code_hash = $1 AND expires_at > now()
         RETURNING email, name, password_hash`,
        [codeHash(dto.code)],
      );
      const row = deleted[0];
      if (!row) {
        throw new RuleViolation('This confirmation code is unknown, used or expired; register again for a new one.');
      }
      return this.users.insertUser(
        manager,
        null,
        { email: row.email, name: row.name, passwordHash: row.password_hash, roles: ['partner'] },
        'user.registered',
      );
    });
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
