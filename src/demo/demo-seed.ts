import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '../users/role';
import { UsersService } from '../users/users.service';

export interface DemoAccount {
  role: Role;
  email: string;
  password: string;
  name: string;
  departmentSlug?: string;
}

/** Well-known demo credentials: loaded only on demand or on the embedded development database. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { role: 'admin', email: 'admin@demo.testbed.se', password: 'demo-admin-2026', name: 'Astrid Admin' },
  { role: 'director', email: 'director@demo.testbed.se', password: 'demo-director-2026', name: 'Dag Direktör' },
  {
    role: 'department',
    email: 'department@demo.testbed.se',
    password: 'demo-department-2026',
    name: 'Disa Förvaltning',
    departmentSlug: 'vard-och-omsorgsforvaltningen',
  },
  { role: 'evaluator', email: 'evaluator@demo.testbed.se', password: 'demo-evaluator-2026', name: 'Elsa Bedömare' },
  { role: 'partner', email: 'partner@demo.testbed.se', password: 'demo-partner-2026', name: 'Per Partner' },
];

/** Creates whichever demo accounts are missing; returns how many it created. Idempotent. */
export async function seedDemo(app: INestApplicationContext): Promise<number> {
  const db = app.get(DataSource);
  const users = app.get(UsersService);
  let created = 0;
  for (const account of DEMO_ACCOUNTS) {
    if (await users.findByEmail(account.email)) continue;
    const [department] = account.departmentSlug
      ? await db.query<{ id: string }[]>(`SELECT id FROM departments WHERE slug = $1`, [account.departmentSlug])
      : [];
    const departmentId = department?.id;
    await users.createUser(null, { ...account, roles: [account.role], departmentId }, 'user.demo-seeded');
    created += 1;
  }
  return created;
}

export function describeDemoAccounts(baseUrl: string): string {
  const rows = DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(11)} ${a.email.padEnd(28)} ${a.password}`);
  return [`Demo accounts (POST ${baseUrl}/api/v1/auth/login):`, ...rows].join('\n');
}
