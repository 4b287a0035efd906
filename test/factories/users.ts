import { randomBytes } from 'node:crypto';
import type { Role } from '../../src/users/role';
import { UsersService } from '../../src/users/users.service';
import type { TestApp } from '../support/test-app';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  name: string;
  roles: Role[];
  departmentId: string | null;
  token: string;
  /** `Authorization` header value. */
  auth: string;
}

let counter = 0;

export async function departmentId(t: TestApp, slug = 'vard-och-omsorgsforvaltningen'): Promise<string> {
  const [row] = await t.db.query<{ id: string }[]>(`SELECT id FROM departments WHERE slug = $1`, [slug]);
  if (!row) throw new Error(`no department ${slug}`);
  return row.id;
}

/** A user with valid defaults (role partner); override anything. Created through the real service. */
export async function createUser(
  t: TestApp,
  overrides: Partial<{
    email: string;
    password: string;
    name: string;
    roles: Role[];
    departmentId: string | null;
  }> = {},
): Promise<TestUser> {
  counter += 1;
  const roles = overrides.roles ?? ['partner'];
  const departmentIdValue =
    overrides.departmentId !== undefined
      ? overrides.departmentId
      : roles.includes('department')
        ? await departmentId(t)
        : null;
  const input = {
    email: overrides.email ?? `user${counter}-${randomBytes(3).toString('hex')}@example.se`,
    password: overrides.password ?? `password-${counter}-long-enough`,
    name: overrides.name ?? `Test User ${counter}`,
    roles,
    departmentId: departmentIdValue,
  };
  const dto = await t.app.get(UsersService).createUser(null, input);
  const token = await t.tokenFor(dto.id);
  return { ...input, id: dto.id, email: dto.email, token, auth: `Bearer ${token}` };
}

/** One user of every role, in the default department. */
export async function createCast(t: TestApp) {
  const [admin, director, department, evaluator, partner] = await Promise.all([
    createUser(t, { roles: ['admin'], name: 'Admin' }),
    createUser(t, { roles: ['director'], name: 'Director' }),
    createUser(t, { roles: ['department'], name: 'Department' }),
    createUser(t, { roles: ['evaluator'], name: 'Evaluator' }),
    createUser(t, { roles: ['partner'], name: 'Partner' }),
  ]);
  return { admin, director, department, evaluator, partner };
}
