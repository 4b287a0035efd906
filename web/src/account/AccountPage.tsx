import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Form, Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { useFormat } from '../i18n/format';
import { useDepartments } from '../reference/hooks';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorSummary } from '../ui/ErrorSummary';
import { useFormState } from '../ui/form';
import { TextField } from '../ui/TextField';
import { Page } from '../ui/Page';
import { useChangeEmail, useChangePassword, useSignOut, useSignOutEverywhere } from './hooks';
import { RequireSignIn } from './RequireSignIn';
import type { User } from './session';
import { emailError, newPasswordError } from './validation';

/** My account: who I am (roles, department), password, email address, and signing out. */
export default function AccountPage() {
  const { t } = useTranslation();
  return <RequireSignIn title={t('account.page.title')}>{(user) => <Account user={user} />}</RequireSignIn>;
}

function Account({ user }: { user: User }) {
  const { t } = useTranslation();
  return (
    <Page title={t('account.page.title')}>
      <Tabs className="tabs">
        <TabList aria-label={t('account.page.tabs')} className="tab-list">
          <Tab id="details" className="tab">
            {t('account.page.profileTab')}
          </Tab>
          <Tab id="password" className="tab">
            {t('account.page.passwordTab')}
          </Tab>
          <Tab id="email" className="tab">
            {t('account.page.emailTab')}
          </Tab>
          <Tab id="sessions" className="tab">
            {t('account.page.sessionsTab')}
          </Tab>
        </TabList>
        <TabPanel id="details" className="tab-panel">
          <Details user={user} />
        </TabPanel>
        <TabPanel id="password" className="tab-panel">
          <ChangePassword />
        </TabPanel>
        <TabPanel id="email" className="tab-panel">
          <ChangeEmail />
        </TabPanel>
        <TabPanel id="sessions" className="tab-panel">
          <Sessions />
        </TabPanel>
      </Tabs>
    </Page>
  );
}

function Details({ user }: { user: User }) {
  const { t } = useTranslation();
  const format = useFormat();
  const departments = useDepartments();
  const department = departments.data?.find((candidate) => candidate.id === user.departmentId);
  return (
    <dl className="facts">
      <dt>{t('account.page.name')}</dt>
      <dd>{user.name}</dd>
      <dt>{t('account.page.email')}</dt>
      <dd>{user.email}</dd>
      <dt>{t('account.page.roles')}</dt>
      <dd>{user.roles.map((role) => t(`account.roles.${role}`)).join(', ')}</dd>
      <dt>{t('account.page.department')}</dt>
      <dd>{user.departmentId ? (department?.name ?? '…') : t('account.page.noDepartment')}</dd>
      <dt>{t('account.page.created')}</dt>
      <dd>{format.date(user.createdAt)}</dd>
    </dl>
  );
}

function ChangePassword() {
  const { t } = useTranslation();
  const change = useChangePassword();
  const [done, setDone] = useState(false);
  const form = useFormState(
    {
      currentPassword: { id: 'password-current', label: t('account.password.current') },
      newPassword: { id: 'password-new', label: t('account.password.new') },
    },
    { currentPassword: '', newPassword: '' },
  );
  return (
    <Form
      className="form"
      validationBehavior="aria"
      onSubmit={(event) => {
        setDone(false);
        form.submit(change, {
          check: (values) => ({
            currentPassword: values.currentPassword ? undefined : t('validation.currentPasswordRequired'),
            newPassword: newPasswordError(t, values.newPassword),
          }),
          variables: (values) => ({ currentPassword: values.currentPassword, newPassword: values.newPassword }),
          onSuccess: () => {
            form.set('currentPassword')('');
            form.set('newPassword')('');
            setDone(true);
          },
          refusal: (refusal) =>
            refusal.status === 422 ? { field: 'currentPassword', message: t('account.password.wrongCurrent') } : null,
        })(event);
      }}
    >
      <h2>{t('account.password.title')}</h2>
      <ErrorSummary errors={form.summary} />
      {done && (
        <div className="success" role="status">
          <p>{t('account.password.done')}</p>
        </div>
      )}
      <TextField
        id="password-current"
        label={t('account.password.current')}
        type="password"
        autoComplete="current-password"
        value={form.values.currentPassword}
        onChange={form.set('currentPassword')}
        error={form.errors.currentPassword}
      />
      <TextField
        {...form.field('newPassword')}
        hint={t('account.password.newHint')}
        type="password"
        autoComplete="new-password"
      />
      <Button type="submit" isPending={change.isPending}>
        {t('account.password.action')}
      </Button>
    </Form>
  );
}

function ChangeEmail() {
  const { t } = useTranslation();
  const change = useChangeEmail();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useFormState(
    {
      newEmail: { id: 'email-new', label: t('account.email.new') },
      currentPassword: { id: 'email-password', label: t('account.email.password') },
    },
    { newEmail: '', currentPassword: '' },
  );
  return (
    <Form
      className="form"
      validationBehavior="aria"
      onSubmit={(event) => {
        setSentTo(null);
        form.submit(change, {
          check: (values) => ({
            newEmail: emailError(t, values.newEmail),
            currentPassword: values.currentPassword ? undefined : t('validation.currentPasswordRequired'),
          }),
          variables: (values) => ({ newEmail: values.newEmail.trim(), currentPassword: values.currentPassword }),
          onSuccess: (_, { newEmail }) => {
            form.set('currentPassword')('');
            setSentTo(newEmail);
          },
          refusal: (refusal) =>
            refusal.status === 422 ? { field: 'currentPassword', message: t('account.email.wrongPassword') } : null,
        })(event);
      }}
    >
      <h2>{t('account.email.title')}</h2>
      <ErrorSummary errors={form.summary} />
      {sentTo && (
        <div className="success" role="status">
          <p>{t('account.email.sent', { email: sentTo })}</p>
        </div>
      )}
      <TextField {...form.field('newEmail')} hint={t('account.email.newHint')} type="email" autoComplete="email" />
      <TextField {...form.field('currentPassword')} type="password" autoComplete="current-password" />
      <Button type="submit" isPending={change.isPending}>
        {t('account.email.action')}
      </Button>
    </Form>
  );
}

function Sessions() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const everywhere = useSignOutEverywhere();
  const home = () => void navigate('/', { replace: true });
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('account.sessions.title')}</h2>
      <p>{t('account.sessions.body')}</p>
      <div className="button-row">
        <Button isPending={signOut.isPending} onPress={() => signOut.mutate(undefined, { onSuccess: home })}>
          {t('account.signOut.action')}
        </Button>
        <ConfirmDialog
          triggerLabel={t('account.signOutEverywhere.action')}
          title={t('account.signOutEverywhere.dialogTitle')}
          confirmLabel={t('account.signOutEverywhere.confirm')}
          cancelLabel={t('actions.cancel')}
          isPending={everywhere.isPending}
          onConfirm={() => everywhere.mutateAsync().then(home)}
        >
          <p>{t('account.signOutEverywhere.dialogBody')}</p>
        </ConfirmDialog>
      </div>
    </section>
  );
}
