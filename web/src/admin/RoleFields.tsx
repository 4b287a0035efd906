import { useTranslation } from 'react-i18next';
import { CheckboxGroup, FieldError, Label, Text } from 'react-aria-components';
import type { Role } from '../account/session';
import { useDepartments } from '../reference/hooks';
import { CheckboxField } from '../ui/CheckboxField';
import { Select } from '../ui/Select';

export const ROLES: readonly Role[] = ['admin', 'director', 'department', 'evaluator', 'partner'];

/** The roles as checkboxes and the department they belong to (required for department staff). */
export function RoleFields({
  id,
  roles,
  onRoles,
  departmentId,
  onDepartment,
  rolesError,
  departmentError,
}: {
  id: string;
  roles: Role[];
  onRoles: (roles: Role[]) => void;
  departmentId: string;
  onDepartment: (id: string) => void;
  rolesError?: string;
  departmentError?: string;
}) {
  const { t } = useTranslation();
  const departments = useDepartments();
  return (
    <>
      <CheckboxGroup
        id={`${id}-roles`}
        className="field checkbox-group"
        value={roles}
        onChange={(value) => onRoles(value as Role[])}
        isInvalid={!!rolesError}
        validationBehavior="aria"
      >
        <Label className="field-label">{t('admin.users.roles')}</Label>
        <Text slot="description" className="field-hint">
          {t('admin.users.rolesHint')}
        </Text>
        <FieldError className="field-error">{rolesError}</FieldError>
        {ROLES.map((role) => (
          <CheckboxField key={role} value={role} label={t(`account.roles.${role}`)} />
        ))}
      </CheckboxGroup>
      <div id={`${id}-department`}>
        <Select
          label={t('admin.users.department')}
          anyLabel={t('admin.users.noDepartment')}
          value={departmentId}
          options={(departments.data ?? []).map((d) => ({ id: d.id, label: d.name }))}
          onChange={onDepartment}
        />
        {departmentError && <p className="field-error">{departmentError}</p>}
      </div>
    </>
  );
}
