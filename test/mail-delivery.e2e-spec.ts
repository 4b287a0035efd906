import { randomUUID } from 'node:crypto';
import { PinoNestLogger } from '../src/common/pino-nest-logger';
import { MailDelivery } from '../src/mail/mail-delivery';
import { MailOutbox, NewMail } from '../src/mail/mail-outbox';
import { createTestDatabase } from './support/database';
import { outbox } from './support/mail';
import { TestSmtpServer } from './support/smtp';
import { TcpProxy } from './support/tcp-proxy';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The outbox leaves through a real SMTP server in this process (smtp-server on a free loopback
 * port). Rounds are driven with `deliverDue()`; the timer is tested on its own. Jest fails a test
 * in which a promise rejection goes unhandled, so "nothing thrown" covers the whole process.
 */

interface OutboxState {
  recipient: string;
  attempts: number;
  last_error: string | null;
  /** Seconds from now until the next attempt; null for never ('infinity'). */
  due_in: number | null;
}

function state(t: TestApp): Promise<OutboxState[]> {
  return t.db.query<OutboxState[]>(
    `SELECT recipient, attempts, last_error,
            CASE WHEN isfinite(next_attempt_at) THEN extract(epoch FROM next_attempt_at - now())::float END AS due_in
     FROM outbox_mails ORDER BY created_at, recipient`,
  );
}

function mail(recipient: string, overrides: Partial<NewMail> = {}): NewMail {
  return {
    recipient,
    template: 'test.mail',
    subject: `A mail for ${recipient}`,
    body: `Hello ${recipient},\n\nthis is a test.\n`,
    ...overrides,
  };
}

/** Queues the mails in one transaction, as a registration or invitation would. */
async function enqueue(t: TestApp, ...mails: NewMail[]): Promise<void> {
  const outboxService = t.app.get(MailOutbox);
  await t.db.transaction(async (manager) => {
    for (const item of mails) await outboxService.enqueue(manager, item, { kind: 'user', id: randomUUID() });
  });
}

const deliverDue = (t: TestApp) => t.app.get(MailDelivery).deliverDue();
const LOGIN = { user: 'testbed@example.se', password: 'p@ss:wörd/1' };
/** A long interval: rounds run only when a test asks for one. */
const QUIET = { MAIL_POLL_INTERVAL_MS: '60000' };

afterEach(() => jest.restoreAllMocks());

