import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config';
import type { AppConfig } from '../config/config';
import type { NewMail } from './mail-outbox';
import { failureText, retryDelayMinutes } from './mail-retry';
import { MAIL_TRANSPORT } from './mail-transport';
import type { MailTransport } from './mail-transport';

/** Mails claimed per round. */
const BATCH_SIZE = 20;
/**
 * How long a claimed mail is hidden from every other round. A round starts no send after
 * `ROUND_BUDGET_MS` and every send is bounded by the transport's timeouts, so a lease only runs
 * out when its process died mid-round: the mail is then sent again (at least once, never lost).
 */
const LEASE_MINUTES = 10;
const ROUND_BUDGET_MS = 2 * 60_000;
const GIVEN_UP_KEPT_DAYS = 7;
/** `tidy` runs with the first round and then once an hour, not with every poll. */
const TIDY_EVERY_MS = 60 * 60_000;

interface ClaimedMail extends NewMail {
  id: string;
  /** Including the attempt just claimed. */
  attempts: number;
}

/**
 * Sends what `MailOutbox` queued, every MAIL_POLL_INTERVAL_MS, on every instance. A round claims
 * up to 20 due mails in one statement (`FOR UPDATE SKIP LOCKED`, then a lease), so two instances
 * never take the same mail, and sends them outside any transaction: on the embedded database an
 * open transaction holds the one backend session every request needs, and an SMTP server may take
 * seconds. A sent mail is deleted; a failed one is retried with backoff (see `mail-retry.ts`).
 * Failures are logged, never thrown into the process.
 */
@Injectable()
export class MailDelivery implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(MailDelivery.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;
  private tidiedAt = -Infinity;

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport | null,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.transport) return;
    this.timer = setInterval(() => void this.tick(), this.config.mail.pollIntervalMs);
    this.timer.unref();
  }

  /**
   * Before the database pool closes (in onApplicationShutdown): a round in flight finishes the mail
   * it is sending, hands back the rest, and records what it did.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** One round of the timer; skipped while the previous one is still going. Never rejects. */
  tick(): Promise<void> {
    this.running ??= this.round()
      .then((sent) => {
        if (sent > 0) this.log.log(`Delivered ${sent} mail(s)`);
      })
      .catch((error: unknown) => this.log.error(`Mail delivery round failed: ${failureText(error)}`))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async round(): Promise<number> {
    if (Date.now() - this.tidiedAt >= TIDY_EVERY_MS) {
      await this.tidy();
      this.tidiedAt = Date.now();
    }
    return this.deliverDue();
  }

  /**
   * Deletes what the outbox keeps no longer. Mails given up on are kept a week for inspection
   * (last_error), then go: they may hold codes. Per-address mail counts (MailOutbox) of windows
   * long past go too; on the embedded database nothing else prunes rate_limit_counters.
   */
  async tidy(): Promise<void> {
    await this.db.query(
      `DELETE FROM outbox_mails WHERE next_attempt_at = 'infinity' AND created_at < now() - make_interval(days => $1)`,
      [GIVEN_UP_KEPT_DAYS],
    );
    await this.db.query(
      `DELETE FROM rate_limit_counters WHERE (key LIKE 'mail|%' OR key LIKE 'mail-ip|%') AND window_start < now() - interval '1 day'`,
    );
  }

  /**
   * One round: claims the due mails, sends them, deletes the sent ones and schedules the failed
   * ones. Resolves to the number sent; rejects only when the database fails.
   */
  async deliverDue(): Promise<number> {
    const transport = this.transport;
    if (!transport) return 0;
    const started = Date.now();
    const claimed = await this.claim();
    let sent = 0;
    for (const [index, mail] of claimed.entries()) {
      if (this.stopping || Date.now() - started > ROUND_BUDGET_MS) {
        await this.release(claimed.slice(index));
        break;
      }
      if (await this.deliver(transport, mail)) sent += 1;
    }
    return sent;
  }

  private claim(): Promise<ClaimedMail[]> {
    return this.db.query<ClaimedMail[]>(
      `WITH due AS (
         SELECT id, next_attempt_at FROM outbox_mails WHERE next_attempt_at <= now()
         ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE outbox_mails AS mail
         SET attempts = mail.attempts + 1, next_attempt_at = now() + make_interval(mins => $2)
         FROM due WHERE mail.id = due.id
         RETURNING mail.id, mail.recipient, mail.template, mail.subject, mail.body, mail.attempts, due.next_attempt_at AS due_at
       )
       SELECT id, recipient, template, subject, body, attempts FROM claimed ORDER BY due_at, id`,
      [BATCH_SIZE, LEASE_MINUTES],
    );
  }

  /** Mails claimed but not attempted (out of time, or shutting down): due again at once, the attempt not counted. */
  private async release(mails: ClaimedMail[]): Promise<void> {
    await this.db.query(
      `UPDATE outbox_mails SET attempts = attempts - 1, next_attempt_at = now() WHERE id = ANY($1::uuid[])`,
      [mails.map((mail) => mail.id)],
    );
  }

  private async deliver(transport: MailTransport, mail: ClaimedMail): Promise<boolean> {
    try {
      await transport.send(mail);
    } catch (error) {
      await this.scheduleRetry(mail, failureText(error));
      return false;
    }
    await this.db.query(`DELETE FROM outbox_mails WHERE id = $1`, [mail.id]);
    return true;
  }

  private async scheduleRetry(mail: ClaimedMail, error: string): Promise<void> {
    const delay = retryDelayMinutes(mail.attempts);
    await this.db.query(
      `UPDATE outbox_mails SET last_error = $2,
         next_attempt_at = CASE WHEN $3::int IS NULL THEN 'infinity'::timestamptz ELSE now() + make_interval(mins => $3::int) END
       WHERE id = $1`,
      [mail.id, error, delay],
    );
    const which = `Mail ${mail.id} (${mail.template})`;
    if (delay === null) this.log.error(`${which} failed ${mail.attempts} times; giving up: ${error}`);
    else this.log.warn(`${which} failed (attempt ${mail.attempts}); next attempt in ${delay} min: ${error}`);
  }
}
