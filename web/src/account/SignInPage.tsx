import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { Form, Link } from 'react-aria-components';
import { Button } from '../ui/Button';
import { ErrorSummary } from '../ui/ErrorSummary';
import { useFormState } from '../ui/form';
import { Page } from '../ui/Page';
import { TextField } from '../ui/TextField';
import { useSignIn } from './hooks';
import { safeReturnTo } from './session';
import { emailError } from './validation';

/** Sign in, then back to where the person was (`?returnTo=`, same-app paths only). */
export default function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get('returnTo'));
  const signIn = useSignIn();
  const form = useFormState(
    {
      email: { id: 'sign-in-email', label: t('account.signIn.email') },
      password: { id: 'sign-in-password', label: t('account.signIn.password') },
    },
    { email: '', password: '' },
  );
  const query = params.get('returnTo') ? `?returnTo=${encodeURIComponent(returnTo)}` : '';
  return (
    <Page title={t('account.signIn.title')} lead={t('account.signIn.lead')}>
      <Form
        className="form"
        validationBehavior="aria"
        onSubmit={form.submit(signIn, {
          check: (values) => ({
            email: emailError(t, values.email),
            password: values.password ? undefined : t('validation.passwordRequired'),
          }),
          variables: (values) => ({ email: values.email.trim(), password: values.password }),
          onSuccess: () => void navigate(returnTo, { replace: true }),
          refusal: (refusal) =>
            refusal.status === 401
              ? { message: t('account.signIn.wrongCredentials') }
              : refusal.status === 429
                ? { message: t('account.signIn.throttled') }
                : null,
        })}
      >
        <ErrorSummary errors={form.summary} />
        <TextField {...form.field('email')} type="email" autoComplete="email" />
        <TextField {...form.field('password')} type="password" autoComplete="current-password" />
        <div className="button-row">
          <Button type="submit" isPending={signIn.isPending}>
            {t('account.signIn.action')}
          </Button>
        </div>
      </Form>
      <p>
        <Link href="/forgot-password">{t('account.signIn.forgot')}</Link>
      </p>
      <p>
        {t('account.signIn.noAccount')} <Link href={`/register${query}`}>{t('account.signIn.register')}</Link>
      </p>
    </Page>
  );
}
