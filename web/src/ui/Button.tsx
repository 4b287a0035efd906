import { Button as AriaButton, Link as AriaLink } from 'react-aria-components';
import type { ButtonProps as AriaButtonProps, LinkProps as AriaLinkProps } from 'react-aria-components';

type Variant = 'primary' | 'secondary' | 'quiet';

export interface ButtonProps extends AriaButtonProps {
  variant?: Variant;
}

/** A button (React Aria): primary is the page's main action, secondary the others. */
export function Button({ variant = 'primary', className, ...props }: ButtonProps) {
  return <AriaButton {...props} className={`button button-${variant}${className ? ` ${String(className)}` : ''}`} />;
}

export interface LinkButtonProps extends AriaLinkProps {
  variant?: Variant;
}

/** A link that looks like a button: for navigation that is a call to action ("Propose a solution"). */
export function LinkButton({ variant = 'primary', ...props }: LinkButtonProps) {
  return <AriaLink {...props} className={`button button-${variant}`} />;
}
