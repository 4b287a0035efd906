import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ConflictsService } from '../evaluation/conflicts.service';
import type { AuthUser } from '../common/auth.decorators';
import { Conflict, NotFound } from '../common/errors';
import { createdAtKey, toPage } from '../common/pagination';
import { PageQueryDto } from '../common/dto/page-query.dto';
import { SqlFilter } from '../common/sql-filter';
import { MailOutbox } from '../mail/mail-outbox';
import { NotificationsService } from '../notifications/notifications.service';
import {
  AddMemberDto,
  InvitationDto,
  InvitationPageDto,
  InvitationSentDto,
  OrganizationDto,
} from './dto/organization.dto';
import { INVITATION_DAYS, invitationMail } from './invitation-mails';
import type { MemberRole } from './membership.entity';
import type { OrganizationKind } from './org-number';
import { PartnersService } from './partners.service';

interface InvitationRow {
  id: string;
  organization_id: string;
  name: string;
  kind: OrganizationKind;
  website: string | null;
  description: string | null;
  role: MemberRole;
  invited_by: string;
  created_at: Date;
  expires_at: Date;
  created_key: string;
}

/** Open invitations (alias `i`) addressed to the account whose id is the parameter `user`. */
const addressedTo = (user: string): string =>
  `i.email = (SELECT email FROM users WHERE id = ${user}) AND i.expires_at > now()`;

/** The caller's open invitation `$1`, if it is addressed to the caller's account `$2`. */
const MINE = `i.id = $1 AND ${addressedTo('$2')}`;

/**
 * Organisation invitations (docs/product.md §3.2). An owner invites
 * an address; the person behind it becomes a member only by accepting, signed in with that
 * address. Inviting answers the same whether or not the address has an account.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
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
      const [member] = await manager.query<unknown[]>(
        `SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organization_id = $1 AND u.email = $2`,
        [organizationId, dto.email],
      );
      if (member) throw new Conflict('That address belongs to a member already.');
      // Expired invitations go, of every organisation: an address nobody answered is kept no longer.
      await manager.query(`DELETE FROM organization_invitations WHERE expires_at <= now()`);
      const [invitation] = await manager.query<{ id: string; expires_at: Date; inviter: string }[]>(
        `INSERT INTO organization_invitations (organization_id, email, role, invited_by, expires_at)
         VALUES ($1, $2, $3, $4, now() + make_interval(days => $5))
         ON CONFLICT (organization_id, email) DO UPDATE SET role = excluded.role, invited_by = excluded.invited_by,
           expires_at = excluded.expires_at, created_at = now()
         RETURNING id, expires_at, (SELECT name FROM users WHERE id = $4) AS inviter`,
        [organizationId, dto.email, dto.role, actor.id, INVITATION_DAYS],
      );
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
      const [deleted] = await manager.query<[{ email: string; role: MemberRole }[], number]>(
        `DELETE FROM organization_invitations WHERE id = $1 AND organization_id = $2 RETURNING email, role`,
        [id, organizationId],
      );
      const invitation = deleted[0];
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
    const filter = new SqlFilter({ sql: addressedTo('$1'), params: [actor.id] });
    filter.after(query.cursor, 'i');
    const limit = filter.limit(query.limit);
    const rows = await this.db.query<InvitationRow[]>(
      `SELECT i.id, i.organization_id, o.name, o.kind, o.website, o.description, i.role,
              u.name AS invited_by, i.created_at, i.expires_at, ${createdAtKey('i')} AS created_key
       FROM organization_invitations i
       JOIN organizations o ON o.id = i.organization_id
       JOIN users u ON u.id = i.invited_by
       WHERE ${filter.where} ORDER BY i.created_at DESC, i.id DESC LIMIT ${limit}`,
      filter.params,
    );
    return toPage(rows, query.limit, (r) => [r.created_key, r.id], view);
  }

  /**
   * The invited person joins with the invited role (audited as `organization.member-added`). An
   * evaluator assigned to a proposal of this organisation (or of a competitor it leads or partners
   * in) is recused from it in the same transaction: membership gained after assignment is jäv.
   */
  accept(actor: AuthUser, id: string): Promise<OrganizationDto> {
    return this.db.transaction(async (manager) => {
      const [found] = await manager.query<{ organization_id: string }[]>(
        `SELECT i.organization_id FROM organization_invitations i WHERE ${MINE}`,
        [id, actor.id],
      );
      if (!found) throw new NotFound('No such invitation.');
      // The organisation first, then the invitation: the order `invite` takes them in, so the two
      // never deadlock. Taking the invitation (DELETE) also settles two acceptances at once.
      const organization = await this.partners.lockOrganization(manager, found.organization_id);
      const [deleted] = await manager.query<[{ role: MemberRole; invited_by: string }[], number]>(
        `DELETE FROM organization_invitations i WHERE ${MINE} RETURNING i.role, i.invited_by`,
        [id, actor.id],
      );
      const invitation = deleted[0];
      if (!invitation) throw new NotFound('No such invitation.');
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO memberships (organization_id, user_id, role) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING user_id`,
        [organization.id, actor.id, invitation.role],
      );
      if (inserted.length === 0) throw new Conflict('You are a member of this organisation already.');
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
      const [deleted] = await manager.query<[{ organization_id: string; role: MemberRole; email: string }[], number]>(
        `DELETE FROM organization_invitations i WHERE ${MINE} RETURNING i.organization_id, i.role, i.email`,
        [id, actor.id],
      );
      const invitation = deleted[0];
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

const view = (r: InvitationRow): InvitationDto => ({
  id: r.id,
  organization: { id: r.organization_id, name: r.name, kind: r.kind, website: r.website, description: r.description },
  role: r.role,
  invitedBy: r.invited_by,
  invitedAt: r.created_at,
  expiresAt: r.expires_at,
});
