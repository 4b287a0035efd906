import { luhnCheckDigit, orgNumberProblem, orgNumberRequirement } from './org-number';

describe('orgNumberProblem', () => {
  it.each([
    ['556036-0793', 'Volvo Personvagnar AB'],
    ['202100-5489', 'Helsingborgs stad'],
    ['556016-0680', 'Ericsson'],
    ['802002-4280', 'an association'],
  ])('accepts %s (%s)', (orgNumber) => {
    expect(orgNumberProblem(orgNumber)).toBeNull();
  });

  it.each([
    ['556036-0794', 'check digit'],
    ['202100-5488', 'check digit'],
    ['551036-0793', 'third digit'],
    ['5560360793', 'form'],
    ['556036-079', 'form'],
    ['55603A-0793', 'form'],
    [' 556036-0793', 'form'],
  ])('refuses %s (%s)', (orgNumber, reason) => {
    expect(orgNumberProblem(orgNumber)).toContain(reason);
  });

  it('computes the Luhn digit by hand: 556036079 → 3', () => {
    // 5*2=10→1, 5, 6*2=12→3, 0, 3*2=6, 6, 0*2=0, 7, 9*2=18→9 → sum 37 → (10 - 7) % 10 = 3
    expect(luhnCheckDigit('556036079')).toBe(3);
  });
});

describe('orgNumberRequirement', () => {
  it.each([
    ['company', 'required'],
    ['startup', 'required'],
    ['association', 'required'],
    ['academia', 'optional'],
    ['public_sector', 'optional'],
    ['resident', 'refused'],
  ] as const)('%s: %s', (kind, requirement) => {
    expect(orgNumberRequirement(kind)).toBe(requirement);
  });
});
