import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config';
import type { AppConfig } from '../config/config';
import { EventsService } from './events.service';

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
    private readonly events: EventsService,
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
    this.running ??= this.events
      .sendDueReminders()
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
}
