import { TextArea, TextField as AriaTextField } from 'react-aria-components';
import type { TextFieldProps as AriaTextFieldProps } from 'react-aria-components';
import { FieldTexts } from './FieldTexts';

export interface TextAreaFieldProps extends Omit<AriaTextFieldProps, 'isInvalid' | 'children'> {
  label: string;
  hint?: string;
  /** The error shown next to the field, above the input (as in `TextField`). */
  error?: string;
  /** The textarea's id, so an error summary can link to it. */
  id: string;
  /** The visible height in lines (the person can make it taller). */
  rows?: number;
}

/** A labelled multi-line text input with optional hint and error: `TextField`'s twin for longer texts. */
export function TextAreaField({ label, hint, error, id, rows = 4, ...props }: TextAreaFieldProps) {
  return (
    <AriaTextField {...props} isInvalid={!!error} validationBehavior="aria" className="field">
      <FieldTexts label={label} hint={hint} error={error} />
      <TextArea id={id} rows={rows} className="input textarea" />
    </AriaTextField>
  );
}
