import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { RequireSignIn } from '../account/RequireSignIn';
import type { Role, User } from '../account/session';
import { Page } from '../ui/Page';

/**
 * A page for some roles only: signed out, it offers to sign in; signed in without one of the
 * roles, it says so in words (the API would refuse every request of the page anyway).
 */
export function RequireRole({
  title,
  roles,
  children,
}: {
  title: string;
  roles: readonly Role[];
  children: (user: User) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <RequireSignIn title={title}>
      {(user) =>
        user.roles.some((role) => roles.includes(role)) ? (
          children(user)
        ) : (
          <Page title={title}>
            <p className="notice">
              {t('admin.notAllowed', { roles: roles.map((role) => t(`account.roles.${role}`)).join(', ') })}
            </p>
          </Page>
        )
      }
    </RequireSignIn>
  );
}
