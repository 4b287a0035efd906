import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth.decorators';
import { RuleViolation, Unauthenticated } from '../common/errors';
import { APP_CONFIG } from '../config/config';
import type { AppConfig } from '../config/config';
import { MailOutbox } from '../mail/mail-outbox';
import { UserDto } from '../users/dto/user.dto';
import { toUserDto } from '../users/user-views';
import { UsersService } from '../users/users.service';
import { ConfirmRegistrationDto, LoginDto, PendingMailDto, RegisterDto, TokenDto } from './dto/auth.dto';
import { LoginThrottle } from './login-throttle';
import { codeHash, newCode } from './one-time-codes';
import { PasswordHasher } from './password-hasher';
import {
  accountExistsMail,
  CONFIRMATION_HOURS,
  confirmationMail,
  REGISTRATION_PENDING_DETAIL,
} from './registration-mails';
import { SessionTokens } from './session-tokens';

/** A signed-in person: who they are, and the token for their bearer header or session cookie. */
export interface SignedIn {
  user: UserDto;
  token: string;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly mail: MailOutbox,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly tokens: SessionTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Self-registration, step one. Every valid request gets the same 202: a free address is mailed
   * a confirmation code (the address waits in `pending_registrations`), a taken one a notice to
   * its owner. So the answer never tells whether an address has an account, and nobody
   * registers an address they cannot read. The mail is charged to the client's IP (MailOutbox).
   */
  async register(dto: RegisterDto, ip: string): Promise<PendingMailDto> {
    const code = newCode();
    const sender = { kind: 'anonymous', ip } as const;
    await this.db.transaction(async (manager) => {
      // Expired registrations go: an address nobody confirmed is kept no longer.
      await manager.query(`DELETE FROM pending_registrations WHERE expires_at <= now()`);
      const [existing] = await manager.query<{ id: string }[]>(`SELECT id FROM users WHERE email = $1`, [dto.email]);
      if (existing) {
        await this.mail.enqueue(manager, accountExistsMail(dto.email, this.config.publicUrl), sender);
        return;
      }
      // The mail first: past a share nothing is queued, and then the pending registration stays
      // as it was, so that its code is always one that was mailed.
      if (!(await this.mail.enqueue(manager, confirmationMail(dto.email, code, this.config.publicUrl), sender))) {
        return;
      }
      // Registering again replaces the code: the newest mail counts.
      await manager.query(
        `INSERT INTO pending_registrations (email, code_hash, expires_at)
         VALUES ($1, $2, now() + make_interval(hours => $3))
         ON CONFLICT (email) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at,
           created_at = now()`,
        [dto.email, codeHash(code), CONFIRMATION_HOURS],
      );
    });
    return { status: 'pending', detail: REGISTRATION_PENDING_DETAIL };
  }

  /**
   * Self-registration, step two: whoever holds the mailed code chooses the name and password, and
   * the partner account is created (audited as `user.registered`). A code works once; an
   * unknown, used or expired one is one 422.
   */
  async confirmRegistration(dto: ConfirmRegistrationDto): Promise<UserDto> {
    const passwordHash = await this.hasher.hash(dto.password);
    return this.db.transaction(async (manager) => {
      // DELETE … RETURNING takes the row lock: of two confirmations at once, one gets the row.
      const [deleted] = await manager.query<[{ email: string }[], number]>(
        `DELETE FROM pending_registrations WHERE code_hash = $1 AND expires_at > now() RETURNING email`,
        [codeHash(dto.code)],
      );
      const row = deleted[0];
      if (!row) {
        throw new RuleViolation('This confirmation code is unknown, used or expired; register again for a new one.', [
          { field: 'code', message: 'unknown, used or expired' },
        ]);
      }
      return this.users.insertUser(
        manager,
        null,
        { email: row.email, name: dto.name, passwordHash, roles: ['partner'] },
        'user.registered',
      );
    });
  }

  /**
   * Checks email and password. Unknown email, wrong password and disabled account get the same
   * answer, and cost the same argon2 verification, so a response reveals nothing about which
   * accounts exist. Throttled per account and client (LoginThrottle).
   */
  async signIn(dto: LoginDto, ip: string): Promise<SignedIn> {
    const attempt = await this.throttle.begin(dto.email, ip);
    const user = await this.users.findByEmail(dto.email);
    const valid = await this.hasher.verify(user?.passwordHash, dto.password);
    if (!user || !valid || user.disabled) {
      if (Math.random() < 0.02) await this.throttle.prune();
      throw new Unauthenticated('Invalid email or password.');
    }
    await this.throttle.succeeded(attempt);
    return { user: toUserDto(user), token: await this.tokens.sign(user) };
  }

  /** Email and password for a bearer token (API clients). */
  async login(dto: LoginDto, ip: string): Promise<TokenDto> {
    const { token } = await this.signIn(dto, ip);
    return { accessToken: token, tokenType: 'Bearer', expiresIn: this.tokens.ttlSeconds };
  }

  me(user: AuthUser): Promise<UserDto> {
    return this.users.get(user.id);
  }
}
