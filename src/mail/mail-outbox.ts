import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** One mail for the outbox: rendered text, plain and short (PRODUCT.md's users read it in any client). */
export interface NewMail {
  recipient: string;
  template: string;
  subject: string;
  body: string;
}

/**
 * Mails to one address an hour, whatever their kind. Anyone may make the platform mail any
 * address (registering it, inviting it); the limit keeps that from flooding a mailbox or spoiling
 * the city's sender reputation. Kept in `rate_limit_counters` under `mail|<address>`.
 */
export const MAILS_PER_ADDRESS_PER_HOUR = 5;

/** Queues mails in the caller's transaction; `MailDelivery` sends them after it commits. */
@Injectable()
export class MailOutbox {
  /**
   * Queues the mail unless its address had its hour's share already; says whether it did. A
   * dropped mail must not change what the caller answers: that would tell which addresses are busy.
   * The count is part of the caller's transaction, so a rolled-back change counts nothing.
   */
  async enqueue(manager: EntityManager, mail: NewMail): Promise<boolean> {
    const queued = await manager.query<{ id: string }[]>(
      `WITH counted AS (
         INSERT INTO rate_limit_counters AS r (key, window_start, count) VALUES ('mail|' || lower($1), now(), 1)
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN r.window_start + interval '1 hour' <= now() THEN 1 ELSE r.count + 1 END,
           window_start = CASE WHEN r.window_start + interval '1 hour' <= now() THEN now() ELSE r.window_start END
         RETURNING count
       )
       INSERT INTO outbox_mails (recipient, template, subject, body)
       SELECT lower($1), $2, $3, $4 FROM counted WHERE count <= $5
       RETURNING id`,
      [mail.recipient, mail.template, mail.subject, mail.body, MAILS_PER_ADDRESS_PER_HOUR],
    );
    return queued.length > 0;
  }
}
