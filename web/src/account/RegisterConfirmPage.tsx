import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { Form } from 'react-aria-components';
import { Button, LinkButton } from '../ui/Button';
import { ErrorSummary } from '../ui/ErrorSummary';
import { useFormState } from '../ui/form';
import { Page } from '../ui/Page';
import { TextField } from '../ui/TextField';
import { useConfirmRegistration } from './hooks';
import { codeError, codeFromHash, newPasswordError } from './validation';

/** Register, step 2 (`/register/confirm#code=…`, the mailed link): name and password for the new account. */
export default function RegisterConfirmPage() {
  const { t } = useTranslation();
  const { hash } = useLocation();
  const confirm = useConfirmRegistration();
  const [done, setDone] = useState(false);
  const form = useFormState(
    {
      code: { id: 'confirm-code', label: t('account.confirm.code') },
      name: { id: 'confirm-name', label: t('account.confirm.name') },
      password: { id: 'confirm-password', label: t('account.confirm.password') },
    },
    { code: codeFromHash(hash), name: '', password: '' },
  );
  if (done) {
    return (
      <Page title={t('account.confirm.doneTitle')}>
        <div className="success" role="status">
          <p>{t('account.confirm.doneBody')}</p>
        </div>
        <LinkButton href="/sign-in">{t('account.signIn.action')}</LinkButton>
      </Page>
    );
  }
  return (
    <Page title={t('account.confirm.title')} lead={t('account.confirm.lead')}>
      <Form
        className="form"
        validationBehavior="aria"
        onSubmit={form.submit(confirm, {
          check: (values) => ({
            code: codeError(t, values.code),
            name: values.name.trim() ? undefined : t('validation.nameRequired'),
            password: newPasswordError(t, values.password),
          }),
          variables: (values) => ({ code: values.code.trim(), name: values.name.trim(), password: values.password }),
          onSuccess: () => setDone(true),
          refusal: (refusal) =>
            refusal.status === 422 ? { field: 'code', message: t('account.confirm.badCode') } : null,
        })}
      >
        <ErrorSummary errors={form.summary} />
        <TextField {...form.field('code')} hint={t('account.confirm.codeHint')} autoComplete="one-time-code" />
        <TextField {...form.field('name')} hint={t('account.confirm.nameHint')} autoComplete="name" />
        <TextField
          {...form.field('password')}
          hint={t('account.confirm.passwordHint')}
          type="password"
          autoComplete="new-password"
        />
        <div className="button-row">
          <Button type="submit" isPending={confirm.isPending}>
            {t('account.confirm.action')}
          </Button>
        </div>
      </Form>
    </Page>
  );
}
