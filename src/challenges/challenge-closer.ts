import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config';
import type { AppConfig } from '../config/config';
import { ChallengesService } from './challenges.service';

/**
 * Closes published challenges whose deadline has passed, every CHALLENGE_CLOSE_INTERVAL_SECONDS
 * (at most 60, so within a minute). Proposals are refused after the deadline regardless, so a
 * late or failed run only delays the status, never lets a late proposal in.
 */
@Injectable()
export class ChallengeCloser implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(ChallengeCloser.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly challenges: ChallengesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.challengeCloseIntervalSeconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One run; skipped while the previous one is still going. */
  tick(): Promise<void> {
    this.running ??= this.challenges
      .closeExpired()
      .then((ids) => {
        if (ids.length > 0) this.log.log(`Closed ${ids.length} challenge(s) past their deadline`);
      })
      .catch((error: unknown) => this.log.error(`Closing expired challenges failed: ${String(error)}`))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }
}
