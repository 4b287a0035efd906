import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth.decorators';
import { APP_CONFIG } from '../config/config';
import type { AppConfig } from '../config/config';
import { MailOutbox } from '../mail/mail-outbox';
import { NotificationsService } from '../notifications/notifications.service';
import { cancelledMail, changedMail, MailEvent, promotedMail } from './event-mails';
import { materialChanges } from './event-rules';
import { placeText } from './event-views';
import { EventRow, EventsRepository, RecipientRow } from './events.repository';

const mailEvent = (r: EventRow): MailEvent => ({
  id: r.id,
  title: r.title_sv,
  startsAt: r.starts_at,
  place: placeText(r),
});

const placeAndTime = (r: EventRow) => ({
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  placeKind: r.place_kind,
  roomId: r.room_id,
  address: r.address,
  onlineUrl: r.online_url,
});

/**
 * What the people registered for an event are told, in the app and by mail, in the caller's
 * transaction: a cancellation, a move in time or place, a place that became free.
 */
@Injectable()
export class EventNotices {
  constructor(
    private readonly events: EventsRepository,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly mail: MailOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Everyone registered or waiting is told the event is cancelled. */
  async cancelled(manager: EntityManager, actor: AuthUser, event: EventRow): Promise<void> {
    const recipients = await this.events.recipients(manager, event.id);
    await this.notifications.notify(
      manager,
      { users: recipients.map((r) => r.user_id) },
      {
        kind: 'event.cancelled',
        entityType: 'event',
        entityId: event.id,
        message: `"${event.title_sv}" has been cancelled.`,
        data: { title: event.title_sv },
      },
      actor.id,
    );
    for (const r of recipients) {
      await this.mail.enqueue(manager, cancelledMail(r.email, mailEvent(event), this.config.publicUrl), {
        kind: 'user',
        id: actor.id,
      });
    }
  }

  /**
   * A published event moved in time or place: everyone registered or waiting is told in the app
   * and by mail (a new title or description troubles nobody).
   */
  async changed(manager: EntityManager, actor: AuthUser, before: EventRow, after: EventRow): Promise<void> {
    if (after.status !== 'published') return;
    const changes = materialChanges(placeAndTime(before), placeAndTime(after));
    if (changes.length === 0) return;
    const recipients = await this.events.recipients(manager, after.id);
    await this.notifications.notify(
      manager,
      { users: recipients.map((r) => r.user_id) },
      {
        kind: 'event.changed',
        entityType: 'event',
        entityId: after.id,
        message: `"${after.title_sv}" has changed (${changes.join(' and ')}).`,
        data: { title: after.title_sv },
      },
      actor.id,
    );
    for (const r of recipients) {
      await this.mail.enqueue(manager, changedMail(r.email, mailEvent(after), changes, this.config.publicUrl), {
        kind: 'user',
        id: actor.id,
      });
    }
  }

  /** Those moved up from the waiting list: audited, mailed and notified. */
  async promoted(
    manager: EntityManager,
    actor: AuthUser,
    event: EventRow,
    promoted: readonly RecipientRow[],
  ): Promise<void> {
    if (promoted.length === 0) return;
    for (const p of promoted) {
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'event.registration-promoted',
        entityType: 'event-registration',
        entityId: p.registration_id,
        before: { status: 'waiting' },
        after: { status: 'registered', eventId: event.id },
      });
      await this.mail.enqueue(manager, promotedMail(p.email, mailEvent(event), this.config.publicUrl), {
        kind: 'user',
        id: actor.id,
      });
    }
    await this.notifications.notify(
      manager,
      { users: promoted.map((p) => p.user_id) },
      {
        kind: 'event.promoted',
        entityType: 'event',
        entityId: event.id,
        message: `A place became free: you are now registered for "${event.title_sv}".`,
        data: { title: event.title_sv },
      },
    );
  }
}
