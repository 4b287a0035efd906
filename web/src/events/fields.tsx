import {
  Button,
  Checkbox,
  FieldError,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select as AriaSelect,
  SelectValue,
  Radio,
  RadioGroup,
  Text,
  TextArea,
  TextField as AriaTextField,
} from 'react-aria-components';
import type { Key } from 'react-aria-components';

/** A labelled multi-line text input with hint and error (the shared TextField is one line). */
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
      <TextArea id={id} className="input textarea" rows={4} />
    </AriaTextField>
  );
}

/** A labelled group of radio buttons (React Aria: arrow keys move the choice). */
export function RadioField({
  id,
  label,
  options,
  value,
  onChange,
  error,
}: {
  id: string;
  label: string;
  options: { id: string; label: string }[];
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  return (
    <RadioGroup
      id={id}
      value={value}
      onChange={onChange}
      isInvalid={!!error}
      validationBehavior="aria"
      className="field radio-group"
    >
      <Label className="field-label">{label}</Label>
      <FieldError className="field-error">{error}</FieldError>
      {options.map((option) => (
        <Radio key={option.id} value={option.id} className="radio">
          {option.label}
        </Radio>
      ))}
    </RadioGroup>
  );
}

/** A checkbox with its label (React Aria: Space toggles it). */
export function CheckField({
  label,
  isSelected,
  onChange,
  isDisabled,
}: {
  label: string;
  isSelected: boolean;
  onChange: (selected: boolean) => void;
  isDisabled?: boolean;
}) {
  return (
    <Checkbox isSelected={isSelected} onChange={onChange} isDisabled={isDisabled} className="checkbox">
      <span className="checkbox-box" aria-hidden="true" />
      {label}
    </Checkbox>
  );
}

/** A single choice from a list (React Aria Select) with its id, hint and error, for forms. */
export function SelectField({
  id,
  label,
  hint,
  error,
  placeholder,
  options,
  value,
  onChange,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  placeholder: string;
  options: { id: string; label: string }[];
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <AriaSelect
      className="field select"
      selectedKey={value || null}
      placeholder={placeholder}
      onSelectionChange={(key: Key | null) => onChange(key === null ? '' : String(key))}
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
      <Button id={id} className="input select-button">
        <SelectValue />
        <span aria-hidden="true" className="select-chevron">
          ▾
        </span>
      </Button>
      <Popover className="popover">
        <ListBox className="listbox" items={options}>
          {(item) => (
            <ListBoxItem id={item.id} className="listbox-item" textValue={item.label}>
              {item.label}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </AriaSelect>
  );
}