describe('MAIL_TRANSPORT=smtp', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await TestSmtpServer.start({ login: LOGIN });
    t = await startTestApp({
      ...QUIET,
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: smtp.url(LOGIN),
      MAIL_FROM: 'Testbed Helsingborg <noreply@testbed.example>',
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });
  beforeEach(async () => {
    smtp.received.length = 0;
    smtp.refusedRecipients.clear();
    await t.db.query(`DELETE FROM outbox_mails`);
  });

  it('sends every due mail as plain text from MAIL_FROM, logged in with the URL credentials, and deletes it', async () => {
    const code = 'Abc123_-'.repeat(5) + 'xyz';
    const swedish = mail('Åsa.Öberg@Example.SE', {
      template: 'registration.confirm',
      subject: 'Bekräfta ditt konto på Testbed Helsingborg – välkommen!',
      body: `Hej Åsa Öberg,\n\nbekräfta inom 24 timmar med koden:\n\nCode: ${code}\n\nHälsningar, Testbed Helsingborg\n`,
    });
    await enqueue(t, swedish, mail('b@example.se'), mail('c@example.se'));

    expect(await deliverDue(t)).toBe(3);

    expect(smtp.received).toHaveLength(3);
    const first = smtp.received.find((m) => m.rcptTo[0] === 'åsa.öberg@example.se');
    expect(first).toEqual({
      user: LOGIN.user,
      mailFrom: 'noreply@testbed.example',
      rcptTo: ['åsa.öberg@example.se'],
      from: 'Testbed Helsingborg <noreply@testbed.example>',
      to: 'åsa.öberg@example.se',
      subject: swedish.subject,
      contentType: expect.stringMatching(/^text\/plain; charset=utf-8$/i),
      body: swedish.body,
    });
    expect(smtp.received.map((m) => m.rcptTo).sort()).toEqual([
      ['b@example.se'],
      ['c@example.se'],
      ['åsa.öberg@example.se'],
    ]);
    const { subject, body } = mail('b@example.se');
    expect(smtp.received.find((m) => m.to === 'b@example.se')).toMatchObject({ subject, body });
    // Delivered mails are deleted: the code does not outlive its delivery.
    expect(await outbox(t)).toEqual([]);
    expect(await deliverDue(t)).toBe(0);
    expect(smtp.received).toHaveLength(3);
  });

  it('sends only what is due, longest due first, at most 20 a round', async () => {
    await enqueue(t, mail('later@example.se'));
    await t.db.query(`UPDATE outbox_mails SET next_attempt_at = now() + interval '1 hour'`);
    for (let i = 0; i < 25; i += 1) await enqueue(t, mail(`m${String(i).padStart(2, '0')}@example.se`));
    // Due a second apart, m00 first (mails queued within one clock tick would tie).
    await t.db.query(
      `UPDATE outbox_mails SET next_attempt_at = now() - make_interval(secs => 100 - substr(recipient, 2, 2)::int)
       WHERE recipient LIKE 'm%'`,
    );

    expect(await deliverDue(t)).toBe(20);
    expect(smtp.received.map((m) => m.to)).toEqual(
      Array.from({ length: 20 }, (_, i) => `m${String(i).padStart(2, '0')}@example.se`),
    );
    expect(await deliverDue(t)).toBe(5);
    expect(await deliverDue(t)).toBe(0);
    expect((await outbox(t)).map((row) => row.recipient)).toEqual(['later@example.se']);
  });

  it('a recipient the server refuses: that mail stays, attempt 1, the reply kept, retried in 2 minutes; the others go', async () => {
    smtp.refusedRecipients.add('refused@example.se');
    await enqueue(t, mail('refused@example.se'), mail('fine@example.se'));

    await expect(deliverDue(t)).resolves.toBe(1);

    expect(smtp.received.map((m) => m.to)).toEqual(['fine@example.se']);
    const [row] = await state(t);
    expect(row).toMatchObject({ recipient: 'refused@example.se', attempts: 1 });
    expect(row.last_error).toMatch(/550.*No such user here/);
    expect(row.due_in).toBeGreaterThan(115);
    expect(row.due_in).toBeLessThanOrEqual(120);
    // Not due again in this round or the next.
    expect(await deliverDue(t)).toBe(0);
    expect((await state(t))[0].attempts).toBe(1);
  });

  it('backs off 2, 4, 8 … minutes, and after the tenth failure logs an error and leaves the mail for good', async () => {
    const errors = jest.spyOn(PinoNestLogger.prototype, 'error');
    smtp.refusedRecipients.add('gone@example.se');
    await enqueue(t, mail('gone@example.se'));

    const delays: (number | null)[] = [];
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      await t.db.query(`UPDATE outbox_mails SET next_attempt_at = now()`);
      expect(await deliverDue(t)).toBe(0);
      const [row] = await state(t);
      expect(row.attempts).toBe(attempt);
      delays.push(row.due_in === null ? null : Math.round(row.due_in / 60));
    }
    expect(delays).toEqual([2, 4, 8, 16, 32, 60, 60, 60, 60, null]);
    expect(errors).toHaveBeenCalledWith(
      expect.stringMatching(/failed 10 times; giving up: .*550/),
      undefined,
      'MailDelivery',
    );

    // Never due again; the row stays for an operator to see (attempts, last_error).
    expect(await deliverDue(t)).toBe(0);
    expect(await state(t)).toEqual([
      { recipient: 'gone@example.se', attempts: 10, last_error: expect.stringMatching(/550/), due_in: null },
    ]);
  });

  it('tidying deletes per-address mail counts of windows past a day, and no other counter', async () => {
    await t.db.query(
      `INSERT INTO rate_limit_counters (key, window_start, count) VALUES
         ('mail|old@example.se', now() - interval '2 days', 5),
         ('mail|fresh@example.se', now() - interval '2 hours', 5),
         ('|203.0.113.7', now() - interval '2 days', 3)`,
    );
    await t.app.get(MailDelivery).tidy();
    const keys = await t.db.query<{ key: string }[]>(
      `SELECT key FROM rate_limit_counters WHERE key IN ('mail|old@example.se', 'mail|fresh@example.se', '|203.0.113.7') ORDER BY key`,
    );
    expect(keys.map((row) => row.key)).toEqual(['mail|fresh@example.se', '|203.0.113.7']);
  });

  it('a mail given up on is kept a week for an operator to see, then deleted (it may hold a code)', async () => {
    await enqueue(t, mail('week-old@example.se'), mail('day-old@example.se'));
    await t.db.query(
      `UPDATE outbox_mails SET attempts = 10, next_attempt_at = 'infinity', last_error = '550 no such user',
         created_at = now() - CASE recipient WHEN 'week-old@example.se' THEN interval '8 days' ELSE interval '1 day' END`,
    );
    await t.app.get(MailDelivery).tidy();
    expect((await state(t)).map((row) => row.recipient)).toEqual(['day-old@example.se']);
    expect(smtp.received).toEqual([]);
  });

  it('two instances on one database send each of 100 mails exactly once', async () => {
    const slow = await TestSmtpServer.start({ login: LOGIN, delayMs: 5 });
    const env = { ...QUIET, MAIL_TRANSPORT: 'smtp', SMTP_URL: slow.url(LOGIN) };
    const a = await startTestApp(env, t.database);
    const b = await startTestApp(env, t.database);
    try {
      const recipients = Array.from({ length: 100 }, (_, i) => `n${String(i).padStart(3, '0')}@example.se`);
      await enqueue(t, ...recipients.map((recipient) => mail(recipient)));

      // Both instances run rounds side by side, two at a time each, until neither finds anything.
      const sentBy = { a: 0, b: 0 };
      for (let busy = true; busy;) {
        const [a1, a2, b1, b2] = await Promise.all([deliverDue(a), deliverDue(a), deliverDue(b), deliverDue(b)]);
        sentBy.a += a1 + a2;
        sentBy.b += b1 + b2;
        busy = a1 + a2 + b1 + b2 > 0;
      }

      expect(sentBy.a + sentBy.b).toBe(100);
      expect(sentBy.a).toBeGreaterThan(0);
      expect(sentBy.b).toBeGreaterThan(0);
      expect(slow.received.map((m) => m.to).sort()).toEqual(recipients);
      expect(await outbox(t)).toEqual([]);
    } finally {
      await b.close();
      await a.close();
      await slow.stop();
    }
  });
});

