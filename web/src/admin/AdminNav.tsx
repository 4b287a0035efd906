import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { Link } from '../ui/Link';

/** The administration's own pages, under its heading (the main navigation has one entry for them). */
export function AdminNav() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const pages = [
    { href: '/admin/users', label: t('admin.users.title') },
    { href: '/admin/reference-data', label: t('admin.reference.title') },
    { href: '/audit', label: t('admin.audit.title') },
  ];
  return (
    <nav aria-label={t('admin.navigation')} className="admin-nav">
      <ul>
        {pages.map((page) => (
          <li key={page.href}>
            <Link
              href={page.href}
              aria-current={
                pathname === page.href || (pathname === '/admin' && page.href === '/admin/users') ? 'page' : undefined
              }
            >
              {page.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
