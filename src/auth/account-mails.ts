import type { NewMail } from '../mail/mail-outbox';

/** How long a mailed password-reset code is valid. */
export const RESET_MINUTES = 60;
/** How long a mailed email-change code is valid. */
export const EMAIL_CHANGE_HOURS = 24;

/** What every valid reset request is told: the same words whether or not the address has an account. */
export const RESET_PENDING_DETAIL =
  `If this address has an account, a message with a link to choose a new password is on its way. ` +
  `The link works once, within ${RESET_MINUTES} minutes.`;

/** What an email change is told: the same words whether or not the new address is free. */
export const EMAIL_CHANGE_PENDING_DETAIL =
  `A message with a confirmation link is on its way to the new address. ` +
  `The address changes when the link is opened, within ${EMAIL_CHANGE_HOURS} hours.`;

/** The link (code in the fragment, out of access logs) and the code, for a mailed account code. */
function linkAndCode(url: string, code: string): string[] {
  return [`${url}#code=${code}`, '', 'Or use this code:', `Code: ${code}`];
}

export function passwordResetMail(email: string, code: string, publicUrl: string): NewMail {
  return {
    recipient: email,
    template: 'password.reset',
    subject: 'Choose a new password for Testbed Helsingborg',
    body: [
      'Hello,',
      '',
      'Someone, hopefully you, asked to reset the password of this Testbed Helsingborg account.',
      `To choose a new one, open this link within ${RESET_MINUTES} minutes:`,
      '',
      ...linkAndCode(`${publicUrl}/reset-password`, code),
      '',
      'Choosing a new password signs the account out everywhere.',
      'If it was not you, ignore this mail: your password stays as it is.',
    ].join('\n'),
  };
}

export function passwordChangedMail(email: string, publicUrl: string): NewMail {
  return {
    recipient: email,
    template: 'password.changed',
    subject: 'Your Testbed Helsingborg password was changed',
    body: [
      'Hello,',
      '',
      'The password of your Testbed Helsingborg account was just changed, and every other',
      'session of the account was signed out.',
      `If it was not you, choose a new password at once at ${publicUrl}/forgot-password`,
      'and tell the innovation centre.',
    ].join('\n'),
  };
}

export function emailChangeMail(newEmail: string, code: string, publicUrl: string): NewMail {
  return {
    recipient: newEmail,
    template: 'email.confirm',
    subject: 'Confirm your new address for Testbed Helsingborg',
    body: [
      'Hello,',
      '',
      'Someone, hopefully you, asked to move a Testbed Helsingborg account to this address.',
      `To confirm, open this link within ${EMAIL_CHANGE_HOURS} hours:`,
      '',
      ...linkAndCode(`${publicUrl}/account/email/confirm`, code),
      '',
      'If it was not you, ignore this mail: nothing changes without the code.',
    ].join('\n'),
  };
}

/** To the new address when it already has an account: nothing is moved onto it. */
export function emailTakenMail(newEmail: string): NewMail {
  return {
    recipient: newEmail,
    template: 'email.taken',
    subject: 'Someone tried to move an account to your address on Testbed Helsingborg',
    body: [
      'Hello,',
      '',
      'Someone asked to move a Testbed Helsingborg account to this address, which already has',
      'an account of its own. Nothing was changed. If it was not you, you need not do anything.',
    ].join('\n'),
  };
}

/** To the old address once the change is done: its owner learns of it, whoever made it. */
export function emailChangedMail(oldEmail: string, newEmail: string): NewMail {
  return {
    recipient: oldEmail,
    template: 'email.changed',
    subject: 'Your Testbed Helsingborg account moved to another address',
    body: [
      'Hello,',
      '',
      `The address of your Testbed Helsingborg account was changed from this one to ${newEmail}.`,
      'If it was not you, tell the innovation centre at once.',
    ].join('\n'),
  };
}
