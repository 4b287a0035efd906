import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { acceptsProposals } from '../challenges/challenge-state';
import { ChallengesService } from '../challenges/challenges.service';
import type { ProposalTerms } from '../challenges/challenges.service';
import { isCityStaffOf } from '../common/access-policy';
import type { AuthUser } from '../common/auth.decorators';
import { Conflict, Forbidden, NotFound, RuleViolation } from '../common/errors';
import type { FieldError } from '../common/errors';
import { changes } from '../common/changes';
import { toPage } from '../common/pagination';
import { ConflictsService } from '../evaluation/conflicts.service';
import { NotificationsService } from '../notifications/notifications.service';
import { PartnersService } from '../partners/partners.service';
import { auditView, blindView, fullView, summaryView } from './proposal-views';
import type { ProposalRow } from './proposal-views';
import { ConsortiumService } from './consortium.service';
import { CONTENT_COLUMNS, ProposalsRepository } from './proposals.repository';
import type { ContentField } from './proposals.repository';
import {
  BlindProposalDto,
  CreateProposalDto,
  ListProposalsQueryDto,
  ProposalDto,
  ProposalHistoryDto,
  ProposalPageDto,
  UpdateProposalDto,
} from './dto/proposal.dto';
import { historyOrganizationIds, proposalHistory } from './proposal-history';
import { budgetProblem, consortiumProblem, isEditable, nextProposalStatus, submissionProblems } from './proposal-state';
import type { ProposalAction, ProposalStatus } from './proposal-state';

/** What the evaluation feature reads of a proposal. */
export interface ProposalFacts {
  id: string;
  title: string;
  status: ProposalStatus;
  challengeId: string;
  departmentId: string;
  blindReview: boolean;
  leadOrganizationId: string;
  /** The lead and every partner organisation, invited or confirmed: the consortium, for conflicts of interest. */
  organizationIds: string[];
}

const PAST_TENSE: Record<ProposalAction, string> = { submit: 'submitted', withdraw: 'withdrawn' };

