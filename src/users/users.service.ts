import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { PasswordHasher } from '../auth/password-hasher';
import { revokeSessions } from '../auth/revoke-sessions';
import { mayListUsers } from '../common/access-policy';
import { AuthUser } from '../common/auth.decorators';
import { isUniqueViolation } from '../common/database-errors';
import { Conflict, Forbidden, InvalidInput, NotFound, RuleViolation } from '../common/errors';
import { toPage } from '../common/pagination';
import { APP_CONFIG } from '../config/config';
import type { AppConfig } from '../config/config';
import { changes } from '../common/changes';
import {
  CreateUserDto,
  EvaluatorSummaryDto,
  ListUsersQueryDto,
  UpdateUserDto,
  UserDto,
  UserPageDto,
} from './dto/user.dto';
import type { Role } from './role';
import { User } from './user.entity';
import { departmentRuleViolation, removesLastAdmin } from './user-rules';
import { evaluatorSummary, toUserDto, userAudit } from './user-views';
import { UsersRepository } from './users.repository';

export interface NewUser {
  email: string;
  name: string;
  password: string;
  roles: Role[];
  departmentId?: string | null;
}

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates the bootstrap admin from ADMIN_EMAIL/ADMIN_PASSWORD when there is no admin yet. */
  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.admin;
    if (!admin) return;
    if ((await this.users.countAdmins(this.db.manager)) > 0) return;
    await this.createUser(null, { ...admin, name: 'Administrator', roles: ['admin'] }, 'user.bootstrap-admin');
    this.logger.log(`Created bootstrap admin ${admin.email}`);
  }

  /** Inserts a user (argon2id hash) and its audit event in one transaction; 409 on a taken email. */
  async createUser(actorId: string | null, input: NewUser, action = 'user.created'): Promise<UserDto> {
    const departmentId = input.departmentId ?? null;
    this.assertDepartmentRule(input.roles, departmentId);
    const passwordHash = await this.hasher.hash(input.password);
    return this.db.transaction((manager) =>
      this.insertUser(manager, actorId, { ...input, passwordHash, departmentId }, action),
    );
  }

  /**
   * Inserts a user whose password is already hashed, with its audit event, in the caller's
   * transaction (a confirmed registration moves a pending row into `users`); 409 on a taken email.
   */
  async insertUser(
    manager: EntityManager,
    actorId: string | null,
    input: Omit<NewUser, 'password'> & { passwordHash: string },
    action: string,
  ): Promise<UserDto> {
    const departmentId = input.departmentId ?? null;
    await this.assertDepartmentExists(manager, departmentId);
    let user: User;
    try {
      user = await this.users.insert(manager, {
        email: input.email.toLowerCase(),
        name: input.name,
        passwordHash: input.passwordHash,
        roles: input.roles,
        departmentId,
        disabled: false,
      });
    } catch (error) {
      if (isUniqueViolation(error, 'users_email_unique')) {
        throw new Conflict('An account with this email already exists.');
      }
      throw error;
    }
    await this.audit.record(manager, {
      actorId: actorId ?? user.id,
      action,
      entityType: 'user',
      entityId: user.id,
      after: userAudit(user),
    });
    return toUserDto(user);
  }

  create(actor: AuthUser, dto: CreateUserDto): Promise<UserDto> {
    return this.createUser(actor.id, dto);
  }

  async update(actor: AuthUser, id: string, dto: UpdateUserDto): Promise<UserDto> {
    return this.db.transaction(async (manager) => {
      const user = await this.users.lock(manager, id);
      if (!user) throw new NotFound('No such user.');
      const before = userAudit(user);
      const next = {
        roles: dto.roles ?? user.roles,
        departmentId: dto.departmentId === undefined ? user.departmentId : dto.departmentId,
        disabled: dto.disabled ?? user.disabled,
      };
      this.assertDepartmentRule(next.roles, next.departmentId);
      await this.assertDepartmentExists(manager, next.departmentId);
      if (user.id === actor.id && next.disabled) throw new RuleViolation('Admins cannot disable their own account.');
      const count = await this.users.countEnabledAdminsSerialised(manager);
      if (removesLastAdmin(user, next, count)) {
        throw new RuleViolation('The platform must keep at least one enabled admin.');
      }
      // Nothing to change is not a change: no write, no audit event. Roles are a set.
      const sorted = (roles: readonly Role[]) => [...roles].sort();
      const unchanged = !changes(
        { ...before, roles: sorted(user.roles) },
        { ...before, ...next, roles: sorted(next.roles) },
      );
      if (unchanged) return toUserDto(user);
      Object.assign(user, next);
      // Disabling revokes every token and cookie issued so far: enabling again does not revive them.
      await this.users.update(manager, id, next);
      if (next.disabled && !before.disabled) await revokeSessions(manager, id);
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'user.updated',
        entityType: 'user',
        entityId: id,
        before,
        after: userAudit(user),
      });
      return toUserDto(user);
    });
  }

  /**
   * Admins list everyone; department staff and directors list evaluators only, as id and name,
   * so they can assign them without seeing anyone's account details.
   */
  async list(actor: AuthUser, query: ListUsersQueryDto): Promise<UserPageDto> {
    const admin = actor.roles.includes('admin');
    if (!mayListUsers(actor, query.role)) {
      throw new Forbidden('Only admins list users; department staff and directors may list role=evaluator.');
    }
    const rows = await this.users.list(this.db.manager, {
      role: query.role,
      q: query.q,
      inEmails: admin,
      enabledOnly: !admin,
      cursor: query.cursor,
      limit: query.limit,
    });
    return toPage(
      rows,
      query.limit,
      (u) => [u.name, u.id],
      (u): UserDto | EvaluatorSummaryDto => (admin ? toUserDto(u) : evaluatorSummary(u)),
    );
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findByEmail(this.db.manager, email);
  }

  /** The identity of an enabled account by its email (scripts acting as a known account, e.g. the demo). */
  async findActiveByEmail(email: string): Promise<AuthUser | null> {
    const user = await this.findByEmail(email);
    return user && this.findActive(user.id);
  }

  /**
   * The signed-in identity behind a token: null when the user is gone or disabled. Its session
   * version says which tokens are still good (those issued at it).
   */
  async findActive(id: string): Promise<(AuthUser & { sessionVersion: number }) | null> {
    const user = await this.users.findIdentity(this.db.manager, id);
    if (!user || user.disabled) return null;
    const { disabled: _disabled, ...identity } = user;
    return identity;
  }

  async get(id: string): Promise<UserDto> {
    const user = await this.users.findById(this.db.manager, id);
    if (!user) throw new NotFound('No such user.');
    return toUserDto(user);
  }

  private assertDepartmentRule(roles: Role[], departmentId: string | null): void {
    const violation = departmentRuleViolation({ roles, departmentId });
    if (violation) throw new InvalidInput(violation, [{ field: 'departmentId', message: violation }]);
  }

  private async assertDepartmentExists(manager: EntityManager, departmentId: string | null): Promise<void> {
    if (departmentId && !(await this.users.departmentExists(manager, departmentId))) {
      throw new RuleViolation(`departmentId ${departmentId} is not a known department.`, [
        { field: 'departmentId', message: 'no such department' },
      ]);
    }
  }
}
