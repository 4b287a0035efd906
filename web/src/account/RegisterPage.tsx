import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Form, Link } from 'react-aria-components';
import { Button } from '../ui/Button';
import { ErrorSummary } from '../ui/ErrorSummary';
import { useFormState } from '../ui/form';
import { Page } from '../ui/Page';
import { TextField } from '../ui/TextField';
import { useRegister } from './hooks';
import { emailError } from './validation';

/** Register, step 1: the address. A mail brings the code; name and password come with it (step 2). */
export default function RegisterPage() {
  const { t } = useTranslation();
  const register = useRegister();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useFormState({ email: { id: 'register-email', label: t('account.register.email') } }, { email: '' });
  if (sentTo) {
    return (
      <Page title={t('account.register.sentTitle')}>
        <div className="success" role="status">
          <p>{t('account.register.sentBody', { email: sentTo })}</p>
        </div>
        <p>
          <Link href="/register/confirm">{t('account.register.haveCode')}</Link>
        </p>
      </Page>
    );
  }
  return (
    <Page title={t('account.register.title')} lead={t('account.register.lead')}>
      <Form
        className="form"
        validationBehavior="aria"
        onSubmit={form.submit(register, {
          check: (values) => ({ email: emailError(t, values.email) }),
          variables: (values) => ({ email: values.email.trim() }),
          onSuccess: (_, { email }) => setSentTo(email),
        })}
      >
        <ErrorSummary errors={form.summary} />
        <TextField {...form.field('email')} hint={t('account.register.emailHint')} type="email" autoComplete="email" />
        <div className="button-row">
          <Button type="submit" isPending={register.isPending}>
            {t('account.register.action')}
          </Button>
        </div>
      </Form>
      <p>
        {t('account.register.hasAccount')} <Link href="/sign-in">{t('account.signIn.link')}</Link>
      </p>
    </Page>
  );
}