@Injectable()
export class ProposalsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly proposals: ProposalsRepository,
    private readonly audit: AuditService,
    private readonly challenges: ChallengesService,
    private readonly partners: PartnersService,
    private readonly notifications: NotificationsService,
    private readonly conflicts: ConflictsService,
    private readonly consortia: ConsortiumService,
  ) {}

  /** A draft on a published challenge, led by an organisation the caller is a member of. */
  create(actor: AuthUser, challengeId: string, dto: CreateProposalDto): Promise<ProposalDto> {
    return this.db.transaction(async (manager) => {
      const terms = await this.challenges.proposalTerms(manager, actor, challengeId);
      const partnerIds = dto.partnerOrganizationIds ?? [];
      // Who may propose is settled before anything about the consortium is said.
      await this.assertOrganizations(manager, dto.leadOrganizationId, []);
      if (!(await this.partners.roleOf(manager, dto.leadOrganizationId, actor.id))) {
        throw new Forbidden('Only members of the lead organisation may propose on its behalf.');
      }
      await this.assertOrganizations(manager, dto.leadOrganizationId, partnerIds);
      if (!acceptsProposals(terms, new Date())) {
        const message = `The challenge does not accept proposals: it is ${terms.status === 'published' ? 'past its deadline' : terms.status}.`;
        throw new RuleViolation(message, [{ field: 'challenge', message }]);
      }
      const problems = [
        budgetProblem(dto.requestedBudgetSek, terms.budgetSek),
        consortiumProblem(dto.leadOrganizationId, partnerIds),
      ].filter((p): p is FieldError => p !== null);
      if (problems.length > 0) throw RuleViolation.of(problems);

      const id = await this.proposals.insert(manager, actor.id, challengeId, dto);
      await this.consortia.invite(manager, actor, { id, title: dto.title }, partnerIds);
      const proposal = await this.view(manager, actor, id);
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'proposal.created',
        entityType: 'proposal',
        entityId: id,
        after: auditView(proposal),
      });
      return proposal;
    });
  }

  /** 404 unless the caller may see it; an evaluator of a blind-review challenge gets the blind view. */
  async get(actor: AuthUser, id: string): Promise<ProposalDto | BlindProposalDto> {
    const row = await this.visibleRow(this.db.manager, actor, id);
    return this.present(this.db.manager, actor, row);
  }

  /** One statement whatever the page size (the visibility is `ProposalsRepository.list`'s). */
  async list(actor: AuthUser, query: ListProposalsQueryDto): Promise<ProposalPageDto> {
    const rows = await this.proposals.list(this.db.manager, actor, query);
    return toPage(rows, query.limit, (r) => [r.created_key, r.id], summaryView);
  }

  /**
   * The proposal's timeline for its consortium and the city staff of its challenge; a reader who
   * sees it only as an assigned evaluator gets 403 (the timeline names organisations, which a
   * blind review hides). Invisible: 404.
   */
  async history(actor: AuthUser, id: string): Promise<ProposalHistoryDto> {
    const row = await this.visibleRow(this.db.manager, actor, id);
    if (!row.in_consortium && !isCityStaffOf(actor, row.challenge_department_id)) {
      throw new Forbidden('Only the consortium and the city staff of the challenge may read its timeline.');
    }
    const events = await this.proposals.auditEvents(this.db.manager, id);
    const names = await this.partners.namesOf(this.db.manager, historyOrganizationIds(events));
    return { items: proposalHistory(events, (organizationId) => names.get(organizationId) ?? '') };
  }

  /** Content and consortium, only while a draft, only by lead-organisation members. */
  update(actor: AuthUser, id: string, dto: UpdateProposalDto): Promise<ProposalDto> {
    return this.db.transaction(async (manager) => {
      const row = await this.lockForLead(manager, actor, id);
      if (!isEditable(row.status)) {
        throw new Conflict(`A ${row.status} proposal is frozen: its content can no longer change.`);
      }
      const terms = await this.challenges.proposalTerms(manager, actor, row.challenge_id);
      const problems: (FieldError | null)[] = [];
      if (dto.requestedBudgetSek !== undefined) problems.push(budgetProblem(dto.requestedBudgetSek, terms.budgetSek));
      if (dto.partnerOrganizationIds !== undefined) {
        await this.assertOrganizations(manager, row.lead_organization_id, dto.partnerOrganizationIds);
        problems.push(consortiumProblem(row.lead_organization_id, dto.partnerOrganizationIds));
      }
      const refused = problems.filter((p): p is FieldError => p !== null);
      if (refused.length > 0) throw RuleViolation.of(refused);

      const partners = await this.consortia.partners(manager, id);
      const before = auditView(fullView(row, partners));
      const fields = (Object.keys(CONTENT_COLUMNS) as ContentField[]).filter(
        (f) => dto[f] !== undefined && dto[f] !== row[CONTENT_COLUMNS[f]],
      );
      const current = partners.map((p) => p.organization.id).sort();
      const wanted = dto.partnerOrganizationIds ? [...dto.partnerOrganizationIds].sort() : current;
      const consortiumChanges = JSON.stringify(current) !== JSON.stringify(wanted);
      if (fields.length === 0 && !consortiumChanges) return fullView(row, partners);

      await this.proposals.updateContent(manager, id, fields, dto);
      if (consortiumChanges) {
        await this.proposals.keepPartners(manager, id, wanted);
        await this.consortia.invite(manager, actor, { id, title: dto.title ?? row.title }, wanted);
      }
      const proposal = await this.view(manager, actor, id);
      const after = auditView(proposal);
      const diff = changes(before, after);
      if (diff) {
        await this.audit.record(manager, {
          actorId: actor.id,
          action: 'proposal.updated',
          entityType: 'proposal',
          entityId: id,
          ...diff,
        });
      }
      return proposal;
    });
  }

  /** Drafts only, by lead-organisation members; the invitations go with it. */
  remove(actor: AuthUser, id: string): Promise<void> {
    return this.db.transaction(async (manager) => {
      const row = await this.lockForLead(manager, actor, id);
      if (row.status !== 'draft')
        throw new Conflict(`A ${row.status} proposal cannot be deleted; withdraw it instead.`);
      const before = auditView(fullView(row, await this.consortia.partners(manager, id)));
      await this.proposals.delete(manager, id);
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'proposal.deleted',
        entityType: 'proposal',
        entityId: id,
        before,
      });
    });
  }

  /** submit (needs the challenge open, before its deadline, and every partner confirmed) or withdraw. */
  transition(actor: AuthUser, id: string, action: ProposalAction): Promise<ProposalDto> {
    return this.db.transaction(async (manager) => {
      const row = await this.lockForLead(manager, actor, id);
      const status = nextProposalStatus(row.status, action);
      if (!status) throw new Conflict(`A ${row.status} proposal cannot be ${PAST_TENSE[action]}.`);
      if (action === 'submit') {
        const terms: ProposalTerms = await this.challenges.proposalTerms(manager, actor, row.challenge_id);
        const unconfirmed = await this.proposals.unconfirmedPartnerNames(manager, id);
        const problems = submissionProblems(
          {
            challengeStatus: terms.status,
            submissionDeadline: terms.submissionDeadline,
            unconfirmedPartners: unconfirmed,
          },
          new Date(),
        );
        if (problems.length > 0) throw RuleViolation.of(problems);
        await this.notifications.notify(
          manager,
          { departmentStaff: terms.departmentId },
          {
            kind: 'proposal.submitted',
            entityType: 'proposal',
            entityId: id,
            message: `A proposal "${row.title}" was submitted to the challenge "${terms.title}".`,
            data: { title: row.title, challengeTitle: terms.title },
          },
          actor.id,
        );
      }
      await this.proposals.setStatus(manager, id, status, action === 'submit' ? 'submitted_at' : 'withdrawn_at');
      await this.audit.record(manager, {
        actorId: actor.id,
        action: `proposal.${PAST_TENSE[action]}`,
        entityType: 'proposal',
        entityId: id,
        before: { status: row.status },
        after: { status },
      });
      // A submitted proposal makes its consortium competitors on the challenge: their members
      // assigned to the other proposals are recused (jäv, docs/product.md §3.4.2).
      if (action === 'submit') {
        await this.conflicts.recuseConflicted(manager, actor.id, { challengeId: row.challenge_id });
      }
      return this.view(manager, actor, id);
    });
  }

  /**
   * What the evaluation feature needs of a proposal the caller may see (404 otherwise), locked
   * for the caller's transaction when asked (a decision, an assignment).
   */
  async forEvaluation(manager: EntityManager, actor: AuthUser, id: string, lock: boolean): Promise<ProposalFacts> {
    const row = await this.visibleRow(manager, actor, id, lock);
    const partnerIds = await this.proposals.partnerIds(manager, id);
    return {
      id: row.id,
      title: row.title,
      status: row.status,
      challengeId: row.challenge_id,
      departmentId: row.challenge_department_id,
      blindReview: row.challenge_blind_review,
      leadOrganizationId: row.lead_organization_id,
      organizationIds: [row.lead_organization_id, ...partnerIds],
    };
  }

  /** Records the decision on a submitted proposal in the caller's transaction (the caller checked the rules). */
  async recordDecision(
    manager: EntityManager,
    actor: AuthUser,
    id: string,
    outcome: 'accepted' | 'rejected',
    reason: string,
  ): Promise<void> {
    await this.proposals.recordDecision(manager, id, outcome, reason, actor.id);
    await this.audit.record(manager, {
      actorId: actor.id,
      action: `proposal.${outcome}`,
      entityType: 'proposal',
      entityId: id,
      before: { status: 'submitted' },
      after: { status: outcome, reason },
    });
  }

  /** The row if the caller may see it (404 otherwise), optionally locked for a change. */
  private async visibleRow(manager: EntityManager, actor: AuthUser, id: string, lock = false): Promise<ProposalRow> {
    const row = await this.proposals.findVisible(manager, actor, id, lock);
    if (!row) throw new NotFound('No such proposal.');
    return row;
  }

  /** Locks the proposal for a change by a member of its lead organisation: 404 if invisible, 403 if not a lead member. */
  private async lockForLead(manager: EntityManager, actor: AuthUser, id: string): Promise<ProposalRow> {
    const row = await this.visibleRow(manager, actor, id, true);
    if (!(await this.partners.roleOf(manager, row.lead_organization_id, actor.id))) {
      throw new Forbidden('Only members of the lead organisation may change this proposal.');
    }
    return row;
  }

  private async view(manager: EntityManager, actor: AuthUser, id: string): Promise<ProposalDto> {
    return fullView(await this.visibleRow(manager, actor, id), await this.consortia.partners(manager, id));
  }

  /**
   * The view a reader gets: the consortium and city staff see everything; a reader who sees the
   * proposal only as its assigned evaluator, on a blind-review challenge, gets the blind view.
   */
  private async present(
    manager: EntityManager,
    actor: AuthUser,
    row: ProposalRow,
  ): Promise<ProposalDto | BlindProposalDto> {
    const cityStaff = isCityStaffOf(actor, row.challenge_department_id);
    if (!row.in_consortium && !cityStaff && row.challenge_blind_review) return blindView(row);
    return fullView(row, await this.consortia.partners(manager, row.id));
  }

  /** The lead and every partner must be registered organisations (422 naming the unknown ones). */
  private async assertOrganizations(
    manager: EntityManager,
    leadOrganizationId: string,
    partnerIds: readonly string[],
  ): Promise<void> {
    const known = await this.partners.namesOf(manager, [leadOrganizationId, ...partnerIds]);
    const problems: FieldError[] = [];
    if (!known.has(leadOrganizationId)) {
      problems.push({ field: 'leadOrganizationId', message: 'leadOrganizationId does not name an organisation' });
    }
    const unknown = partnerIds.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      problems.push({
        field: 'partnerOrganizationIds',
        message: `partnerOrganizationIds name no organisation: ${unknown.join(', ')}`,
      });
    }
    if (problems.length > 0) throw RuleViolation.of(problems);
  }
}
