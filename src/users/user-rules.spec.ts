import type { Role } from './role';
import { departmentRuleViolation, removesLastAdmin } from './user-rules';

const DEPARTMENT_ID = '6f1c2b1e-9f3a-4c59-9a7e-0c3f5d2b8a11';

describe('departmentRuleViolation', () => {
  it.each<[Role[], string | null, boolean]>([
    // Department staff need a department.
    [['department'], null, true],
    [['department'], '', true],
    [['department'], DEPARTMENT_ID, false],
    [['department', 'evaluator'], null, true],
    [['admin', 'department'], null, true],
    [['admin', 'department'], DEPARTMENT_ID, false],
    // Everyone else may have one or not.
    [[], null, false],
    [['admin'], null, false],
    [['director'], null, false],
    [['evaluator'], null, false],
    [['partner'], null, false],
    [['admin', 'director', 'evaluator', 'partner'], null, false],
    [['director'], DEPARTMENT_ID, false],
    [['evaluator'], DEPARTMENT_ID, false],
  ])('roles %j with departmentId %p → violation: %p', (roles, departmentId, violates) => {
    const result = departmentRuleViolation({ roles, departmentId });
    if (violates) expect(result).toBe('departmentId is required for role department');
    else expect(result).toBeNull();
  });
});

describe('removesLastAdmin', () => {
  const admin = { roles: ['admin'] as Role[], disabled: false };
  const disabledAdmin = { roles: ['admin'] as Role[], disabled: true };
  const partner = { roles: ['partner'] as Role[], disabled: false };
  const disabledPartner = { roles: ['partner'] as Role[], disabled: true };
  const adminAndDirector = { roles: ['admin', 'director'] as Role[], disabled: false };
  const director = { roles: ['director'] as Role[], disabled: false };

  type Shape = { roles: Role[]; disabled: boolean };
  it.each<[string, Shape, Shape, number, boolean]>([
    // The last enabled admin loses the role, is disabled, or both: refused.
    ['demoting the only admin', admin, partner, 1, true],
    ['disabling the only admin', admin, disabledAdmin, 1, true],
    ['demoting and disabling the only admin', admin, disabledPartner, 1, true],
    ['dropping admin from a multi-role only admin', adminAndDirector, director, 1, true],
    ['demoting an admin when the count is (inconsistently) 0', admin, partner, 0, true],
    // Another enabled admin remains: allowed.
    ['demoting one of two admins', admin, partner, 2, false],
    ['disabling one of three admins', admin, disabledAdmin, 3, false],
    // The admin stays an enabled admin: allowed.
    ['an unchanged only admin', admin, admin, 1, false],
    ['adding a role to the only admin', admin, adminAndDirector, 1, false],
    ['dropping another role from the only admin', adminAndDirector, admin, 1, false],
    // The user was not an enabled admin: nothing to lose.
    ['changing a partner', partner, director, 1, false],
    ['disabling a partner with no admins counted', partner, disabledPartner, 0, false],
    ['promoting a partner', partner, admin, 0, false],
    ['demoting a disabled admin', disabledAdmin, partner, 1, false],
    ['re-enabling a disabled admin', disabledAdmin, admin, 0, false],
    ['a disabled admin staying disabled', disabledAdmin, disabledAdmin, 1, false],
  ])('%s → %p', (_what, before, after, enabledAdmins, expected) => {
    expect(removesLastAdmin(before, after, enabledAdmins)).toBe(expected);
  });

  it('is decided by the enabled admin count alone once the user stops being an enabled admin', () => {
    for (const count of [0, 1]) expect(removesLastAdmin(admin, partner, count)).toBe(true);
    for (const count of [2, 3, 100]) expect(removesLastAdmin(admin, partner, count)).toBe(false);
  });
});
