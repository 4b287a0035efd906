import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config';
import type { AppConfig } from '../config/config';
import { MailOutbox } from '../mail/mail-outbox';
import { reminderMail } from './event-mails';
import { placeText } from './event-views';
import { EventsRepository } from './events.repository';

/**
 * Mails the day-before reminders, every EVENT_REMINDER_INTERVAL_SECONDS. Every instance runs it;
 * the claim is a conditional UPDATE (see EventsRepository.claimDueReminders), so each registered
 * person is reminded exactly once however many instances run.
 */
@Injectable()
export class EventReminders implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(EventReminders.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventsRepository,
    private readonly mail: MailOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.eventReminderIntervalSeconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One run; skipped while the previous one is still going. Answers how many were mailed. */
  tick(): Promise<number> {
    this.running ??= this.sendDueReminders()
      .then((sent) => {
        if (sent > 0) this.log.log(`Mailed ${sent} event reminder(s)`);
        return sent;
      })
      .catch((error: unknown) => {
        this.log.error(`Event reminders failed: ${String(error)}`);
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /**
   * Mails the day-before reminders that are due. The rows are claimed (reminded_at) and the mails
   * queued in one transaction: a run that fails queues nothing and marks nothing; two instances
   * never claim the same person. Answers how many were sent.
   */
  private sendDueReminders(): Promise<number> {
    return this.db.transaction(async (manager) => {
      const due = await this.events.claimDueReminders(manager);
      for (const r of due) {
        const event = { id: r.event_id, title: r.title_sv, startsAt: r.starts_at, place: placeText(r) };
        await this.mail.enqueue(
          manager,
          reminderMail(r.email, { ...event, onlineUrl: r.online_url }, this.config.publicUrl),
          // The platform's own job: not charged to the organiser's share of mail to this person.
          { kind: 'system', job: 'event-reminders' },
        );
      }
      return due.length;
    });
  }
}
