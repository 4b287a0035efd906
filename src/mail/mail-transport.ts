import { Logger, LoggerService } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import type { MailConfig } from '../config/config';
import type { NewMail } from './mail-outbox';

/** Where a mail goes when it leaves the outbox. Rejects when it was not accepted; the outbox retries. */
export interface MailTransport {
  send(mail: NewMail): Promise<void>;
}

/** Injection token for the configured {@link MailTransport}; `null` when MAIL_TRANSPORT=none. */
export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

/**
 * Development: the mail goes to the application log instead of a mailbox, so whoever runs
 * `npm start` can read a confirmation code there. Refused in production by the configuration.
 */
export class LogMailTransport implements MailTransport {
  constructor(private readonly log: LoggerService = new Logger('Mail')) {}

  send(mail: NewMail): Promise<void> {
    this.log.log(
      { to: mail.recipient, template: mail.template, subject: mail.subject, body: mail.body },
      `Mail to ${mail.recipient}: "${mail.subject}" (MAIL_TRANSPORT=log: logged, not sent)`,
    );
    return Promise.resolve();
  }
}

/**
 * Plain-text mail over SMTP (nodemailer), one connection per mail. `smtps://` is TLS from the
 * start; `smtp://` upgrades with STARTTLS when the server offers it. The timeouts bound a silent
 * server (nodemailer's defaults would wait minutes). Errors never carry the URL's password.
 */
export class SmtpMailTransport implements MailTransport {
  private readonly transporter: ReturnType<typeof createTransport>;
  /** The password as written in the URL and decoded: what an error message must never repeat. */
  private readonly secrets: string[];

  constructor(url: string, from: string) {
    const password = new URL(url).password;
    this.secrets = [...new Set([password, decodedOrAsIs(password)])].filter((secret) => secret.length >= 4);
    this.transporter = createTransport(
      { url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000, dnsTimeout: 10_000 },
      { from },
    );
  }

  async send(mail: NewMail): Promise<void> {
    try {
      await this.transporter.sendMail({ to: mail.recipient, subject: mail.subject, text: mail.body });
    } catch (error) {
      throw this.withoutPassword(error);
    }
  }

  private withoutPassword(error: unknown): unknown {
    if (!(error instanceof Error) || !this.secrets.some((secret) => error.message.includes(secret))) return error;
    const message = this.secrets.reduce((text, secret) => text.split(secret).join('***'), error.message);
    return Object.assign(new Error(message), 'code' in error ? { code: error.code } : {});
  }
}

function decodedOrAsIs(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The transport MAIL_TRANSPORT names, or `null` for `none` (mails stay in the outbox). */
export function mailTransport(config: MailConfig): MailTransport | null {
  switch (config.transport) {
    case 'log':
      return new LogMailTransport();
    case 'smtp':
      return new SmtpMailTransport(config.smtpUrl, config.from);
    case 'none':
      return null;
  }
}
