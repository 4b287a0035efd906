import {
  Button,
  ComboBox as AriaComboBox,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Text,
} from 'react-aria-components';

export interface ComboBoxProps {
  label: string;
  hint?: string;
  /** Suggestions; any other text may be typed too. */
  suggestions: string[];
  value: string;
  onChange: (value: string) => void;
  showLabel: string;
}

/** A text field with suggestions (React Aria ComboBox); Enter or a chosen suggestion applies it. */
export function ComboBox({ label, hint, suggestions, value, onChange, showLabel }: ComboBoxProps) {
  const items = suggestions.map((suggestion) => ({ id: suggestion, name: suggestion }));
  return (
    <AriaComboBox
      className="field combobox"
      allowsCustomValue
      allowsEmptyCollection
      defaultInputValue={value}
      defaultItems={items}
      onSelectionChange={(key) => {
        if (key !== null) onChange(String(key));
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && event.target instanceof HTMLInputElement) onChange(event.target.value.trim());
      }}
      onBlur={(event) => {
        if (event.target instanceof HTMLInputElement && event.target.value.trim() !== value) {
          onChange(event.target.value.trim());
        }
      }}
    >
      <Label className="field-label">{label}</Label>
      {hint && (
        <Text slot="description" className="field-hint">
          {hint}
        </Text>
      )}
      <div className="combobox-row">
        <Input className="input" />
        <Button className="combobox-button" aria-label={showLabel}>
          <span aria-hidden="true">▾</span>
        </Button>
      </div>
      <Popover className="popover">
        <ListBox className="listbox">
          {(item: { id: string; name: string }) => (
            <ListBoxItem id={item.id} className="listbox-item">
              {item.name}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </AriaComboBox>
  );
}
