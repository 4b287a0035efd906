import type { LoggerService } from '@nestjs/common';
import type { MailConfig } from '../config/config';
import { LogMailTransport, mailTransport, SmtpMailTransport } from './mail-transport';

const MAIL = {
  recipient: 'anna@example.se',
  template: 'registration.confirm',
  subject: 'Bekräfta din e-postadress',
  body: 'Hej!\n\nCode: abc\n',
};

describe('mailTransport', () => {
  const config = (transport: MailConfig['transport']): MailConfig =>
    transport === 'smtp'
      ? { transport, smtpUrl: 'smtp://user:secret@127.0.0.1:2525', from: 'a@b', pollIntervalMs: 2000 }
      : { transport, from: 'a@b', pollIntervalMs: 2000 };

  it('makes the transport MAIL_TRANSPORT names, and none for none', () => {
    expect(mailTransport(config('log'))).toBeInstanceOf(LogMailTransport);
    expect(mailTransport(config('smtp'))).toBeInstanceOf(SmtpMailTransport);
    expect(mailTransport(config('none'))).toBeNull();
  });
});

describe('LogMailTransport', () => {
  it('writes recipient, subject and body to the log, as one entry', async () => {
    const log = { log: jest.fn(), error: jest.fn(), warn: jest.fn() } satisfies LoggerService;
    await new LogMailTransport(log).send(MAIL);
    expect(log.log).toHaveBeenCalledTimes(1);
    expect(log.log).toHaveBeenCalledWith(
      { to: MAIL.recipient, template: MAIL.template, subject: MAIL.subject, body: MAIL.body },
      expect.stringContaining(`Mail to anna@example.se: "${MAIL.subject}"`),
    );
  });
});
