import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Form } from 'react-aria-components';
import { ApiError } from '../api/client';
import { useProblemMessage } from '../api/problems';
import type { Role, User } from '../account/session';
import { useFormat } from '../i18n/format';
import { useDepartments } from '../reference/hooks';
import { ShowMore } from '../ui/ShowMore';
import { Button, LinkButton } from '../ui/Button';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { SearchField } from '../ui/SearchField';
import { Select } from '../ui/Select';
import { AdminNav } from './AdminNav';
import { FormDialog } from './FormDialog';
import { useUpdateUser, useUsers } from './hooks';
import type { UserAccount, UserFilters } from './hooks';
import { RequireRole } from '../account/RequireRole';
import { RoleFields, ROLES } from './RoleFields';
import { needsDepartment, refusalReason } from './user-rules';
import type { UserChange } from './user-rules';
import './admin.css';
import './tables.css';

/** Admins: find accounts, change their roles and department, disable and enable them. */
export default function UsersPage() {
  const { t } = useTranslation();
  return (
    <RequireRole title={t('admin.users.title')} roles={['admin']}>
      {(me) => <Users me={me} />}
    </RequireRole>
  );
}

function Users({ me }: { me: User }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const role = params.get('role') ?? '';
  const filters: UserFilters = {
    q: params.get('q') ?? '',
    role: (ROLES as string[]).includes(role) ? (role as Role) : '',
  };
  const [text, setText] = useState(filters.q);
  useEffect(() => setText(filters.q), [filters.q]);
  const [notice, setNotice] = useState('');
  const users = useUsers(filters);
  const departments = useDepartments();
  const update = (next: UserFilters) => {
    const search = new URLSearchParams();
    if (next.q) search.set('q', next.q);
    if (next.role) search.set('role', next.role);
    setParams(search);
  };
  const items = users.data?.pages.flat() ?? [];
  const departmentName = (id: string | null) => departments.data?.find((d) => d.id === id)?.name ?? '';

  return (
    <Page title={t('admin.users.title')} lead={t('admin.users.lead')}>
      <AdminNav />
      <div className="button-row">
        <LinkButton href="/admin/users/new">{t('admin.users.create')}</LinkButton>
      </div>
      <Form
        role="search"
        aria-label={t('admin.users.searchRegion')}
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          update({ ...filters, q: text.trim() });
        }}
      >
        <div className="search-bar">
          <SearchField
            label={t('admin.users.search')}
            hint={t('admin.users.searchHint')}
            clearLabel={t('actions.clearSearch')}
            value={text}
            onChange={setText}
            onClear={() => {
              setText('');
              update({ ...filters, q: '' });
            }}
          />
          <Button type="submit">{t('actions.search')}</Button>
        </div>
        <div className="filter-grid">
          <Select
            label={t('admin.users.roleFilter')}
            anyLabel={t('admin.users.anyRole')}
            value={filters.role}
            options={ROLES.map((r) => ({ id: r, label: t(`account.roles.${r}`) }))}
            onChange={(value) => update({ ...filters, role: value as UserFilters['role'] })}
          />
        </div>
      </Form>
      <p role="status" className="notice-line">
        {notice}
      </p>
      <QueryState query={users}>
        {() => (
          <>
            <p role="status" className="result-count">
              {items.length === 0
                ? t('admin.users.none')
                : t(users.hasNextPage ? 'admin.users.showingMore' : 'admin.users.showing', { count: items.length })}
            </p>
            {items.length > 0 && (
              <div className="table-scroll">
                <table className="data-table">
                  <caption className="visually-hidden">{t('admin.users.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('admin.users.name')}</th>
                      <th scope="col">{t('admin.users.email')}</th>
                      <th scope="col">{t('admin.users.roles')}</th>
                      <th scope="col">{t('admin.users.department')}</th>
                      <th scope="col">{t('admin.users.status')}</th>
                      <th scope="col">{t('admin.users.actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((user) => (
                      <tr key={user.id}>
                        <th scope="row">{user.name}</th>
                        <td className="break">{user.email}</td>
                        <td>{user.roles.map((r) => t(`account.roles.${r}`)).join(', ')}</td>
                        <td>{departmentName(user.departmentId)}</td>
                        <td>{t(user.disabled ? 'admin.users.disabled' : 'admin.users.enabled')}</td>
                        <td>
                          <div className="row-actions">
                            <RolesDialog user={user} me={me} onDone={setNotice} />
                            <DisableDialog user={user} me={me} onDone={setNotice} />
                          </div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <ShowMore pages={users} />
          </>
        )}
      </QueryState>
    </Page>
  );
}

/** A refusal of a change to an account, in words: the rule it broke, or the problem's sentence. */
function useRefusal(user: UserAccount, me: User) {
  const { t } = useTranslation();
  const problem = useProblemMessage();
  return (error: unknown, next: UserChange) => {
    const reason = error instanceof ApiError ? refusalReason(error, user, next, me) : null;
    return reason ? t(`admin.users.refusal.${reason}`) : problem(error);
  };
}

function RolesDialog({ user, me, onDone }: { user: UserAccount; me: User; onDone: (notice: string) => void }) {
  const { t } = useTranslation();
  return (
    <FormDialog
      triggerLabel={t('admin.users.changeRoles')}
      triggerName={t('admin.users.changeRolesFor', { name: user.name })}
      title={t('admin.users.changeRolesTitle', { name: user.name })}
    >
      {(close) => <RolesForm user={user} me={me} close={close} onDone={onDone} />}
    </FormDialog>
  );
}

/** Inside the dialog, so each opening starts from the account as it is. */
function RolesForm({
  user,
  me,
  close,
  onDone,
}: {
  user: UserAccount;
  me: User;
  close: () => void;
  onDone: (notice: string) => void;
}) {
  const { t } = useTranslation();
  const updateUser = useUpdateUser();
  const refusal = useRefusal(user, me);
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [departmentId, setDepartmentId] = useState(user.departmentId ?? '');
  const [errors, setErrors] = useState<{ roles?: string; departmentId?: string; form?: string }>({});
  return (
    <Form
      className="form"
      validationBehavior="aria"
      onSubmit={(event) => {
        event.preventDefault();
        const found = {
          roles: roles.length === 0 ? t('admin.users.rolesRequired') : undefined,
          departmentId: needsDepartment(roles, departmentId) ? t('admin.users.departmentRequired') : undefined,
        };
        setErrors(found);
        if (found.roles || found.departmentId) return;
        const next = { roles, disabled: user.disabled };
        updateUser.mutate(
          { id: user.id, body: { roles, departmentId: departmentId || null } },
          {
            onSuccess: (saved) => {
              close();
              onDone(t('admin.users.rolesChanged', { name: saved.name }));
            },
            onError: (error) => setErrors({ form: refusal(error, next) }),
          },
        );
      }}
    >
      {errors.form && (
        <p className="notice notice-error" role="alert">
          {errors.form}
        </p>
      )}
      <RoleFields
        id={`roles-${user.id}`}
        roles={roles}
        onRoles={setRoles}
        departmentId={departmentId}
        onDepartment={setDepartmentId}
        rolesError={errors.roles}
        departmentError={errors.departmentId}
      />
      <div className="button-row">
        <Button type="submit" isPending={updateUser.isPending}>
          {t('admin.users.saveRoles')}
        </Button>
        <Button variant="secondary" onPress={close}>
          {t('actions.cancel')}
        </Button>
      </div>
    </Form>
  );
}

function DisableDialog({ user, me, onDone }: { user: UserAccount; me: User; onDone: (notice: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const updateUser = useUpdateUser();
  const refusal = useRefusal(user, me);
  const [error, setError] = useState('');
  const disable = !user.disabled;
  const action = t(disable ? 'admin.users.disable' : 'admin.users.enable');
  return (
    <FormDialog
      triggerLabel={action}
      triggerName={t(disable ? 'admin.users.disableFor' : 'admin.users.enableFor', { name: user.name })}
      title={t(disable ? 'admin.users.disableTitle' : 'admin.users.enableTitle', { name: user.name })}
    >
      {(close) => (
        <>
          <p>{t(disable ? 'admin.users.disableBody' : 'admin.users.enableBody')}</p>
          <p className="muted">{t('admin.users.createdAt', { date: format.date(user.createdAt) })}</p>
          {error && (
            <p className="notice notice-error" role="alert">
              {error}
            </p>
          )}
          <div className="button-row">
            <Button
              isPending={updateUser.isPending}
              onPress={() => {
                setError('');
                updateUser.mutate(
                  { id: user.id, body: { disabled: disable } },
                  {
                    onSuccess: (saved) => {
                      close();
                      onDone(
                        t(disable ? 'admin.users.disabledNotice' : 'admin.users.enabledNotice', { name: saved.name }),
                      );
                    },
                    onError: (failure) => setError(refusal(failure, { roles: user.roles, disabled: disable })),
                  },
                );
              }}
            >
              {action}
            </Button>
            <Button variant="secondary" onPress={close}>
              {t('actions.cancel')}
            </Button>
          </div>
        </>
      )}
    </FormDialog>
  );
}
