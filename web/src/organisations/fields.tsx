import {
  FieldError,
  Label,
  Radio,
  RadioGroup as AriaRadioGroup,
  Text,
  TextArea as AriaTextArea,
  TextField as AriaTextField,
} from 'react-aria-components';

/**
 * Two inputs the shared ui/ lacks, styled like its TextField (label, hint, error next to the
 * field): a radio group for a choice that decides what follows, and a multi-line text.
 */
export function RadioGroup({
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
    <AriaRadioGroup
      id={id}
      className="field radio-group"
      value={value || null}
      onChange={onChange}
      isInvalid={!!error}
      validationBehavior="aria"
    >
      <Label className="field-label">{label}</Label>
      {hint && (
        <Text slot="description" className="field-hint">
          {hint}
        </Text>
      )}
      <FieldError className="field-error">{error}</FieldError>
      {options.map((option) => (
        <Radio key={option.id} value={option.id} className="radio">
          <span className="radio-mark" aria-hidden="true" />
          <span className="radio-text">
            <span className="radio-label">{option.label}</span>
            {option.description && <span className="radio-description">{option.description}</span>}
          </span>
        </Radio>
      ))}
    </AriaRadioGroup>
  );
}

export function TextArea({
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
      <AriaTextArea id={id} rows={5} className="input textarea" />
    </AriaTextField>
  );
}
