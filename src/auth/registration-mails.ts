import type { NewMail } from '../mail/mail-outbox';

/** How long an emailed confirmation code is valid. */
export const CONFIRMATION_HOURS = 24;

/** What every valid registration is told: the same words whether or not the address has an account. */
export const REGISTRATION_PENDING_DETAIL =
  `If this address can receive mail, a message with a confirmation link and code is on its way. ` +
  `Open the link (or POST the code with your name and password to /api/v1/auth/register/confirm) ` +
  `within ${CONFIRMATION_HOURS} hours.`;

/**
 * The mail with the code that creates the account. The code travels in the link's fragment
 * (`#code=`), which browsers never send to a server or in a Referer: it stays out of access logs.
 */
export function confirmationMail(email: string, code: string, publicUrl: string): NewMail {
  return {
    recipient: email,
    template: 'registration.confirm',
    subject: 'Confirm your Testbed Helsingborg account',
    body: [
      'Hello,',
      '',
      'Someone, hopefully you, registered this address on Testbed Helsingborg.',
      `To create the account, open this link within ${CONFIRMATION_HOURS} hours and choose your password:`,
      '',
      `${publicUrl}/register/confirm#code=${code}`,
      '',
      'Or use this code:',
      `Code: ${code}`,
      '',
      'If it was not you, ignore this mail: without the code no account is created.',
    ].join('\n'),
  };
}

/** Sent instead when the address already has an account, so its owner learns of the attempt. */
export function accountExistsMail(email: string, publicUrl: string): NewMail {
  return {
    recipient: email,
    template: 'registration.account-exists',
    subject: 'Someone tried to register your address on Testbed Helsingborg',
    body: [
      'Hello,',
      '',
      'Someone tried to register a new Testbed Helsingborg account with this address,',
      'which already has one. Nothing was changed. If it was you, sign in with your password,',
      `or choose a new one at ${publicUrl}/forgot-password.`,
      'If it was not you, you need not do anything.',
    ].join('\n'),
  };
}
