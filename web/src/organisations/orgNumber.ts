/**
 * The organisationsnummer rule of the API (src/partners/org-number.ts), for the browser: the same
 * form `NNNNNN-NNNN`, third digit at least 2, Luhn check digit over the first nine. A convenience
 * that shows the rule while typing; the API checks again and its answer wins.
 */
export const ORG_NUMBER_PATTERN = /^\d{6}-\d{4}$/;

export const ORGANISATION_KINDS = [
  'company',
  'startup',
  'association',
  'academia',
  'resident',
  'public_sector',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** Why a number is refused, as a code the catalogue words (`organisations.orgNumber.<code>`). */
export type OrgNumberProblem = 'form' | 'thirdDigit' | 'checkDigit';

export function luhnCheckDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < nineDigits.length; i += 1) {
    let digit = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (digit > 9) digit -= 9;
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** Null when valid, otherwise why not: the API's `orgNumberProblem`, as a code. */
export function orgNumberProblem(orgNumber: string): OrgNumberProblem | null {
  if (!ORG_NUMBER_PATTERN.test(orgNumber)) return 'form';
  const digits = orgNumber.replace('-', '');
  if (Number(digits[2]) < 2) return 'thirdDigit';
  if (luhnCheckDigit(digits.slice(0, 9)) !== Number(digits[9])) return 'checkDigit';
  return null;
}

/** Whether an organisation of this kind must, may or must not have an orgNumber (the API's rule). */
export function orgNumberRequirement(kind: OrganisationKind): 'required' | 'optional' | 'refused' {
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

/**
 * What a person typed, as the API wants it: spaces gone, and ten digits typed without the hyphen
 * get it (`5560360793` → `556036-0793`). Anything else is left for the rule to refuse.
 */
export function normaliseOrgNumber(typed: string): string {
  const compact = typed.replace(/\s+/g, '');
  return /^\d{10}$/.test(compact) ? `${compact.slice(0, 6)}-${compact.slice(6)}` : compact;
}

/**
 * The check while typing: nothing to say until the number could be complete (eleven characters,
 * or ten digits), so a half-typed number is not called wrong; then the rule's answer.
 */
export function orgNumberWhileTyping(typed: string): OrgNumberProblem | 'ok' | null {
  const value = normaliseOrgNumber(typed);
  if (value.length < 11) return null;
  return orgNumberProblem(value) ?? 'ok';
}
