import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { Link } from 'react-aria-components';
import { useSession } from './session';

const AccountMenu = lazy(() => import('./AccountMenu'));

/** Pages where "sign in" should not bring the person back afterwards. */
const ACCOUNT_PAGES = ['/sign-in', '/register', '/reset-password', '/forgot-password'];

/** The header's session area: "Sign in" (coming back here afterwards), or the signed-in person's menu. */
export function SessionControls() {
  const { t } = useTranslation();
  const location = useLocation();
  const session = useSession();
  if (session.data) {
    return (
      <Suspense fallback={<span className="header-button">{session.data.name}</span>}>
        <AccountMenu user={session.data} />
      </Suspense>
    );
  }
  const here = `${location.pathname}${location.search}`;
  const returnTo = ACCOUNT_PAGES.some((path) => location.pathname.startsWith(path))
    ? ''
    : `?returnTo=${encodeURIComponent(here)}`;
  return (
    <Link href={`/sign-in${returnTo}`} className="header-button">
      {t('account.signIn.link')}
    </Link>
  );
}
