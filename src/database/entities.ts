import { AuditEvent } from '../audit/audit-event.entity';
import { AccountCode } from '../auth/account-code.entity';
import { Challenge } from '../challenges/challenge.entity';
import { Assignment } from '../evaluation/assignment.entity';
import { Event } from '../events/event.entity';
import { EventRegistration } from '../events/event-registration.entity';
import { Room } from '../events/room.entity';
import { Review } from '../evaluation/review.entity';
import { LoginFailure } from '../auth/login-failure.entity';
import { PendingRegistration } from '../auth/pending-registration.entity';
import { RateLimitCounter } from '../auth/rate-limit-counter.entity';
import { OutboxMail } from '../mail/outbox-mail.entity';
import { Notification } from '../notifications/notification.entity';
import { Membership } from '../partners/membership.entity';
import { OrganizationInvitation } from '../partners/organization-invitation.entity';
import { Organization } from '../partners/organization.entity';
import { EffectGoal } from '../pilots/effect-goal.entity';
import { GateDecision } from '../pilots/gate-decision.entity';
import { Measurement } from '../pilots/measurement.entity';
import { Pilot } from '../pilots/pilot.entity';
import { ProposalPartner } from '../proposals/proposal-partner.entity';
import { Proposal } from '../proposals/proposal.entity';
import { Department } from '../users/department.entity';
import { User } from '../users/user.entity';
import { WelfareArea } from '../users/welfare-area.entity';

/** Every entity, listed explicitly: no globbing, so the test runner and `dist/` agree. */
export const ENTITIES = [
  AccountCode,
  Assignment,
  AuditEvent,
  Challenge,
  Department,
  EffectGoal,
  Event,
  EventRegistration,
  GateDecision,
  LoginFailure,
  Measurement,
  Membership,
  Notification,
  Organization,
  OrganizationInvitation,
  OutboxMail,
  PendingRegistration,
  Pilot,
  Proposal,
  ProposalPartner,
  RateLimitCounter,
  Review,
  Room,
  User,
  WelfareArea,
];