describe('MAIL_TRANSPORT=smtp when the server fails', () => {
  const PASSWORD = 'wrong-secret-hunter2';
  let smtp: TestSmtpServer;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await TestSmtpServer.start({ login: LOGIN });
    t = await startTestApp({ ...QUIET, MAIL_TRANSPORT: 'smtp', SMTP_URL: smtp.url({ ...LOGIN, password: PASSWORD }) });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });
  beforeEach(() => t.db.query(`DELETE FROM outbox_mails`));

  it('a refused login: nothing thrown, every mail retried later, and the password in no error or log', async () => {
    const logged = [
      jest.spyOn(PinoNestLogger.prototype, 'warn'),
      jest.spyOn(PinoNestLogger.prototype, 'error'),
      jest.spyOn(PinoNestLogger.prototype, 'log'),
    ];
    await enqueue(t, mail('a@example.se'), mail('b@example.se'));

    await expect(deliverDue(t)).resolves.toBe(0);

    const rows = await state(t);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatchObject({ attempts: 1, last_error: expect.stringMatching(/EAUTH.*535/) });
      expect(row.due_in).toBeGreaterThan(60);
      expect(row.last_error).not.toContain(PASSWORD);
    }
    const lines = JSON.stringify(logged.flatMap((spy) => spy.mock.calls));
    expect(lines).toContain('EAUTH');
    expect(lines).not.toContain(PASSWORD);
    expect(smtp.received).toEqual([]);
  });

  it('a server that is gone: nothing thrown, the connection error kept, the mails retried later', async () => {
    await smtp.stop();
    await enqueue(t, mail('a@example.se'), mail('b@example.se'));

    await expect(deliverDue(t)).resolves.toBe(0);
    await expect(t.app.get(MailDelivery).tick()).resolves.toBeUndefined();

    const rows = await state(t);
    expect(rows.map((row) => [row.attempts, row.last_error])).toEqual([
      [1, expect.stringMatching(/ECONNREFUSED/)],
      [1, expect.stringMatching(/ECONNREFUSED/)],
    ]);
    expect(rows.every((row) => row.due_in! > 60)).toBe(true);
  });
});

