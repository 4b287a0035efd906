import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { acceptsProposals } from '../challenges/challenge-state';
import { ChallengesService } from '../challenges/challenges.service';
import type { ProposalTerms } from '../challenges/challenges.service';
import { hasRole, isCityStaffOf } from '../common/access-policy';
import type { AuthUser } from '../common/auth.decorators';
import { Conflict, Forbidden, NotFound, RuleViolation } from '../common/errors';
import type { FieldError } from '../common/errors';
import { createdAtKey, toPage } from '../common/pagination';
import { SqlFilter } from '../common/sql-filter';
import { ConflictsService } from '../evaluation/conflicts.service';
import type { OrganizationKind } from '../partners/org-number';
import { NotificationsService } from '../notifications/notifications.service';
import { PartnersService } from '../partners/partners.service';
import { blindView, fullView, summaryView } from './proposal-views';
import type { ProposalRow, ProposalSummaryRow } from './proposal-views';
import {
  BlindProposalDto,
  ConsortiumPartnerDto,
  CreateProposalDto,
  ListProposalsQueryDto,
  ProposalDto,
  ProposalPageDto,
  UpdateProposalDto,
} from './dto/proposal.dto';
import { budgetProblem, consortiumProblem, isEditable, nextProposalStatus, submissionProblems } from './proposal-state';
import type { PartnerStatus, ProposalAction, ProposalStatus } from './proposal-state';

const FROM_ROW = `FROM proposals p
  JOIN challenges c ON c.id = p.challenge_id
  JOIN organizations lo ON lo.id = p.lead_organization_id
  LEFT JOIN users du ON du.id = p.decided_by`;

/** Every query built on these passes the caller's user id as $1. */
const SELECT_ROW = `SELECT p.id, p.challenge_id, c.title AS challenge_title, c.department_id AS challenge_department_id,
  c.blind_review AS challenge_blind_review, p.lead_organization_id, lo.name AS lead_name, lo.kind AS lead_kind,
  p.title, p.summary, p.description, p.expected_effects, p.requested_budget_sek, p.duration_months, p.trl,
  p.status, p.submitted_at, p.withdrawn_at, p.created_at, p.updated_at,
  p.decision_reason, p.decided_at, p.decided_by, du.name AS decided_by_name,
  EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = $1 AND (m.organization_id = p.lead_organization_id
    OR m.organization_id IN (SELECT pp.organization_id FROM proposal_partners pp WHERE pp.proposal_id = p.id))) AS in_consortium`;

/** What a list shows: no description (up to 20 000 characters) read for nothing. */
const SELECT_SUMMARY = `SELECT p.id, p.challenge_id, c.title AS challenge_title, p.lead_organization_id, lo.name AS lead_name,
  lo.kind AS lead_kind, p.title, p.requested_budget_sek, p.status, p.submitted_at, p.created_at`;

/**
 * Who sees a proposal, as a WHERE condition (so an invisible proposal is simply not found):
 * members of the lead and partner organisations (invited ones too) in every state; once
 * submitted, directors, admins and the challenge's department staff; an evaluator the submitted
 * proposals they are assigned to and have not recused themselves from. Evaluators are left out of
 * lists (`withAssigned` false): they find their proposals through `GET /assignments`, whose
 * items carry no organisation.
 */
