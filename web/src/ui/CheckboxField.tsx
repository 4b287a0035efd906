import { Checkbox } from 'react-aria-components';

export interface CheckboxFieldProps {
  /** The text beside the box: the checkbox's accessible name. */
  label: string;
  isSelected?: boolean;
  onChange?: (selected: boolean) => void;
  isDisabled?: boolean;
  /** Its value inside a React Aria `CheckboxGroup` (which then keeps the selection). */
  value?: string;
}

/** A checkbox with its label beside it (React Aria: Space toggles it; a click on the label too). */
export function CheckboxField({ label, isSelected, onChange, isDisabled, value }: CheckboxFieldProps) {
  return (
    <Checkbox className="checkbox" isSelected={isSelected} onChange={onChange} isDisabled={isDisabled} value={value}>
      <span className="checkbox-box" aria-hidden="true" />
      <span>{label}</span>
    </Checkbox>
  );
}
