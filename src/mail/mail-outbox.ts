import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** One mail for the outbox: rendered text, plain and short (PRODUCT.md's users read it in any client). */
export interface NewMail {
  recipient: string;
  template: string;
  subject: string;
  body: string;
}

/** Queues mails in the caller's transaction; `MailDelivery` sends them after it commits. */
@Injectable()
export class MailOutbox {
  async enqueue(manager: EntityManager, mail: NewMail): Promise<void> {
    await manager.query(
      `INSERT INTO outbox_mails (recipient, template, subject, body) VALUES (lower($1), $2, $3, $4)`,
      [mail.recipient, mail.template, mail.subject, mail.body],
    );
  }
}
