import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ConflictsService } from '../evaluation/conflicts.service';
import type { AuthUser } from '../common/auth.decorators';
import { Conflict, NotFound } from '../common/errors';
import { toPage } from '../common/pagination';
import { PageQueryDto } from '../common/dto/page-query.dto';
import { MailOutbox } from '../mail/mail-outbox';
import { NotificationsService } from '../notifications/notifications.service';
import { AddMemberDto, InvitationPageDto, InvitationSentDto, OrganizationDto } from './dto/organization.dto';
import { INVITATION_DAYS, invitationMail } from './invitation-mails';
import { InvitationsRepository } from './invitations.repository';
import { invitationView } from './partner-views';
import { PartnersRepository } from './partners.repository';
import { PartnersService } from './partners.service';

/**
 * Organisation invitations (docs/product.md §3.2). An owner invites
 * an address; the person behind it becomes a member only by accepting, signed in with that
 * address. Inviting answers the same whether or not the address has an account.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly invitations: InvitationsRepository,
    private readonly memberships: PartnersRepository,
    private readonly partners: PartnersService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly mail: MailOutbox,
    private readonly conflicts: ConflictsService,
  ) {}

  /**
   * Owners invite an address (again: the newest role and expiry count). The address is mailed,
   * and its account, if any, notified; neither shows in the answer. A current member → 409: the
   * owner sees the member list anyway, so that says nothing new.
   */
  invite(actor: AuthUser, organizationId: string, dto: AddMemberDto): Promise<InvitationSentDto> {
    return this.db.transaction(async (manager) => {
      const organization = await this.partners.lockForOwner(manager, actor, organizationId);
      if (await this.memberships.isMemberByEmail(manager, organizationId, dto.email))
        throw new Conflict('That address belongs to a member already.');
      await this.invitations.purgeExpired(manager);
      const invitation = await this.invitations.upsert(manager, {
        organizationId,
        email: dto.email,
        role: dto.role,
        invitedBy: actor.id,
        days: INVITATION_DAYS,
      });
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'organization.member-invited',
        entityType: 'organization',
        entityId: organizationId,
        after: { email: dto.email, role: dto.role },
      });
      await this.notifications.notify(
        manager,
        { email: dto.email },
        {
          kind: 'organization.invited',
          entityType: 'invitation',
          entityId: invitation.id,
          message: `${invitation.inviter} invited you to join ${organization.name} as ${dto.role}.`,
          data: { title: organization.name, actorName: invitation.inviter, role: dto.role },
        },
      );
      await this.mail.enqueue(manager, invitationMail(dto.email, organization.name, invitation.inviter, dto.role), {
        kind: 'user',
        id: actor.id,
      });
      return { status: 'invited', email: dto.email, role: dto.role, expiresAt: invitation.expires_at };
    });
  }

  /**
   * Owners withdraw an invitation not yet answered (a wrong address, a changed mind); answers the
   * organisation. An invitation of another organisation, or an answered one, is 404.
   */
  revoke(actor: AuthUser, organizationId: string, id: string): Promise<OrganizationDto> {
    return this.db.transaction(async (manager) => {
      const organization = await this.partners.lockForOwner(manager, actor, organizationId);
      const invitation = await this.invitations.deleteOf(manager, organizationId, id);
      if (!invitation) throw new NotFound('No such invitation.');
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'organization.invitation-revoked',
        entityType: 'organization',
        entityId: organizationId,
        before: { email: invitation.email, role: invitation.role },
      });
      return this.partners.fullView(manager, organization, 'owner');
    });
  }

  /** Open invitations addressed to the caller's account, newest first. */
  async listMine(actor: AuthUser, query: PageQueryDto): Promise<InvitationPageDto> {
    const rows = await this.invitations.listFor(this.db.manager, actor.id, query);
    return toPage(rows, query.limit, (r) => [r.created_key, r.id], invitationView);
  }

  /**
   * The invited person joins with the invited role (audited as `organization.member-added`). An
   * evaluator assigned to a proposal of this organisation (or of a competitor it leads or partners
   * in) is recused from it in the same transaction: membership gained after assignment is jäv.
   */
  accept(actor: AuthUser, id: string): Promise<OrganizationDto> {
    return this.db.transaction(async (manager) => {
      const organizationId = await this.invitations.organizationOfMine(manager, id, actor.id);
      if (!organizationId) throw new NotFound('No such invitation.');
      // The organisation first, then the invitation: the order `invite` takes them in, so the two
      // never deadlock. Taking the invitation (DELETE) also settles two acceptances at once.
      const organization = await this.partners.lockOrganization(manager, organizationId);
      const invitation = await this.invitations.takeMine(manager, id, actor.id);
      if (!invitation) throw new NotFound('No such invitation.');
      if (!(await this.memberships.addMemberIfNew(manager, organization.id, actor.id, invitation.role)))
        throw new Conflict('You are a member of this organisation already.');
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'organization.member-added',
        entityType: 'organization',
        entityId: organization.id,
        after: { userId: actor.id, role: invitation.role, invitedBy: invitation.invited_by },
      });
      await this.conflicts.recuseConflicted(manager, actor.id, { evaluatorId: actor.id });
      return this.partners.fullView(manager, organization, invitation.role);
    });
  }

  /** The invited person says no; the invitation is gone (audited, so owners can see why). */
  decline(actor: AuthUser, id: string): Promise<void> {
    return this.db.transaction(async (manager) => {
      const invitation = await this.invitations.takeMine(manager, id, actor.id);
      if (!invitation) throw new NotFound('No such invitation.');
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'organization.invitation-declined',
        entityType: 'organization',
        entityId: invitation.organization_id,
        before: { email: invitation.email, role: invitation.role },
      });
    });
  }
}
