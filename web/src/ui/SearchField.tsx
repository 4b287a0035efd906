import { Button, Input, Label, SearchField as AriaSearchField, Text } from 'react-aria-components';

export interface SearchFieldProps {
  label: string;
  hint?: string;
  clearLabel: string;
  value: string;
  onChange: (value: string) => void;
  /** Escape or the clear button: the search is emptied at once. */
  onClear: () => void;
}

/** A search box (React Aria) inside a form: Enter submits the form, Escape or ✕ clears it. */
export function SearchField({ label, hint, clearLabel, value, onChange, onClear }: SearchFieldProps) {
  return (
    <AriaSearchField className="field search-field" value={value} onChange={onChange} onClear={onClear}>
      <Label className="field-label">{label}</Label>
      {hint && (
        <Text slot="description" className="field-hint">
          {hint}
        </Text>
      )}
      <div className="search-row">
        <Input className="input" />
        {value && (
          <Button className="search-clear" aria-label={clearLabel}>
            <span aria-hidden="true">✕</span>
          </Button>
        )}
      </div>
    </AriaSearchField>
  );
}
