import {
  FieldError,
  Label,
  Radio,
  RadioGroup,
  Text,
  TextArea as AriaTextArea,
  TextField as AriaTextField,
} from 'react-aria-components';

/** A labelled multi-line input, wired like ui/TextField (hint, error above the input, id for the summary). */
export function TextAreaField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <AriaTextField value={value} onChange={onChange} isInvalid={!!error} validationBehavior="aria" className="field">
      <Label className="field-label">{label}</Label>
      {hint && (
        <Text slot="description" className="field-hint">
          {hint}
        </Text>
      )}
      <FieldError className="field-error">{error}</FieldError>
      <AriaTextArea id={id} className="input textarea" rows={4} />
    </AriaTextField>
  );
}

/**
 * One choice among a few, all visible (React Aria RadioGroup: arrow keys move between options).
 * `id` goes on the first option's input, so an error summary can link to the group.
 */
export function RadioChoice({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  options,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  options: { id: string; label: string; description?: string }[];
}) {
  return (
    <RadioGroup
      value={value || null}
      onChange={onChange}
      isInvalid={!!error}
      validationBehavior="aria"
      className="field radio-group"
    >
      <Label className="field-label">{label}</Label>
      {hint && (
        <Text slot="description" className="field-hint">
          {hint}
        </Text>
      )}
      <FieldError className="field-error">{error}</FieldError>
      {options.map((option, index) => (
        <Radio
          key={option.id}
          value={option.id}
          className="radio"
          // The summary's link focuses the first option's input.
          inputRef={
            index === 0
              ? (input: HTMLInputElement | null) => {
                  if (input) input.id = id;
                }
              : undefined
          }
        >
          <span className="radio-mark" aria-hidden="true" />
          <span>
            {option.label}
            {option.description && <span className="radio-description">{option.description}</span>}
          </span>
        </Radio>
      ))}
    </RadioGroup>
  );
}
