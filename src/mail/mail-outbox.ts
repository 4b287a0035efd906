import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** One mail for the outbox: rendered text, plain and short (docs/product.md §1.2: its users read it in any client). */
export interface NewMail {
  recipient: string;
  template: string;
  subject: string;
  body: string;
}

/**
 * Who made the platform send a mail. Anyone may make it mail any address (registering it, asking
 * for a password reset, inviting it), so mail is shared out per sender: an anonymous client by
 * its IP, a signed-in person by their account.
 */
export type MailSender =
  | { kind: 'anonymous'; ip: string }
  | { kind: 'user'; id: string }
  /**
   * The platform's own scheduled mail (a job such as the event reminders): charged to shares of
   * its own, so it never uses up what a person's actions may cause to an address, nor the reverse.
   */
  | { kind: 'system'; job: string };

/** Mails one sender may cause to one address in an hour. */
export const MAILS_PER_ADDRESS_PER_HOUR = 5;
/**
 * Mails one address receives in an hour from all anonymous senders together, and apart from
 * that from all signed-in senders together: a flood from many IPs is bounded, and anonymous
 * traffic can never use up the share of mail a signed-in person caused (an invitation, a change
 * of one's own account).
 */
export const MAILS_PER_ADDRESS_PER_HOUR_BY_KIND = { anonymous: 20, user: 20, system: 20 } as const;
/** Mails one anonymous client (IP) causes in an hour, to all addresses together. */
export const ANONYMOUS_MAILS_PER_IP_PER_HOUR = 30;

/** The counters a mail is charged to, in `rate_limit_counters`: the sender's own, then the address's. */
export function mailShares(
  recipient: string,
  sender: MailSender,
): { own: [string, number][]; address: [string, number] } {
  const address = recipient.toLowerCase();
  const who =
    sender.kind === 'anonymous'
      ? `ip:${sender.ip}`
      : sender.kind === 'user'
        ? `user:${sender.id}`
        : `job:${sender.job}`;
  return {
    own: [
      // A job's own share is the address's whole share for jobs: one reminder per event is not a flood.
      [
        `mail|${address}|${who}`,
        sender.kind === 'system' ? MAILS_PER_ADDRESS_PER_HOUR_BY_KIND.system : MAILS_PER_ADDRESS_PER_HOUR,
      ],
      ...(sender.kind === 'anonymous'
        ? ([[`mail-ip|${sender.ip}`, ANONYMOUS_MAILS_PER_IP_PER_HOUR]] as [string, number][])
        : []),
    ],
    address: [`mail|${address}|${sender.kind}`, MAILS_PER_ADDRESS_PER_HOUR_BY_KIND[sender.kind]],
  };
}

/** Queues mails in the caller's transaction; `MailDelivery` sends them after it commits. */
@Injectable()
export class MailOutbox {
  /**
   * Queues the mail unless a share it is charged to is used up (`mailShares`); says whether it
   * did. A dropped mail must not change what the caller answers: that would tell which addresses
   * are busy. The sender's own counters are charged first, and the address's only when those
   * allow it, so a sender past their own share cannot keep spending the address's. The counts
   * are part of the caller's transaction: a rolled-back change counts nothing. One statement.
   */
  async enqueue(manager: EntityManager, mail: NewMail, sender: MailSender): Promise<boolean> {
    const shares = mailShares(mail.recipient, sender);
    const queued = await manager.query<{ id: string }[]>(
      `WITH own AS (
         INSERT INTO rate_limit_counters AS r (key, window_start, count)
         SELECT key, now(), 1 FROM unnest($5::text[]) AS key
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN r.window_start + interval '1 hour' <= now() THEN 1 ELSE r.count + 1 END,
           window_start = CASE WHEN r.window_start + interval '1 hour' <= now() THEN now() ELSE r.window_start END
         RETURNING key, count
       ), allowed AS (
         SELECT bool_and(own.count <= share.max) AS ok
         FROM own JOIN unnest($5::text[], $6::int[]) AS share(key, max) USING (key)
       ), address AS (
         INSERT INTO rate_limit_counters AS r (key, window_start, count)
         SELECT $7, now(), 1 FROM allowed WHERE ok
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN r.window_start + interval '1 hour' <= now() THEN 1 ELSE r.count + 1 END,
           window_start = CASE WHEN r.window_start + interval '1 hour' <= now() THEN now() ELSE r.window_start END
         RETURNING count
       )
       INSERT INTO outbox_mails (recipient, template, subject, body)
       SELECT lower($1), $2, $3, $4 FROM address WHERE count <= $8
       RETURNING id`,
      [
        mail.recipient,
        mail.template,
        mail.subject,
        mail.body,
        shares.own.map(([key]) => key),
        shares.own.map(([, max]) => max),
        shares.address[0],
        shares.address[1],
      ],
    );
    return queued.length > 0;
  }
}
