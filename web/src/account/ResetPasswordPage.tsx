import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { Form, Link } from 'react-aria-components';
import { Button, LinkButton } from '../ui/Button';
import { ErrorSummary } from '../ui/ErrorSummary';
import { useFormState } from '../ui/form';
import { Page } from '../ui/Page';
import { TextField } from '../ui/TextField';
import { useResetPassword } from './hooks';
import { codeError, codeFromHash, newPasswordError } from './validation';

/** A new password from the mailed link (`/reset-password#code=…`). */
export default function ResetPasswordPage() {
  const { t } = useTranslation();
  const { hash } = useLocation();
  const reset = useResetPassword();
  const [done, setDone] = useState(false);
  const form = useFormState(
    {
      code: { id: 'reset-code', label: t('account.reset.code') },
      newPassword: { id: 'reset-password', label: t('account.reset.newPassword') },
    },
    { code: codeFromHash(hash), newPassword: '' },
  );
  if (done) {
    return (
      <Page title={t('account.reset.doneTitle')}>
        <div className="success" role="status">
          <p>{t('account.reset.doneBody')}</p>
        </div>
        <LinkButton href="/sign-in">{t('account.signIn.action')}</LinkButton>
      </Page>
    );
  }
  return (
    <Page title={t('account.reset.title')} lead={t('account.reset.lead')}>
      <Form
        className="form"
        validationBehavior="aria"
        onSubmit={form.submit(reset, {
          check: (values) => ({
            code: codeError(t, values.code),
            newPassword: newPasswordError(t, values.newPassword),
          }),
          variables: (values) => ({ code: values.code.trim(), newPassword: values.newPassword }),
          onSuccess: () => setDone(true),
          refusal: (refusal) =>
            refusal.status === 422 ? { field: 'code', message: t('account.reset.badCode') } : null,
        })}
      >
        <ErrorSummary errors={form.summary} />
        <TextField {...form.field('code')} hint={t('account.reset.codeHint')} autoComplete="one-time-code" />
        <TextField
          {...form.field('newPassword')}
          hint={t('account.reset.passwordHint')}
          type="password"
          autoComplete="new-password"
        />
        <div className="button-row">
          <Button type="submit" isPending={reset.isPending}>
            {t('account.reset.action')}
          </Button>
        </div>
      </Form>
      <p>
        <Link href="/forgot-password">{t('account.signIn.forgot')}</Link>
      </p>
    </Page>
  );
}
