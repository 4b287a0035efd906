import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';

/** The path whose page heading last took focus (null until the first page has shown). */
let focusedFor: string | null = null;
/** Whether that heading took focus (never on the first load). */
let headingFocused = false;

/**
 * A page: its `<title>` and its one `h1`. After a client-side navigation the heading takes focus,
 * so a screen reader announces the new page; on the first load the browser starts at the top
 * (the skip link first). Filters that only change the query string keep the focus where it is; a
 * page that replaces its loading state takes the focus again only when it was lost with it.
 */
export function Page({ title, children, lead }: { title: string; lead?: ReactNode; children?: ReactNode }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – ${t('app.name')}`;
  }, [title, t]);
  useEffect(() => {
    if (focusedFor === null) {
      focusedFor = pathname;
      return;
    }
    const lost = !document.activeElement || document.activeElement === document.body;
    if (focusedFor !== pathname || (lost && headingFocused)) {
      focusedFor = pathname;
      headingFocused = true;
      heading.current?.focus();
    }
  }, [pathname]);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {lead && <p className="lead">{lead}</p>}
      {children}
    </>
  );
}
