import { Button, Label, ListBox, ListBoxItem, Popover, Select as AriaSelect, SelectValue } from 'react-aria-components';
import type { Key } from 'react-aria-components';

export interface Option {
  id: string;
  label: string;
}

export interface SelectProps {
  label: string;
  options: Option[];
  /** The selected option's id; '' for the "any" option. */
  value: string;
  /** The text of the "any" option (no filter). */
  anyLabel: string;
  onChange: (value: string) => void;
}

/** A single-choice select (React Aria): filters, with an explicit "any" choice first. */
export function Select({ label, options, value, anyLabel, onChange }: SelectProps) {
  const items = [{ id: '', label: anyLabel }, ...options];
  return (
    <AriaSelect
      className="field select"
      selectedKey={value}
      onSelectionChange={(key: Key | null) => onChange(key === null ? '' : String(key))}
    >
      <Label className="field-label">{label}</Label>
      <SelectList items={items} />
    </AriaSelect>
  );
}

/**
 * The inside of a React Aria Select, after its label: the button that shows the choice (with `id`
 * where an error summary links to it) and the list it opens.
 */
export function SelectList({ id, items }: { id?: string; items: Option[] }) {
  return (
    <>
      <Button id={id} className="input select-button">
        <SelectValue />
        <span aria-hidden="true" className="select-chevron">
          ▾
        </span>
      </Button>
      <Popover className="popover">
        <ListBox className="listbox" items={items}>
          {(item) => (
            <ListBoxItem id={item.id} className="listbox-item" textValue={item.label}>
              {item.label}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </>
  );
}
