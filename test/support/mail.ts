import type { TestApp } from './test-app';

/** A queued mail as a test reads it (tests run with MAIL_TRANSPORT=none, so nothing leaves the outbox). */
export interface OutboxRow {
  recipient: string;
  template: string;
  subject: string;
  body: string;
}

/** The outbox, oldest first; only the mails to `recipient` (any case) when given. */
export function outbox(t: TestApp, recipient?: string): Promise<OutboxRow[]> {
  return t.db.query<OutboxRow[]>(
    `SELECT recipient, template, subject, body FROM outbox_mails
     WHERE $1::text IS NULL OR recipient = lower($1::text) ORDER BY created_at, id`,
    [recipient ?? null],
  );
}

/** The mails queued to `email` (any case), oldest first. */
export function mailsTo(t: TestApp, email: string): Promise<OutboxRow[]> {
  return outbox(t, email);
}

/** The confirmation code of a mail body: its `Code: <43 base64url characters>` line. */
export function codeIn(body: string): string {
  const code = /^Code: ([A-Za-z0-9_-]{43})\s*$/m.exec(body)?.[1];
  if (!code) throw new Error(`No "Code: <43 base64url characters>" line in the mail:\n${body}`);
  return code;
}

/** The confirmation code of the newest `registration.confirm` mail to `email` (any case). */
export async function latestCode(t: TestApp, email: string): Promise<string> {
  const [mail] = await t.db.query<{ body: string }[]>(
    `SELECT body FROM outbox_mails WHERE recipient = lower($1) AND template = 'registration.confirm'
     ORDER BY created_at DESC, id DESC LIMIT 1`,
    [email],
  );
  if (!mail) throw new Error(`No registration.confirm mail to ${email} in the outbox`);
  return codeIn(mail.body);
}
