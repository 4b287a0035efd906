import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth.decorators';
import { isUniqueViolation } from '../common/database-errors';
import { Conflict, RuleViolation } from '../common/errors';
import { APP_CONFIG } from '../config/config';
import type { AppConfig } from '../config/config';
import { MailOutbox } from '../mail/mail-outbox';
import { UserDto } from '../users/dto/user.dto';
import { toUserDto } from '../users/user-views';
import { User } from '../users/user.entity';
import type { AccountCodePurpose } from './account-code.entity';
import {
  EMAIL_CHANGE_HOURS,
  EMAIL_CHANGE_PENDING_DETAIL,
  emailChangedMail,
  emailChangeMail,
  emailTakenMail,
  passwordChangedMail,
  passwordResetMail,
  RESET_MINUTES,
  RESET_PENDING_DETAIL,
} from './account-mails';
import {
  ChangeEmailDto,
  ChangePasswordDto,
  ConfirmEmailChangeDto,
  ForgotPasswordDto,
  PendingMailDto,
  ResetPasswordDto,
} from './dto/auth.dto';
import { LoginThrottle } from './login-throttle';
import { codeHash, newCode } from './one-time-codes';
import { PasswordHasher } from './password-hasher';
import { revokeSessions } from './revoke-sessions';

const WRONG_PASSWORD = 'The current password is not right.';

/**
 * Changes a person makes to their own account: password (knowing it, or by a mailed reset code),
 * email (confirmed from the new address), and signing out everywhere. Each is audited, and each
 * that should raises the user's session version, which revokes every token and session cookie
 * issued before (docs/SECURITY.md, "Accounts and sessions").
 */