function visibility(
  actor: AuthUser,
  { mineOnly = false, withAssigned = true }: { mineOnly?: boolean; withAssigned?: boolean } = {},
): { sql: string; params: unknown[] } {
  const params: unknown[] = [actor.id];
  const member = `(p.lead_organization_id IN (SELECT organization_id FROM memberships WHERE user_id = $1)
    OR EXISTS (SELECT 1 FROM proposal_partners vp JOIN memberships vm ON vm.organization_id = vp.organization_id
               WHERE vp.proposal_id = p.id AND vm.user_id = $1))`;
  if (mineOnly) return { sql: member, params };
  const branches = [member];
  if (hasRole(actor, 'admin', 'director')) branches.push(`p.status <> 'draft'`);
  else if (hasRole(actor, 'department') && actor.departmentId) {
    params.push(actor.departmentId);
    branches.push(`(p.status <> 'draft' AND c.department_id = $2)`);
  }
  if (withAssigned && hasRole(actor, 'evaluator')) {
    branches.push(`(p.status <> 'draft' AND EXISTS (SELECT 1 FROM assignments va
      WHERE va.proposal_id = p.id AND va.evaluator_id = $1 AND va.status <> 'recused'))`);
  }
  return { sql: `(${branches.join(' OR ')})`, params };
}

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

/** What the audit trail keeps of a proposal's content and consortium. */
const auditView = (p: ProposalDto | BlindProposalDto): Record<string, unknown> => ({
  title: p.title,
  summary: p.summary,
  description: p.description,
  expectedEffects: p.expectedEffects,
  requestedBudgetSek: p.requestedBudgetSek,
  durationMonths: p.durationMonths,
  trl: p.trl,
  status: p.status,
  ...('leadOrganization' in p
    ? {
        leadOrganizationId: p.leadOrganization.id,
        partners: p.partners.map((x) => ({ organizationId: x.organization.id, status: x.status })),
      }
    : {}),
});

const PAST_TENSE: Record<ProposalAction, string> = { submit: 'submitted', withdraw: 'withdrawn' };

/** The content fields a PATCH may change, by API name → column. */
const CONTENT_COLUMNS = {
  title: 'title',
  summary: 'summary',
  description: 'description',
  expectedEffects: 'expected_effects',
  requestedBudgetSek: 'requested_budget_sek',
  durationMonths: 'duration_months',
  trl: 'trl',
} as const;
type ContentField = keyof typeof CONTENT_COLUMNS;

