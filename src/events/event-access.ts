import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth.decorators';
import { Conflict, Forbidden, NotFound, RuleViolation } from '../common/errors';
import { mayManage, maySeeParticipants, transition } from './event-rules';
import { EventRow, EventsRepository } from './events.repository';

/**
 * The 404 and 403 decisions the events services share: an invisible event is not found, a seen
 * one may still not be the caller's to manage, and a refused transition is a 409 or a 422.
 */

/** The event the caller may see (`lock`: FOR UPDATE, for a change); 404 otherwise. */
export async function visibleEvent(
  events: EventsRepository,
  manager: EntityManager,
  caller: AuthUser | undefined,
  id: string,
  lock = false,
): Promise<EventRow> {
  const row = await events.findVisible(manager, caller, id, lock);
  if (!row) throw new NotFound('No such event.');
  return row;
}

/** The event, locked, for a change by its organisers: 404 when invisible, 403 when seen but not organised. */
export async function managedEvent(
  events: EventsRepository,
  manager: EntityManager,
  actor: AuthUser,
  id: string,
): Promise<EventRow> {
  const row = await visibleEvent(events, manager, actor, id, true);
  if (!mayManage(actor, row.department_id)) {
    throw new Forbidden(
      row.department_id === null
        ? "The innovation centre's own events are managed by directors and admins."
        : "Only the organising department's staff and admins manage this event.",
    );
  }
  return row;
}

export function assertMaySeeParticipants(actor: AuthUser, event: EventRow): void {
  if (!maySeeParticipants(actor, event.department_id)) {
    throw new Forbidden(
      "Participant lists are for the organisers, the organising department's staff, directors and admins.",
    );
  }
}

/** A refused transition as its problem: 409 (the state forbids it) or 422 (a rule does). */
export function allow(outcome: ReturnType<typeof transition>): void {
  if (outcome.ok) return;
  throw outcome.status === 409 ? new Conflict(outcome.message) : new RuleViolation(outcome.message);
}
