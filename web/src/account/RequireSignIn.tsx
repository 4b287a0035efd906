import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { LinkButton } from '../ui/Button';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { useSession } from './session';
import type { User } from './session';

/** A signed-in page: signed out, it says so and offers to sign in and come back here. */
export function RequireSignIn({ title, children }: { title: string; children: (user: User) => ReactNode }) {
  const session = useSession();
  return (
    <QueryState query={session} page={title}>
      {(user) => (user ? children(user) : <SignInRequired />)}
    </QueryState>
  );
}

export function SignInRequired() {
  const { t } = useTranslation();
  const location = useLocation();
  const returnTo = encodeURIComponent(`${location.pathname}${location.search}`);
  return (
    <Page title={t('account.required.title')}>
      <p>{t('account.required.body')}</p>
      <div className="button-row">
        <LinkButton href={`/sign-in?returnTo=${returnTo}`}>{t('account.signIn.action')}</LinkButton>
        <LinkButton href={`/register?returnTo=${returnTo}`} variant="secondary">
          {t('account.register.link')}
        </LinkButton>
      </div>
    </Page>
  );
}
