import { useTranslation } from 'react-i18next';
import { Outlet, useLocation } from 'react-router';
import { Link } from 'react-aria-components';
import { SessionControls } from '../account/SessionControls';
import { useSession } from '../account/session';
import { NotificationsLink } from '../notifications/NotificationsLink';
import { LanguageSwitch } from './LanguageSwitch';
import { visibleNavigation } from './navigation';

/** Every page: skip link, header (name, navigation, language, session), main content, footer. */
export function Layout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const session = useSession();
  const items = visibleNavigation(session.data?.roles ?? null);
  const current = (href: string) => (href === '/' ? pathname === '/' : pathname.startsWith(href));
  return (
    <>
      <a className="skip-link" href="#main">
        {t('layout.skipLink')}
      </a>
      <header className="site-header">
        <div className="container header-row">
          <Link href="/" className="brand">
            <span className="brand-city">{t('app.city')}</span>
            <span className="brand-name">{t('app.name')}</span>
          </Link>
          <div className="header-tools">
            <LanguageSwitch />
            {session.data && <NotificationsLink />}
            <SessionControls />
          </div>
        </div>
        <nav aria-label={t('layout.mainNavigation')} className="site-nav">
          <ul className="container nav-list">
            {items.map((item) => (
              <li key={item.href}>
                <Link href={item.href} className="nav-link" aria-current={current(item.href) ? 'page' : undefined}>
                  {t(item.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <div className="container">
          <Outlet />
        </div>
      </main>
      <footer className="site-footer">
        <div className="container footer-grid">
          <section aria-labelledby="footer-contact">
            <h2 id="footer-contact" className="footer-title">
              {t('layout.footer.contactTitle')}
            </h2>
            <address>
              {t('layout.footer.centre')}
              <br />
              {t('layout.footer.visit')}
              <br />
              {t('layout.footer.postal')}
              <br />
              {t('layout.footer.phoneLabel')} <a href="tel:+4642105000">042-10 50 00</a>
              <br />
              {t('layout.footer.emailLabel')}{' '}
              <a href="mailto:kontaktcenter@helsingborg.se">kontaktcenter@helsingborg.se</a>
            </address>
          </section>
          <section aria-labelledby="footer-about">
            <h2 id="footer-about" className="footer-title">
              {t('layout.footer.aboutTitle')}
            </h2>
            <ul className="footer-links">
              <li>
                <Link href="/privacy">{t('layout.footer.privacy')}</Link>
              </li>
              <li>
                <a href="/docs">{t('layout.footer.api')}</a>
              </li>
            </ul>
          </section>
        </div>
      </footer>
    </>
  );
}
