import { useTranslation } from 'react-i18next';
import { Link } from 'react-aria-components';
import { Page } from '../ui/Page';

/** The page for an address that leads nowhere (or to something that is not public). */
export function NotFoundContent() {
  const { t } = useTranslation();
  return (
    <Page title={t('errors.notFound.title')}>
      <p>{t('errors.notFound.body')}</p>
      <ul>
        <li>
          <Link href="/">{t('nav.home')}</Link>
        </li>
        <li>
          <Link href="/challenges">{t('nav.challenges')}</Link>
        </li>
        <li>
          <Link href="/pilots">{t('nav.pilots')}</Link>
        </li>
      </ul>
    </Page>
  );
}

export default NotFoundContent;
