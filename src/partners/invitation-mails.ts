import type { NewMail } from '../mail/mail-outbox';
import type { MemberRole } from './membership.entity';

/** How long an invitation waits for an answer. */
export const INVITATION_DAYS = 14;

/** Sent to the invited address whether or not it has an account: the mail, too, reveals nothing. */
export function invitationMail(email: string, organization: string, inviter: string, role: MemberRole): NewMail {
  return {
    recipient: email,
    template: 'organization.invited',
    subject: `Invitation to join ${organization} on Testbed Helsingborg`,
    body: [
      'Hello,',
      '',
      `${inviter} invited this address to join ${organization} on Testbed Helsingborg as ${role}.`,
      `Sign in with this address (or register with it first) and accept or decline within ${INVITATION_DAYS} days:`,
      'GET /api/v1/invitations lists your invitations.',
      '',
      'If you do not know the organisation, ignore this mail: nobody becomes a member without accepting.',
    ].join('\n'),
  };
}
