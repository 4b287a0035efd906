/**
 * Swedish organisationsnummer: `NNNNNN-NNNN`, ten digits whose last is a Luhn check digit over
 * the first nine, and whose third digit is at least 2 (which tells it apart from a personnummer).
 */
export const ORG_NUMBER_PATTERN = /^\d{6}-\d{4}$/;

export function luhnCheckDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < nineDigits.length; i += 1) {
    let digit = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (digit > 9) digit -= 9;
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** Null when valid, otherwise why not (for the 400 message). */
export function orgNumberProblem(orgNumber: string): string | null {
  if (!ORG_NUMBER_PATTERN.test(orgNumber)) return 'orgNumber must have the form NNNNNN-NNNN';
  const digits = orgNumber.replace('-', '');
  if (Number(digits[2]) < 2) return 'orgNumber must have a third digit of at least 2';
  if (luhnCheckDigit(digits.slice(0, 9)) !== Number(digits[9])) return 'orgNumber has an invalid check digit';
  return null;
}

export const ORGANIZATION_KINDS = [
  'company',
  'startup',
  'association',
  'academia',
  'resident',
  'public_sector',
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/** Whether an organisation of this kind must, may or must not have an orgNumber (docs/product.md §2). */
export function orgNumberRequirement(kind: OrganizationKind): 'required' | 'optional' | 'refused' {
  switch (kind) {
    case 'company':
    case 'startup':
    case 'association':
      return 'required';
    case 'academia':
    case 'public_sector':
      return 'optional';
    case 'resident':
      return 'refused';
  }
}
