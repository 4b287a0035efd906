import {
  Checkbox as AriaCheckbox,
  FieldError,
  Label,
  Text,
  TextArea,
  TextField as AriaTextField,
} from 'react-aria-components';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { RequireSignIn } from '../account/RequireSignIn';
import type { Role, User } from '../account/session';
import { Page } from '../ui/Page';

/** A labelled multi-line text input with hint and error (React Aria), like `ui/TextField`. */
export function TextAreaField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  isReadOnly,
  rows = 4,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  isReadOnly?: boolean;
  rows?: number;
}) {
  return (
    <AriaTextField
      value={value}
      onChange={onChange}
      isInvalid={!!error}
      isReadOnly={isReadOnly}
      validationBehavior="aria"
      className="field"
    >
      <Label className="field-label">{label}</Label>
      {hint && (
        <Text slot="description" className="field-hint">
          {hint}
        </Text>
      )}
      <FieldError className="field-error">{error}</FieldError>
      <TextArea id={id} rows={rows} className="input textarea" />
    </AriaTextField>
  );
}

/** A checkbox (React Aria) with its label beside it. */
export function CheckboxField({
  children,
  isSelected,
  onChange,
  isDisabled,
  value,
}: {
  children: ReactNode;
  isSelected?: boolean;
  onChange?: (selected: boolean) => void;
  isDisabled?: boolean;
  value?: string;
}) {
  return (
    <AriaCheckbox
      className="checkbox"
      isSelected={isSelected}
      onChange={onChange}
      isDisabled={isDisabled}
      value={value}
    >
      <span className="checkbox-box" aria-hidden="true">
        ✓
      </span>
      <span>{children}</span>
    </AriaCheckbox>
  );
}

/**
 * A page for some roles only: signed out, the sign-in offer; signed in without the role, a page
 * that says whose work it is (the API refuses anyway; this only says so in words).
 */
export function RequireRole({
  title,
  roles,
  children,
}: {
  title: string;
  roles: readonly Role[];
  children: (user: User) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <RequireSignIn title={title}>
      {(user) =>
        user.roles.some((role) => roles.includes(role)) ? (
          children(user)
        ) : (
          <Page title={title}>
            <p className="notice">{t('department.common.notForYou')}</p>
          </Page>
        )
      }
    </RequireSignIn>
  );
}
