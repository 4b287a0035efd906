import { useEffect } from 'react';

/**
 * Warns before unsaved changes are left behind: the browser's own question on reload, close or
 * another address (beforeunload), and a confirmation before a link inside the app is followed.
 * The app's router is not a data router (no useBlocker), so links are caught in the capture
 * phase, before React Aria or React Router see the click; Enter on a link is a click too.
 */
export function useUnsavedGuard(dirty: boolean, question: string): void {
  useEffect(() => {
    if (!dirty) return;
    const beforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      event.returnValue = '';
    };
    const click = (event: MouseEvent) => {
      const link = (event.target as Element | null)?.closest?.('a[href]');
      if (
        !(link instanceof HTMLAnchorElement) ||
        link.target === '_blank' ||
        (link.hash && link.pathname === location.pathname)
      )
        return;
      if (link.origin !== location.origin) return; // another site: beforeunload asks
      if (!window.confirm(question)) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener('beforeunload', beforeUnload);
    document.addEventListener('click', click, true);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      document.removeEventListener('click', click, true);
    };
  }, [dirty, question]);
}
