import { Link as AriaLink } from 'react-aria-components';
import type { LinkProps } from 'react-aria-components';

/** An in-app or external link (React Aria; in-app hrefs navigate through the router). */
export function Link(props: LinkProps) {
  return <AriaLink {...props} className={props.className ?? 'link'} />;
}
