import {
  FieldError,
  Label,
  Radio,
  RadioGroup,
  Text,
  TextArea,
  TextField as AriaTextField,
} from 'react-aria-components';

/** A labelled multi-line text input with hint and error (React Aria), like ui/TextField. */
export function TextAreaField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  rows = 5,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  rows?: number;
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
      <TextArea id={id} rows={rows} className="input textarea" />
    </AriaTextField>
  );
}

/** A choice of one among a few, each visible (the lead organisation). */
export function RadioField({
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
  options: { id: string; label: string }[];
}) {
  return (
    <RadioGroup
      id={id}
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
      {options.map((option) => (
        <Radio key={option.id} value={option.id} className="radio">
          {option.label}
        </Radio>
      ))}
    </RadioGroup>
  );
}
