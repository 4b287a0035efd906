import { invitationMail } from './invitation-mails';

describe('invitationMail', () => {
  it('fits the outbox with the longest names the API accepts (organisation 200, person 100 characters)', () => {
    const mail = invitationMail('anna@example.se', 'O'.repeat(200), 'P'.repeat(100), 'owner');
    expect(mail.subject.length).toBeLessThanOrEqual(500);
    expect(mail.subject).toContain('O'.repeat(200));
    expect(mail.body).toContain(`${'P'.repeat(100)} invited this address to join ${'O'.repeat(200)}`);
  });

  it('names the role and how to answer, and says nobody joins without accepting', () => {
    const { body, template, recipient } = invitationMail('anna@example.se', 'Öresund AB', 'Per', 'member');
    expect({ template, recipient }).toEqual({ template: 'organization.invited', recipient: 'anna@example.se' });
    expect(body).toContain('as member');
    expect(body).toContain('GET /api/v1/invitations');
    expect(body).toMatch(/nobody becomes a member without accepting/);
  });
});
