import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { isCityStaffOf } from '../common/access-policy';
import type { AuthUser } from '../common/auth.decorators';
import { Conflict, Forbidden, NotFound } from '../common/errors';
import { NotificationsService } from '../notifications/notifications.service';
import { PartnersService } from '../partners/partners.service';
import { ConsortiumPartnerDto, ProposalDto } from './dto/proposal.dto';
import { isEditable } from './proposal-state';
import { consortiumPartnerView, fullView } from './proposal-views';
import { ProposalsRepository } from './proposals.repository';

/**
 * The consortium of a proposal (docs/product.md §3.3.1): partner organisations are invited (their
 * owners notified) and an owner of each confirms or declines. Its own unit, beside the proposal
 * lifecycle in ProposalsService.
 */
@Injectable()
export class ConsortiumService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly proposals: ProposalsRepository,
    private readonly organizations: PartnersService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /** An owner of an invited organisation accepts its place in the consortium. */
  async confirmPartner(actor: AuthUser, id: string, organizationId: string): Promise<ProposalDto> {
    return (await this.answerInvitation(actor, id, organizationId, 'confirm'))!;
  }

  /**
   * An owner of an invited organisation refuses; the organisation leaves the consortium (and,
   * unless they belong to another organisation of it, its members stop seeing the proposal:
   * hence no body in the answer).
   */
  async declinePartner(actor: AuthUser, id: string, organizationId: string): Promise<void> {
    await this.answerInvitation(actor, id, organizationId, 'decline');
  }

  private answerInvitation(
    actor: AuthUser,
    id: string,
    organizationId: string,
    answer: 'confirm' | 'decline',
  ): Promise<ProposalDto | undefined> {
    return this.db.transaction(async (manager) => {
      const row = await this.proposals.findVisible(manager, actor, id, true);
      if (!row) throw new NotFound('No such proposal.');
      // A reader who sees the proposal only as its evaluator owns none of its organisations: refused
      // before the invitation is looked up, or 403-vs-404 would tell a blind evaluator the consortium.
      if (!row.in_consortium && !isCityStaffOf(actor, row.challenge_department_id)) {
        throw new Forbidden('Only an owner of the partner organisation may answer for it.');
      }
      const invitation = await this.proposals.lockPartner(manager, id, organizationId);
      if (!invitation) throw new NotFound('That organisation is not a partner of this proposal.');
      if ((await this.organizations.roleOf(manager, organizationId, actor.id)) !== 'owner') {
        throw new Forbidden('Only an owner of the partner organisation may answer for it.');
      }
      if (!isEditable(row.status)) throw new Conflict(`The consortium of a ${row.status} proposal is fixed.`);
      if (answer === 'confirm') {
        if (invitation.status === 'confirmed') throw new Conflict('The organisation has already confirmed.');
        await this.proposals.confirmPartner(manager, id, organizationId, actor.id);
      } else {
        await this.proposals.removePartner(manager, id, organizationId);
      }
      await this.audit.record(manager, {
        actorId: actor.id,
        action: answer === 'confirm' ? 'proposal.partner-confirmed' : 'proposal.partner-declined',
        entityType: 'proposal',
        entityId: id,
        before: { organizationId, status: invitation.status },
        after: answer === 'confirm' ? { organizationId, status: 'confirmed' } : null,
      });
      return answer === 'confirm' ? fullView(row, await this.partners(manager, id)) : undefined;
    });
  }

  async partners(manager: EntityManager, id: string): Promise<ConsortiumPartnerDto[]> {
    return (await this.proposals.consortium(manager, id)).map(consortiumPartnerView);
  }

  /** Invites organisations to the consortium; the owners of each newly invited one are notified. */
  async invite(
    manager: EntityManager,
    actor: AuthUser,
    proposal: { id: string; title: string },
    organizationIds: readonly string[],
  ): Promise<void> {
    if (organizationIds.length === 0) return;
    const invited = await this.proposals.invitePartners(manager, proposal.id, organizationIds);
    if (invited.length === 0) return;
    await this.notifications.notify(
      manager,
      invited.map((organizationId) => ({ organizationOwners: organizationId })),
      {
        kind: 'consortium.invited',
        entityType: 'proposal',
        entityId: proposal.id,
        message: `Your organisation is invited to the consortium of the proposal "${proposal.title}". Confirm or decline.`,
        data: { title: proposal.title },
      },
      actor.id,
    );
  }
}
