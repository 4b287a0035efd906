import { Select as AriaSelect } from 'react-aria-components';
import type { Key } from 'react-aria-components';
import { FieldTexts } from './FieldTexts';
import { SelectList } from './Select';
import type { Option } from './Select';

export interface SelectFieldProps {
  /** Goes on the select's button, so an error summary can link to it. */
  id: string;
  label: string;
  hint?: string;
  /** The error shown next to the field, above the button. */
  error?: string;
  /** What the button says while nothing is chosen. */
  placeholder: string;
  options: Option[];
  /** The chosen option's id; '' while nothing is chosen. */
  value: string;
  onChange: (value: string) => void;
}

/**
 * A single choice from a list, for forms (React Aria Select), with hint and error wired like
 * `TextField`'s. The filters' `Select` offers an "any" choice instead of a placeholder.
 */
export function SelectField({ id, label, hint, error, placeholder, options, value, onChange }: SelectFieldProps) {
  return (
    <AriaSelect
      className="field select"
      selectedKey={value || null}
      placeholder={placeholder}
      onSelectionChange={(key: Key | null) => onChange(key === null ? '' : String(key))}
      isInvalid={!!error}
      validationBehavior="aria"
    >
      <FieldTexts label={label} hint={hint} error={error} />
      <SelectList id={id} items={options} />
    </AriaSelect>
  );
}
