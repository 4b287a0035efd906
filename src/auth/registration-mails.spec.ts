import { accountExistsMail, confirmationMail, REGISTRATION_PENDING_DETAIL } from './registration-mails';

describe('registration mails', () => {
  it('the confirmation mail carries the code on a line of its own, and a link with the code in its fragment', () => {
    const code = 'A'.repeat(43);
    const mail = confirmationMail('anna@example.se', code, 'https://testbed.example.se');
    expect(mail.template).toBe('registration.confirm');
    expect(mail.body).toMatch(new RegExp(`^Code: ${code}$`, 'm'));
    // The fragment never reaches a server or a Referer: the code stays out of access logs.
    expect(mail.body).toMatch(new RegExp(`^https://testbed\\.example\\.se/register/confirm#code=${code}$`, 'm'));
    expect(mail.subject.length).toBeLessThanOrEqual(500);
  });

  it('the notice to an existing account holds no code and changes nothing', () => {
    const mail = accountExistsMail('anna@example.se', 'https://testbed.example.se');
    expect(mail.template).toBe('registration.account-exists');
    expect(mail.body).not.toMatch(/^Code:/m);
    expect(mail.body).toContain('Nothing was changed');
  });

  it('what the caller is told mentions neither outcome', () => {
    expect(REGISTRATION_PENDING_DETAIL).not.toMatch(/exist|taken|already|new account/i);
  });
});
