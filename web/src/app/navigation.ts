import type { Role } from '../account/session';
import type sv from '../i18n/sv.json';

/** The navigation's link texts: keys of the shared catalogue's `nav`. */
type Nav = (typeof sv)['nav'];

export interface NavItem {
  /** Catalogue key of the link text. */
  label: `nav.${keyof Nav}`;
  href: string;
  /** Who sees it: everyone (undefined), anyone signed in ('signedIn'), or these roles. */
  audience?: 'signedIn' | readonly Role[];
}

/**
 * The main navigation. Each later workspace adds its entry here with the roles that can use it
 * (`audience: ['evaluator']`), and nobody sees a link that leads to a refusal.
 */
export const NAVIGATION: readonly NavItem[] = [
  { label: 'nav.home', href: '/' },
  { label: 'nav.challenges', href: '/challenges' },
  { label: 'nav.events', href: '/events' },
  { label: 'nav.pilots', href: '/pilots' },
  { label: 'nav.department', href: '/department', audience: ['department'] },
  { label: 'nav.evaluation', href: '/evaluation', audience: ['evaluator'] },
  { label: 'nav.proposals', href: '/proposals', audience: ['partner'] },
  { label: 'nav.organisations', href: '/organisations', audience: ['partner'] },
  { label: 'nav.pilotWork', href: '/workspace/pilots', audience: ['department', 'director', 'admin', 'partner'] },
  { label: 'nav.pipeline', href: '/pipeline', audience: ['director', 'admin', 'department'] },
  { label: 'nav.admin', href: '/admin', audience: ['admin'] },
  { label: 'nav.audit', href: '/audit', audience: ['admin', 'director'] },
  { label: 'nav.account', href: '/account', audience: 'signedIn' },
];

export function visibleNavigation(roles: readonly Role[] | null): NavItem[] {
  return NAVIGATION.filter((item) => {
    if (!item.audience) return true;
    if (!roles) return false;
    return item.audience === 'signedIn' || item.audience.some((role) => roles.includes(role));
  });
}
