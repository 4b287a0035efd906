import { Input, TextField as AriaTextField } from 'react-aria-components';
import type { TextFieldProps as AriaTextFieldProps } from 'react-aria-components';
import { FieldTexts } from './FieldTexts';

export interface TextFieldProps extends Omit<AriaTextFieldProps, 'isInvalid' | 'children'> {
  label: string;
  hint?: string;
  /** The error shown next to the field (GOV.UK: above the input, in the label's column). */
  error?: string;
  /** The input's id, so an error summary can link to it. */
  id: string;
  autoComplete?: string;
}

/** A labelled text input with optional hint and error, wired for screen readers (React Aria). */
export function TextField({ label, hint, error, id, autoComplete, ...props }: TextFieldProps) {
  return (
    <AriaTextField {...props} isInvalid={!!error} validationBehavior="aria" className="field">
      <FieldTexts label={label} hint={hint} error={error} />
      <Input id={id} autoComplete={autoComplete} className="input" />
    </AriaTextField>
  );
}