@Injectable()
export class AccountChangesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly mail: MailOutbox,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Revokes every token and cookie of the caller, this one included. */
  async signOutEverywhere(actor: AuthUser): Promise<void> {
    await this.db.transaction(async (manager) => {
      await revokeSessions(manager, actor.id);
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'user.signed-out-everywhere',
        entityType: 'user',
        entityId: actor.id,
      });
    });
  }

  /**
   * A new password, given the current one (a stolen session alone cannot take the account over;
   * wrong guesses count in the login throttle). Every other session is revoked; the answer is
   * the new session version, so that the caller's own browser can be signed in again.
   */
  async changePassword(
    actor: AuthUser,
    dto: ChangePasswordDto,
    ip: string,
  ): Promise<{ id: string; sessionVersion: number }> {
    await this.verifyCurrentPassword(actor, dto.currentPassword, ip);
    const passwordHash = await this.hasher.hash(dto.newPassword);
    return this.db.transaction(async (manager) => {
      const sessionVersion = await this.setPassword(manager, actor.id, passwordHash);
      if (sessionVersion === undefined) throw new RuleViolation('This account no longer exists.');
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'user.password-changed',
        entityType: 'user',
        entityId: actor.id,
      });
      await this.mail.enqueue(manager, passwordChangedMail(actor.email, this.config.publicUrl), {
        kind: 'user',
        id: actor.id,
      });
      return { id: actor.id, sessionVersion };
    });
  }

  /**
   * Forgotten password, step one: the same 202 for any address. An enabled account is mailed a
   * single-use code (a newer request replaces it); the mail is charged to the client's IP.
   */
  async forgotPassword(dto: ForgotPasswordDto, ip: string): Promise<PendingMailDto> {
    const code = newCode();
    await this.db.transaction(async (manager) => {
      const [user] = await manager.query<{ id: string }[]>(`SELECT id FROM users WHERE email = $1 AND NOT disabled`, [
        dto.email,
      ]);
      if (!user) return;
      const mailed = await this.mail.enqueue(manager, passwordResetMail(dto.email, code, this.config.publicUrl), {
        kind: 'anonymous',
        ip,
      });
      if (mailed) {
        await this.storeCode(manager, user.id, 'password-reset', code, RESET_MINUTES * 60);
      }
    });
    return { status: 'pending', detail: RESET_PENDING_DETAIL };
  }

  /** Forgotten password, step two: the code sets a new password once and signs the account out everywhere. */
  async resetPassword(dto: ResetPasswordDto): Promise<void> {
    const passwordHash = await this.hasher.hash(dto.newPassword);
    await this.db.transaction(async (manager) => {
      const code = await this.takeCode(manager, 'password-reset', dto.code);
      const sessionVersion = await this.setPassword(manager, code.userId, passwordHash, { enabledOnly: true });
      if (sessionVersion === undefined) throw this.badCode('password-reset');
      // The owner proved they read the mailbox: their own typos no longer hold them back.
      await manager.query(`DELETE FROM login_failures WHERE email = (SELECT email FROM users WHERE id = $1)`, [
        code.userId,
      ]);
      await this.audit.record(manager, {
        actorId: code.userId,
        action: 'user.password-reset',
        entityType: 'user',
        entityId: code.userId,
      });
    });
  }

  /**
   * Email change, step one: given the current password, a code is mailed to the new address
   * (the same 202 whether or not it is free: a taken address gets a notice instead of a code).
   */
  async requestEmailChange(actor: AuthUser, dto: ChangeEmailDto, ip: string): Promise<PendingMailDto> {
    if (dto.newEmail === actor.email) {
      throw new RuleViolation('That is already the address of this account.', [
        { field: 'newEmail', message: 'is already your address' },
      ]);
    }
    await this.verifyCurrentPassword(actor, dto.currentPassword, ip);
    const code = newCode();
    const sender = { kind: 'user', id: actor.id } as const;
    await this.db.transaction(async (manager) => {
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'user.email-change-requested',
        entityType: 'user',
        entityId: actor.id,
        after: { newEmail: dto.newEmail },
      });
      const [taken] = await manager.query<unknown[]>(`SELECT 1 FROM users WHERE email = $1`, [dto.newEmail]);
      if (taken) {
        await this.mail.enqueue(manager, emailTakenMail(dto.newEmail), sender);
        return;
      }
      if (await this.mail.enqueue(manager, emailChangeMail(dto.newEmail, code, this.config.publicUrl), sender)) {
        await this.storeCode(manager, actor.id, 'email-change', code, EMAIL_CHANGE_HOURS * 3600, dto.newEmail);
      }
    });
    return { status: 'pending', detail: EMAIL_CHANGE_PENDING_DETAIL };
  }

  /** Email change, step two: the code from the new address moves the account there; the old address is told. */
  confirmEmailChange(dto: ConfirmEmailChangeDto): Promise<UserDto> {
    return this.db.transaction(async (manager) => {
      const code = await this.takeCode(manager, 'email-change', dto.code);
      const user = await manager.findOne(User, { where: { id: code.userId }, lock: { mode: 'pessimistic_write' } });
      if (!user || user.disabled || !code.newEmail) throw this.badCode('email-change');
      const oldEmail = user.email;
      try {
        await manager.update(User, { id: user.id }, { email: code.newEmail });
      } catch (error) {
        if (isUniqueViolation(error, 'users_email_unique')) {
          throw new Conflict('The new address has an account of its own by now; nothing was changed.');
        }
        throw error;
      }
      user.email = code.newEmail;
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'user.email-changed',
        entityType: 'user',
        entityId: user.id,
        before: { email: oldEmail },
        after: { email: user.email },
      });
      await this.mail.enqueue(manager, emailChangedMail(oldEmail, user.email), { kind: 'user', id: user.id });
      return toUserDto(user);
    });
  }

  /** Argon2 verification of the caller's password, counted by the login throttle like a sign-in. */
  private async verifyCurrentPassword(actor: AuthUser, password: string, ip: string): Promise<void> {
    const attempt = await this.throttle.begin(actor.email, ip);
    const [row] = await this.db.query<{ password_hash: string }[]>(`SELECT password_hash FROM users WHERE id = $1`, [
      actor.id,
    ]);
    if (!(await this.hasher.verify(row?.password_hash, password))) {
      throw new RuleViolation(WRONG_PASSWORD, [{ field: 'currentPassword', message: 'is not right' }]);
    }
    await this.throttle.succeeded(attempt);
  }

  /** Sets the password hash and revokes every session; the new session version (undefined: no such enabled user). */
  private async setPassword(
    manager: EntityManager,
    userId: string,
    passwordHash: string,
    { enabledOnly = false } = {},
  ): Promise<number | undefined> {
    const [rows] = await manager.query<[{ id: string }[], number]>(
      `UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1 AND (NOT $3 OR NOT disabled) RETURNING id`,
      [userId, passwordHash, enabledOnly],
    );
    return rows[0] ? revokeSessions(manager, userId) : undefined;
  }

  /** One live code per user and purpose: a newer request replaces the older code. Expired codes of anyone go. */
  private async storeCode(
    manager: EntityManager,
    userId: string,
    purpose: AccountCodePurpose,
    code: string,
    seconds: number,
    newEmail: string | null = null,
  ): Promise<void> {
    await manager.query(`DELETE FROM account_codes WHERE expires_at <= now()`);
    await manager.query(
      `INSERT INTO account_codes (user_id, purpose, new_email, code_hash, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))
       ON CONFLICT (user_id, purpose) DO UPDATE SET new_email = excluded.new_email, code_hash = excluded.code_hash,
         expires_at = excluded.expires_at, created_at = now()`,
      [userId, purpose, newEmail, codeHash(code), seconds],
    );
  }

  /** Uses a code up (DELETE … RETURNING: of two uses at once, one gets it); 422 when unknown, used or expired. */
  private async takeCode(
    manager: EntityManager,
    purpose: AccountCodePurpose,
    code: string,
  ): Promise<{ userId: string; newEmail: string | null }> {
    const [rows] = await manager.query<[{ user_id: string; new_email: string | null }[], number]>(
      `DELETE FROM account_codes WHERE code_hash = $1 AND purpose = $2 AND expires_at > now()
       RETURNING user_id, new_email`,
      [codeHash(code), purpose],
    );
    if (!rows[0]) throw this.badCode(purpose);
    return { userId: rows[0].user_id, newEmail: rows[0].new_email };
  }

  private badCode(purpose: AccountCodePurpose): RuleViolation {
    const again = purpose === 'password-reset' ? 'ask for a new password reset' : 'ask for the change again';
    return new RuleViolation(`This code is unknown, used or expired; ${again}.`, [
      { field: 'code', message: 'unknown, used or expired' },
    ]);
  }
}
