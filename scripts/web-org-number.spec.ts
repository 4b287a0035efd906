import {
  luhnCheckDigit as apiLuhn,
  ORGANIZATION_KINDS,
  orgNumberProblem as apiProblem,
  orgNumberRequirement as apiRequirement,
} from '../src/partners/org-number';
import {
  luhnCheckDigit,
  normaliseOrgNumber,
  ORGANISATION_KINDS,
  orgNumberProblem,
  orgNumberRequirement,
  orgNumberWhileTyping,
} from '../web/src/organisations/orgNumber';

/**
 * The web's organisationsnummer check (web/src/organisations/orgNumber.ts) is the API's rule
 * shown early: it must refuse exactly what the API refuses, for the same reason.
 */
const API_REASON = { form: 'form', thirdDigit: 'third digit', checkDigit: 'check digit' } as const;

describe('web organisationsnummer rule', () => {
  it.each(['556036-0793', '202100-5489', '556016-0680', '802002-4280'])('accepts %s like the API', (value) => {
    expect(orgNumberProblem(value)).toBeNull();
    expect(apiProblem(value)).toBeNull();
  });

  it.each([
    ['556036-0794', 'checkDigit'],
    ['551036-0793', 'thirdDigit'],
    ['5560360793', 'form'],
    ['556036-079', 'form'],
    ['55603A-0793', 'form'],
    [' 556036-0793', 'form'],
  ] as const)('refuses %s (%s) for the reason the API gives', (value, reason) => {
    expect(orgNumberProblem(value)).toBe(reason);
    expect(apiProblem(value)).toContain(API_REASON[reason]);
  });

  it('agrees with the API on every last digit of a spread of nine-digit prefixes', () => {
    const disagreements: string[] = [];
    for (let n = 0; n < 2000; n += 1) {
      const nine = String((n * 7919 + 12345) % 1_000_000_000).padStart(9, '0');
      if (luhnCheckDigit(nine) !== apiLuhn(nine)) disagreements.push(`luhn ${nine}`);
      for (let last = 0; last < 10; last += 1) {
        const value = `${nine.slice(0, 6)}-${nine.slice(6)}${last}`;
        const web = orgNumberProblem(value);
        const api = apiProblem(value);
        if (web === null ? api !== null : !api?.includes(API_REASON[web])) disagreements.push(value);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('has the same kinds and the same requirement per kind', () => {
    expect([...ORGANISATION_KINDS]).toEqual([...ORGANIZATION_KINDS]);
    for (const kind of ORGANIZATION_KINDS) expect(orgNumberRequirement(kind)).toBe(apiRequirement(kind));
  });

  it('adds the hyphen to ten typed digits and drops spaces, nothing else', () => {
    expect(normaliseOrgNumber('5560360793')).toBe('556036-0793');
    expect(normaliseOrgNumber(' 556036 0793 ')).toBe('556036-0793');
    expect(normaliseOrgNumber('556036-0793')).toBe('556036-0793');
    expect(normaliseOrgNumber('55603-60793')).toBe('55603-60793');
  });

  it('while typing: silent until the number could be complete, then the rule', () => {
    expect(orgNumberWhileTyping('55603')).toBeNull();
    expect(orgNumberWhileTyping('556036-079')).toBeNull();
    expect(orgNumberWhileTyping('556036-0793')).toBe('ok');
    expect(orgNumberWhileTyping('5560360794')).toBe('checkDigit');
    expect(orgNumberWhileTyping('551036-0793')).toBe('thirdDigit');
    expect(orgNumberWhileTyping('55603A-0793')).toBe('form');
  });
});
