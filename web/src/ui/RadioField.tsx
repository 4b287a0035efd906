import { Radio, RadioGroup } from 'react-aria-components';
import { FieldTexts } from './FieldTexts';

export interface RadioOption {
  id: string;
  label: string;
  /** A line under the option's label; it is part of the option's accessible name. */
  description?: string;
}

export interface RadioFieldProps {
  /** Goes on the first option's input, so an error summary's link lands on the group. */
  id: string;
  /** The group's visible name (its legend). */
  label: string;
  hint?: string;
  /** The error shown next to the group, above the options. */
  error?: string;
  /** The chosen option's id; '' while nothing is chosen. */
  value: string;
  onChange: (value: string) => void;
  options: RadioOption[];
}

/**
 * One choice among a few, all visible (React Aria RadioGroup: Tab enters the group, the arrow keys
 * move the choice), with hint and error wired like `TextField`'s.
 */
export function RadioField({ id, label, hint, error, value, onChange, options }: RadioFieldProps) {
  return (
    <RadioGroup
      value={value || null}
      onChange={onChange}
      isInvalid={!!error}
      validationBehavior="aria"
      className="field radio-group"
    >
      <FieldTexts label={label} hint={hint} error={error} />
      {options.map((option, index) => (
        <Radio
          key={option.id}
          value={option.id}
          className="radio"
          // The summary's link focuses the first option's input (React Aria's Radio puts no id on
          // its input; the id follows the first option when the options change).
          inputRef={(input: HTMLInputElement | null) => {
            if (!input) return;
            if (index === 0) input.id = id;
            else if (input.id === id) input.removeAttribute('id');
          }}
        >
          <span className="radio-mark" aria-hidden="true" />
          {option.description ? (
            <span className="radio-text">
              <span className="radio-label">{option.label}</span>
              <span className="radio-description">{option.description}</span>
            </span>
          ) : (
            <span>{option.label}</span>
          )}
        </Radio>
      ))}
    </RadioGroup>
  );
}
