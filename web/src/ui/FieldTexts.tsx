import { FieldError, Label, Text } from 'react-aria-components';

/**
 * What every field shows above its input, GOV.UK's order: the label, the hint, the error. Inside a
 * React Aria field (TextField, RadioGroup, Select) the three are wired to the input for screen
 * readers: the label names it, the hint and the error describe it.
 */
export function FieldTexts({ label, hint, error }: { label: string; hint?: string; error?: string }) {
  return (
    <>
      <Label className="field-label">{label}</Label>
      {hint && (
        <Text slot="description" className="field-hint">
          {hint}
        </Text>
      )}
      <FieldError className="field-error">{error}</FieldError>
    </>
  );
}