@Injectable()
export class ProposalsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly challenges: ChallengesService,
    private readonly partners: PartnersService,
    private readonly notifications: NotificationsService,
    private readonly conflicts: ConflictsService,
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

      const [{ id }] = await manager.query<{ id: string }[]>(
        `INSERT INTO proposals (challenge_id, lead_organization_id, title, summary, description, expected_effects,
                                requested_budget_sek, duration_months, trl, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          challengeId,
          dto.leadOrganizationId,
          dto.title,
          dto.summary,
          dto.description,
          dto.expectedEffects ?? null,
          dto.requestedBudgetSek,
          dto.durationMonths,
          dto.trl ?? null,
          actor.id,
        ],
      );
      await this.invite(manager, actor, { id, title: dto.title }, partnerIds);
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

  /**
   * One statement whatever the page size. Partners see their organisations' proposals (drafts
   * included), department staff the submitted ones of their department's challenges, directors
   * and admins all submitted ones.
   */
  async list(actor: AuthUser, query: ListProposalsQueryDto): Promise<ProposalPageDto> {
    const filter = new SqlFilter(visibility(actor, { mineOnly: query.mine === 'true', withAssigned: false }));
    if (query.challengeId) filter.add('p.challenge_id = ?', query.challengeId);
    if (query.status) filter.add('p.status = ?', query.status);
    filter.after(query.cursor, 'p');
    const limit = filter.limit(query.limit);
    const rows = await this.db.query<ProposalSummaryRow[]>(
      `${SELECT_SUMMARY}, ${createdAtKey('p')} AS created_key
       ${FROM_ROW}
       WHERE ${filter.where}
       ORDER BY p.created_at DESC, p.id DESC
       LIMIT ${limit}`,
      filter.params,
    );
    return toPage(rows, query.limit, (r) => [r.created_key, r.id], summaryView);
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

      const partners = await this.consortium(manager, id);
      const before = auditView(fullView(row, partners));
      const fields = (Object.keys(CONTENT_COLUMNS) as ContentField[]).filter(
        (f) => dto[f] !== undefined && dto[f] !== row[CONTENT_COLUMNS[f]],
      );
      const current = partners.map((p) => p.organization.id).sort();
      const wanted = dto.partnerOrganizationIds ? [...dto.partnerOrganizationIds].sort() : current;
      const consortiumChanges = JSON.stringify(current) !== JSON.stringify(wanted);
      if (fields.length === 0 && !consortiumChanges) return fullView(row, partners);

      await manager.query(
        `UPDATE proposals SET ${[...fields.map((f, i) => `${CONTENT_COLUMNS[f]} = $${i + 2}`), 'updated_at = now()'].join(', ')}
         WHERE id = $1`,
        [id, ...fields.map((f) => dto[f])],
      );
      if (consortiumChanges) {
        await manager.query(
          `DELETE FROM proposal_partners WHERE proposal_id = $1 AND NOT (organization_id = ANY($2::uuid[]))`,
          [id, wanted],
        );
        await this.invite(manager, actor, { id, title: dto.title ?? row.title }, wanted);
      }
      const proposal = await this.view(manager, actor, id);
      const after = auditView(proposal);
      const changed = Object.keys(after).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
      if (changed.length > 0) {
        await this.audit.record(manager, {
          actorId: actor.id,
          action: 'proposal.updated',
          entityType: 'proposal',
          entityId: id,
          before: Object.fromEntries(changed.map((k) => [k, before[k]])),
          after: Object.fromEntries(changed.map((k) => [k, after[k]])),
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
      const before = auditView(fullView(row, await this.consortium(manager, id)));
      await manager.query(`DELETE FROM proposals WHERE id = $1`, [id]);
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
        const unconfirmed = await manager.query<{ name: string }[]>(
          `SELECT o.name FROM proposal_partners pp JOIN organizations o ON o.id = pp.organization_id
           WHERE pp.proposal_id = $1 AND pp.status = 'invited' ORDER BY o.name`,
          [id],
        );
        const problems = submissionProblems(
          {
            challengeStatus: terms.status,
            submissionDeadline: terms.submissionDeadline,
            unconfirmedPartners: unconfirmed.map((u) => u.name),
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
          },
          actor.id,
        );
      }
      const stamp = action === 'submit' ? 'submitted_at' : 'withdrawn_at';
      await manager.query(`UPDATE proposals SET status = $2, ${stamp} = now(), updated_at = now() WHERE id = $1`, [
        id,
        status,
      ]);
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
      const row = await this.visibleRow(manager, actor, id, true);
      // A reader who sees the proposal only as its evaluator owns none of its organisations: refused
      // before the invitation is looked up, or 403-vs-404 would tell a blind evaluator the consortium.
      if (!row.in_consortium && !isCityStaffOf(actor, row.challenge_department_id)) {
        throw new Forbidden('Only an owner of the partner organisation may answer for it.');
      }
      const [invitation] = await manager.query<{ status: PartnerStatus }[]>(
        `SELECT status FROM proposal_partners WHERE proposal_id = $1 AND organization_id = $2 FOR UPDATE`,
        [id, organizationId],
      );
      if (!invitation) throw new NotFound('That organisation is not a partner of this proposal.');
      if ((await this.partners.roleOf(manager, organizationId, actor.id)) !== 'owner') {
        throw new Forbidden('Only an owner of the partner organisation may answer for it.');
      }
      if (!isEditable(row.status)) throw new Conflict(`The consortium of a ${row.status} proposal is fixed.`);
      if (answer === 'confirm') {
        if (invitation.status === 'confirmed') throw new Conflict('The organisation has already confirmed.');
        await manager.query(
          `UPDATE proposal_partners SET status = 'confirmed', confirmed_by = $3, confirmed_at = now()
           WHERE proposal_id = $1 AND organization_id = $2`,
          [id, organizationId, actor.id],
        );
      } else {
        await manager.query(`DELETE FROM proposal_partners WHERE proposal_id = $1 AND organization_id = $2`, [
          id,
          organizationId,
        ]);
      }
      await this.audit.record(manager, {
        actorId: actor.id,
        action: answer === 'confirm' ? 'proposal.partner-confirmed' : 'proposal.partner-declined',
        entityType: 'proposal',
        entityId: id,
        before: { organizationId, status: invitation.status },
        after: answer === 'confirm' ? { organizationId, status: 'confirmed' } : null,
      });
      return answer === 'confirm' ? this.view(manager, actor, id) : undefined;
    });
  }

  /**
   * What the evaluation feature needs of a proposal the caller may see (404 otherwise), locked
   * for the caller's transaction when asked (a decision, an assignment).
   */
  async forEvaluation(manager: EntityManager, actor: AuthUser, id: string, lock: boolean): Promise<ProposalFacts> {
    const row = await this.visibleRow(manager, actor, id, lock);
    const partners = await manager.query<{ organization_id: string }[]>(
      `SELECT organization_id FROM proposal_partners WHERE proposal_id = $1`,
      [id],
    );
    return {
      id: row.id,
      title: row.title,
      status: row.status,
      challengeId: row.challenge_id,
      departmentId: row.challenge_department_id,
      blindReview: row.challenge_blind_review,
      leadOrganizationId: row.lead_organization_id,
      organizationIds: [row.lead_organization_id, ...partners.map((p) => p.organization_id)],
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
    await manager.query(
      `UPDATE proposals SET status = $2, decision_reason = $3, decided_by = $4, decided_at = now(), updated_at = now()
       WHERE id = $1 AND status = 'submitted'`,
      [id, outcome, reason, actor.id],
    );
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
    const { sql, params } = visibility(actor);
    params.push(id);
    const [row] = await manager.query<ProposalRow[]>(
      `${SELECT_ROW} ${FROM_ROW} WHERE p.id = $${params.length} AND ${sql} ${lock ? 'FOR UPDATE OF p' : ''}`,
      params,
    );
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
    return fullView(await this.visibleRow(manager, actor, id), await this.consortium(manager, id));
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
    return fullView(row, await this.consortium(manager, row.id));
  }

  private async consortium(manager: EntityManager, id: string): Promise<ConsortiumPartnerDto[]> {
    const partners = await manager.query<
      { id: string; name: string; kind: OrganizationKind; status: PartnerStatus; confirmed_at: Date | null }[]
    >(
      `SELECT o.id, o.name, o.kind, pp.status, pp.confirmed_at
       FROM proposal_partners pp JOIN organizations o ON o.id = pp.organization_id
       WHERE pp.proposal_id = $1 ORDER BY o.name, o.id`,
      [id],
    );
    return partners.map((p) => ({
      organization: { id: p.id, name: p.name, kind: p.kind },
      status: p.status,
      confirmedAt: p.confirmed_at,
    }));
  }

  /** Invites organisations to the consortium; the owners of each newly invited one are notified. */
  private async invite(
    manager: EntityManager,
    actor: AuthUser,
    proposal: { id: string; title: string },
    organizationIds: readonly string[],
  ): Promise<void> {
    if (organizationIds.length === 0) return;
    const invited = await manager.query<{ organization_id: string }[]>(
      `INSERT INTO proposal_partners (proposal_id, organization_id)
       SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING organization_id`,
      [proposal.id, organizationIds],
    );
    if (invited.length === 0) return;
    await this.notifications.notify(
      manager,
      invited.map((i) => ({ organizationOwners: i.organization_id })),
      {
        kind: 'consortium.invited',
        entityType: 'proposal',
        entityId: proposal.id,
        message: `Your organisation is invited to the consortium of the proposal "${proposal.title}". Confirm or decline.`,
      },
      actor.id,
    );
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
