import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { Link } from 'react-aria-components';
import { useSession } from './session';

/** The header's session area: "Sign in" (coming back here afterwards), or the signed-in person. */
export function SessionControls() {
  const { t } = useTranslation();
  const location = useLocation();
  const session = useSession();
  if (session.data) {
    return (
      <Link href="/account" className="header-button">
        {session.data.name}
      </Link>
    );
  }
  const here = `${location.pathname}${location.search}`;
  const returnTo = location.pathname.startsWith('/sign-in') ? '' : `?returnTo=${encodeURIComponent(here)}`;
  return (
    <Link href={`/sign-in${returnTo}`} className="header-button">
      {t('account.signIn.link')}
    </Link>
  );
}