describe('MAIL_TRANSPORT=smtp, the timer', () => {
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
  });
  afterAll(() => smtp?.stop());

  it('sends queued mails within MAIL_POLL_INTERVAL_MS by itself', async () => {
    smtp.received.length = 0;
    const t = await startTestApp({ MAIL_TRANSPORT: 'smtp', SMTP_URL: smtp.url(), MAIL_POLL_INTERVAL_MS: '100' });
    try {
      await enqueue(t, mail('timer@example.se'));
      for (let i = 0; i < 100 && (await outbox(t)).length > 0; i += 1) await new Promise((r) => setTimeout(r, 50));
      expect(await outbox(t)).toEqual([]);
      expect(smtp.received.map((m) => m.to)).toEqual(['timer@example.se']);
    } finally {
      await t.close();
    }
  });

  it('tidies with its first round, then not again within the hour', async () => {
    const t = await startTestApp({ MAIL_TRANSPORT: 'smtp', SMTP_URL: smtp.url(), MAIL_POLL_INTERVAL_MS: '60000' });
    const tidy = jest.spyOn(t.app.get(MailDelivery), 'tidy');
    try {
      await t.db.query(
        `INSERT INTO rate_limit_counters (key, window_start, count) VALUES ('mail|stale@example.se', now() - interval '2 days', 1)`,
      );
      const delivery = t.app.get(MailDelivery);
      await delivery.tick();
      await delivery.tick();
      expect(tidy).toHaveBeenCalledTimes(1);
      expect(await t.db.query(`SELECT 1 FROM rate_limit_counters WHERE key = 'mail|stale@example.se'`)).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('closing the app ends a round in flight after the mail being sent; the rest are handed back untouched', async () => {
    const slow = await TestSmtpServer.start({ delayMs: 300 });
    const failures = [jest.spyOn(PinoNestLogger.prototype, 'error'), jest.spyOn(PinoNestLogger.prototype, 'warn')];
    const owner = await startTestApp(QUIET);
    const sender = await startTestApp({ ...QUIET, MAIL_TRANSPORT: 'smtp', SMTP_URL: slow.url() }, owner.database);
    try {
      await enqueue(owner, mail('c1@example.se'), mail('c2@example.se'), mail('c3@example.se'));
      const round = sender.app.get(MailDelivery).tick();
      await new Promise((r) => setTimeout(r, 100)); // the first mail is on its way
      await sender.close();
      await round;

      // Sent mails are gone, the others due again at once with no attempt counted: nothing lost or doubled.
      const left = await state(owner);
      expect(slow.received.length + left.length).toBe(3);
      expect(left.length).toBeGreaterThanOrEqual(2);
      for (const row of left) expect(row).toMatchObject({ attempts: 0, last_error: null });
      expect(left.every((row) => row.due_in! <= 0)).toBe(true);
      // Had the pool closed under the round, recording it would have failed, and been logged.
      expect(failures.flatMap((spy) => spy.mock.calls).filter((call) => call.at(-1) === 'MailDelivery')).toEqual([]);
    } finally {
      await owner.close();
      await slow.stop();
    }
  });

  it('a round during a database outage logs the failure and rejects nothing; the next round after it sends', async () => {
    const errors = jest.spyOn(PinoNestLogger.prototype, 'error');
    const database = await createTestDatabase();
    const proxy = await TcpProxy.start(database.url);
    const env = { ...QUIET, MAIL_TRANSPORT: 'smtp', SMTP_URL: smtp.url() };
    const t = await startTestApp(env, { url: proxy.url(database.url), drop: () => Promise.resolve() });
    try {
      await enqueue(t, mail('after-outage@example.se'));
      await proxy.cut('refuse');
      await expect(t.app.get(MailDelivery).tick()).resolves.toBeUndefined();
      expect(errors).toHaveBeenCalledWith(
        expect.stringMatching(/^Mail delivery round failed: /),
        undefined,
        'MailDelivery',
      );
      await proxy.restore();
      await expect(t.app.get(MailDelivery).tick()).resolves.toBeUndefined();
      expect(smtp.received.map((m) => m.to)).toContain('after-outage@example.se');
    } finally {
      await t.close();
      await proxy.close();
      await database.drop();
    }
  });
});

describe('MAIL_TRANSPORT=log', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ ...QUIET, MAIL_TRANSPORT: 'log' });
  });
  afterAll(() => t?.close());

  it('writes recipient, subject and body (the code a developer needs) to the application log, and deletes the mail', async () => {
    const info = jest.spyOn(t.app.getHttpAdapter().getInstance().log, 'info');
    const code = 'x'.repeat(43);
    await enqueue(t, mail('Dev@Example.se', { template: 'registration.confirm', body: `Hej!\n\nCode: ${code}\n` }));

    expect(await deliverDue(t)).toBe(1);

    expect(info).toHaveBeenCalledWith(
      {
        context: 'Mail',
        to: 'dev@example.se',
        template: 'registration.confirm',
        subject: 'A mail for Dev@Example.se',
        body: `Hej!\n\nCode: ${code}\n`,
      },
      'Mail to dev@example.se: "A mail for Dev@Example.se" (MAIL_TRANSPORT=log: logged, not sent)',
    );
    expect(await outbox(t)).toEqual([]);
  });
});

describe('MAIL_TRANSPORT=none (the test default)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('leaves every mail in the outbox for the tests to read', async () => {
    expect(t.config.mail.transport).toBe('none');
    await enqueue(t, mail('kept@example.se'));
    expect(await deliverDue(t)).toBe(0);
    expect(await state(t)).toEqual([
      { recipient: 'kept@example.se', attempts: 0, last_error: null, due_in: expect.any(Number) },
    ]);
  });
});
