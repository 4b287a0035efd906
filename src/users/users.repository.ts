import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SqlFilter } from '../common/sql-filter';
import { Department } from './department.entity';
import type { Role } from './role';
import { User } from './user.entity';

/** A user as the lists and views read it (never the password hash or the session version). */
export type UserRow = Pick<User, 'id' | 'email' | 'name' | 'roles' | 'departmentId' | 'disabled' | 'createdAt'>;

export interface UserFilters {
  role?: Role;
  /** Matched in names, and for admins in emails too (an email match would leak addresses to others). */
  q?: string;
  inEmails: boolean;
  enabledOnly: boolean;
  cursor?: string;
  limit: number;
}

/** `text` matched literally inside an ILIKE pattern (PostgreSQL's default escape is the backslash). */
const likeEscape = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The users' SQL. Every method takes the transaction's (or the data source's) EntityManager.
 * Who may list whom is the access policy's (`mayListUsers`); the list's filters carry its answer.
 */
@Injectable()
export class UsersRepository {
  async countAdmins(manager: EntityManager): Promise<number> {
    const [{ count }] = await manager.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM users WHERE 'admin' = ANY (roles)`,
    );
    return count;
  }

  /**
   * The enabled admins, counted after taking the lock that serialises admin changes, so that two
   * concurrent demotions cannot both pass the last-admin rule.
   */
  async countEnabledAdminsSerialised(manager: EntityManager): Promise<number> {
    await manager.query(`SELECT pg_advisory_xact_lock(4216002)`);
    const [{ count }] = await manager.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM users WHERE 'admin' = ANY (roles) AND NOT disabled`,
    );
    return count;
  }

  /** Inserts the user (the entity is hydrated with its id and timestamps); a taken email throws users_email_unique. */
  async insert(
    manager: EntityManager,
    values: Pick<User, 'email' | 'name' | 'passwordHash' | 'roles' | 'departmentId' | 'disabled'>,
  ): Promise<User> {
    const user = manager.create(User, values);
    await manager.save(user);
    return user;
  }

  /** The user row, locked FOR UPDATE for a change. */
  lock(manager: EntityManager, id: string): Promise<User | null> {
    return manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async update(
    manager: EntityManager,
    id: string,
    next: Pick<User, 'roles' | 'departmentId' | 'disabled'>,
  ): Promise<void> {
    await manager.update(User, { id }, next);
  }

  /** By name, then id: keyset over (name, id); one statement whatever the page size. */
  list(manager: EntityManager, f: UserFilters): Promise<UserRow[]> {
    const filter = new SqlFilter();
    if (f.role) filter.add('? = ANY (u.roles)', f.role);
    if (f.q) {
      filter.add(f.inEmails ? '(u.name ILIKE ? OR u.email ILIKE ?)' : 'u.name ILIKE ?', `%${likeEscape(f.q)}%`);
    }
    if (f.enabledOnly) filter.and('NOT u.disabled');
    filter.afterKey(f.cursor, ['string', 'uuid'], (name, id) => `(u.name, u.id) > (${name}, ${id}::uuid)`);
    const limit = filter.limit(f.limit);
    return manager.query<UserRow[]>(
      `SELECT u.id, u.email, u.name, u.roles, u.department_id AS "departmentId", u.disabled, u.created_at AS "createdAt"
       FROM users u WHERE ${filter.where} ORDER BY u.name, u.id LIMIT ${limit}`,
      filter.params,
    );
  }

  findByEmail(manager: EntityManager, email: string): Promise<User | null> {
    return manager.findOne(User, { where: { email: email.toLowerCase() } });
  }

  /** The identity and session version of a user (null: no such user). */
  /**
   * The token check's read, on every signed-in request: one plain statement (the query builder's
   * assembly of a `findOne` was the largest part of the API's own CPU in a signed-in read).
   */
  async findIdentity(
    manager: EntityManager,
    id: string,
  ): Promise<Pick<User, 'id' | 'email' | 'name' | 'roles' | 'departmentId' | 'disabled' | 'sessionVersion'> | null> {
    const [row] = await manager.query<
      Pick<User, 'id' | 'email' | 'name' | 'roles' | 'departmentId' | 'disabled' | 'sessionVersion'>[]
    >(
      // Quoted like the entity API's statements, which the statement-counting specs recognise.
      `SELECT id, email, name, roles, department_id AS "departmentId", disabled, session_version AS "sessionVersion"
       FROM "users" WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  findById(manager: EntityManager, id: string): Promise<User | null> {
    return manager.findOne(User, { where: { id } });
  }

  departmentExists(manager: EntityManager, id: string): Promise<boolean> {
    return manager.existsBy(Department, { id });
  }
}
