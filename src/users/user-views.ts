import type { DepartmentDto, WelfareAreaDto } from './dto/reference-data.dto';
import type { EvaluatorSummaryDto, UserDto } from './dto/user.dto';
import type { Department } from './department.entity';
import type { UserRow } from './users.repository';
import type { WelfareArea } from './welfare-area.entity';

/** A user's account as admins and the user themselves see it (never the password hash or session version). */
export function toUserDto(user: UserRow): UserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    roles: user.roles,
    departmentId: user.departmentId,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
  };
}

/** What department staff and directors see of an evaluator they may assign: the name, no account details. */
export const evaluatorSummary = (user: UserRow): EvaluatorSummaryDto => ({ id: user.id, name: user.name });

/** What the audit trail keeps of a user. */
export const userAudit = (user: Omit<UserRow, 'id' | 'createdAt'>): Record<string, unknown> => ({
  email: user.email,
  name: user.name,
  roles: user.roles,
  departmentId: user.departmentId,
  disabled: user.disabled,
});

export const toDepartmentDto = (d: Department): DepartmentDto => ({ id: d.id, name: d.name, slug: d.slug });

export const toWelfareAreaDto = (a: WelfareArea): WelfareAreaDto => ({
  code: a.code,
  nameSv: a.nameSv,
  nameEn: a.nameEn,
});
