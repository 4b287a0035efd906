import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Form } from 'react-aria-components';
import { Button } from '../ui/Button';
import { ErrorSummary } from '../ui/ErrorSummary';
import { useFormState } from '../ui/form';
import { Page } from '../ui/Page';
import { TextField } from '../ui/TextField';
import { useForgotPassword } from './hooks';
import { emailError } from './validation';

/** Forgotten password: the same answer for every address (nothing tells whether it has an account). */
export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const forgot = useForgotPassword();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useFormState({ email: { id: 'forgot-email', label: t('account.forgot.email') } }, { email: '' });
  if (sentTo) {
    return (
      <Page title={t('account.forgot.sentTitle')}>
        <div className="success" role="status">
          <p>{t('account.forgot.sentBody', { email: sentTo })}</p>
        </div>
      </Page>
    );
  }
  return (
    <Page title={t('account.forgot.title')} lead={t('account.forgot.lead')}>
      <Form
        className="form"
        validationBehavior="aria"
        onSubmit={form.submit(forgot, {
          check: (values) => ({ email: emailError(t, values.email) }),
          variables: (values) => ({ email: values.email.trim() }),
          onSuccess: (_, { email }) => setSentTo(email),
        })}
      >
        <ErrorSummary errors={form.summary} />
        <TextField {...form.field('email')} type="email" autoComplete="email" />
        <div className="button-row">
          <Button type="submit" isPending={forgot.isPending}>
            {t('account.forgot.action')}
          </Button>
        </div>
      </Form>
    </Page>
  );
}
