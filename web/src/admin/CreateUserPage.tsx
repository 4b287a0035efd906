import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Form } from 'react-aria-components';
import type { Role } from '../account/session';
import { emailError } from '../account/validation';
import { Button, LinkButton } from '../ui/Button';
import { ErrorSummary } from '../ui/ErrorSummary';
import { useFormState } from '../ui/form';
import { Page } from '../ui/Page';
import { TextField } from '../ui/TextField';
import { AdminNav } from './AdminNav';
import { useCreateUser } from './hooks';
import { RequireRole } from '../account/RequireRole';
import { RoleFields } from './RoleFields';
import { needsDepartment } from './user-rules';
import './admin.css';

const MIN_PASSWORD = 12;

/** Admins create an account for city staff (or anyone) with its roles and an initial password. */
export default function CreateUserPage() {
  const { t } = useTranslation();
  return (
    <RequireRole title={t('admin.create.title')} roles={['admin']}>
      {() => <CreateUser />}
    </RequireRole>
  );
}

function CreateUser() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateUser();
  const form = useFormState(
    {
      name: { id: 'new-user-name', label: t('admin.create.name') },
      email: { id: 'new-user-email', label: t('admin.create.email') },
      password: { id: 'new-user-password', label: t('admin.create.password') },
      roles: { id: 'new-user-roles', label: t('admin.users.roles') },
      departmentId: { id: 'new-user-department', label: t('admin.users.department') },
    },
    { name: '', email: '', password: '', roles: 'department', departmentId: '' },
  );
  // The roles travel as one comma-separated value, so the form keeps them with the other fields.
  const roles = form.values.roles.split(',').filter(Boolean) as Role[];
  return (
    <Page title={t('admin.create.title')} lead={t('admin.create.lead')}>
      <AdminNav />
      <Form
        className="form"
        validationBehavior="aria"
        onSubmit={form.submit(create, {
          check: (values) => {
            const chosen = values.roles.split(',').filter(Boolean) as Role[];
            return {
              name: values.name.trim() ? undefined : t('admin.create.nameRequired'),
              email: emailError(t, values.email),
              password:
                values.password.length >= MIN_PASSWORD
                  ? undefined
                  : t('admin.create.passwordShort', { count: MIN_PASSWORD }),
              roles: chosen.length > 0 ? undefined : t('admin.users.rolesRequired'),
              departmentId: needsDepartment(chosen, values.departmentId)
                ? t('admin.users.departmentRequired')
                : undefined,
            };
          },
          variables: (values) => ({
            name: values.name.trim(),
            email: values.email.trim(),
            password: values.password,
            roles: values.roles.split(',').filter(Boolean) as Role[],
            departmentId: values.departmentId || undefined,
          }),
          onSuccess: (user) => void navigate(`/admin/users?q=${encodeURIComponent(user.email)}`),
          refusal: (error) => (error.status === 409 ? { field: 'email', message: t('admin.create.emailTaken') } : null),
        })}
      >
        <ErrorSummary errors={form.summary} />
        <TextField {...form.field('name')} autoComplete="off" />
        <TextField {...form.field('email')} type="email" autoComplete="off" hint={t('admin.create.emailHint')} />
        <TextField
          {...form.field('password')}
          type="password"
          autoComplete="new-password"
          hint={t('admin.create.passwordHint', { count: MIN_PASSWORD })}
        />
        <RoleFields
          id="new-user"
          roles={roles}
          onRoles={(next) => form.set('roles')(next.join(','))}
          departmentId={form.values.departmentId}
          onDepartment={form.set('departmentId')}
          rolesError={form.errors.roles}
          departmentError={form.errors.departmentId}
        />
        <div className="button-row">
          <Button type="submit" isPending={create.isPending}>
            {t('admin.create.action')}
          </Button>
          <LinkButton href="/admin/users" variant="secondary">
            {t('actions.cancel')}
          </LinkButton>
        </div>
      </Form>
    </Page>
  );
}
