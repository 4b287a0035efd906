import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from '../ui/Page';
import { RequireSignIn } from './RequireSignIn';
import type { Role, User } from './session';

/**
 * A page for some roles only: signed out, it offers to sign in; signed in without one of the
 * roles, it says so in words (the API would refuse every request of the page anyway). `notAllowed`
 * is the page's own sentence for that; without it, the page names the roles it is for.
 */
export function RequireRole({
  title,
  roles,
  notAllowed,
  children,
}: {
  title: string;
  roles: readonly Role[];
  notAllowed?: string;
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
              {notAllowed ??
                t('admin.notAllowed', { roles: roles.map((role) => t(`account.roles.${role}`)).join(', ') })}
            </p>
          </Page>
        )
      }
    </RequireSignIn>
  );
}
