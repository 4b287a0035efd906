import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { hasRole } from '../common/access-policy';
import type { AuthUser } from '../common/auth.decorators';
import { createdAtKey } from '../common/pagination';
import { SqlFilter } from '../common/sql-filter';
import type { OrganizationKind } from '../partners/org-number';
import type { CreateProposalDto, ListProposalsQueryDto, UpdateProposalDto } from './dto/proposal.dto';
import type { PartnerStatus, ProposalStatus } from './proposal-state';
import type { ProposalAuditRow } from './proposal-history';
import type { ProposalRow, ProposalSummaryRow } from './proposal-views';

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
const SELECT_SUMMARY = `SELECT p.id, p.challenge_id, c.title AS challenge_title,
  c.submission_deadline AS challenge_submission_deadline, p.lead_organization_id, lo.name AS lead_name,
  lo.kind AS lead_kind, p.title, p.requested_budget_sek, p.status, p.submitted_at, p.created_at,
  p.decision_reason, p.decided_at`;

/**
 * Who sees a proposal, as a WHERE condition (so an invisible proposal is simply not found):
 * members of the lead and partner organisations (invited ones too) in every state; once
 * submitted, directors, admins and the challenge's department staff; an evaluator the submitted
 * proposals they are assigned to and have not recused themselves from. Evaluators are left out of
 * lists (`withAssigned` false): they find their proposals through `GET /assignments`, whose
 * items carry no organisation.
 */
export function visibility(
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

/** The content fields a PATCH may change, by API name → column. */
export const CONTENT_COLUMNS = {
  title: 'title',
  summary: 'summary',
  description: 'description',
  expectedEffects: 'expected_effects',
  requestedBudgetSek: 'requested_budget_sek',
  durationMonths: 'duration_months',
  trl: 'trl',
} as const;
export type ContentField = keyof typeof CONTENT_COLUMNS;

/** A partner organisation of a proposal as the consortium view reads it. */
export interface ConsortiumRow {
  id: string;
  name: string;
  kind: OrganizationKind;
  status: PartnerStatus;
  confirmed_at: Date | null;
}

/**
 * The proposals feature's SQL (docs/adr/0001-raw-sql-over-the-query-builder.md): the visibility
 * rule of docs/product.md §3.3.5 (`visibility`, used by `findVisible` and `list`), the list, and
 * every write of proposals and their consortium. Each method takes the caller's transaction.
 */
@Injectable()
export class ProposalsRepository {
  /** The row if the caller may see it, else null; `lock` holds it for the caller's transaction. */
  async findVisible(manager: EntityManager, actor: AuthUser, id: string, lock = false): Promise<ProposalRow | null> {
    const { sql, params } = visibility(actor);
    params.push(id);
    const [row] = await manager.query<ProposalRow[]>(
      `${SELECT_ROW} ${FROM_ROW} WHERE p.id = $${params.length} AND ${sql} ${lock ? 'FOR UPDATE OF p' : ''}`,
      params,
    );
    return row ?? null;
  }

  /**
   * One statement whatever the page size. Partners see their organisations' proposals (drafts
   * included), department staff the submitted ones of their department's challenges, directors
   * and admins all submitted ones.
   */
  list(
    manager: EntityManager,
    actor: AuthUser,
    query: ListProposalsQueryDto,
  ): Promise<(ProposalSummaryRow & { created_key: string })[]> {
    const filter = new SqlFilter(visibility(actor, { mineOnly: query.mine === 'true', withAssigned: false }));
    if (query.challengeId) filter.add('p.challenge_id = ?', query.challengeId);
    if (query.status) filter.add('p.status = ?', query.status);
    filter.after(query.cursor, 'p');
    const limit = filter.limit(query.limit);
    return manager.query<(ProposalSummaryRow & { created_key: string })[]>(
      `${SELECT_SUMMARY}, ${createdAtKey('p')} AS created_key
       ${FROM_ROW}
       WHERE ${filter.where}
       ORDER BY p.created_at DESC, p.id DESC
       LIMIT ${limit}`,
      filter.params,
    );
  }

  async insert(manager: EntityManager, actorId: string, challengeId: string, dto: CreateProposalDto): Promise<string> {
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
        actorId,
      ],
    );
    return id;
  }

  async updateContent(
    manager: EntityManager,
    id: string,
    fields: readonly ContentField[],
    dto: UpdateProposalDto,
  ): Promise<void> {
    await manager.query(
      `UPDATE proposals SET ${[...fields.map((f, i) => `${CONTENT_COLUMNS[f]} = $${i + 2}`), 'updated_at = now()'].join(', ')}
       WHERE id = $1`,
      [id, ...fields.map((f) => dto[f])],
    );
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM proposals WHERE id = $1`, [id]);
  }

  async setStatus(
    manager: EntityManager,
    id: string,
    status: ProposalStatus,
    stamp: 'submitted_at' | 'withdrawn_at',
  ): Promise<void> {
    await manager.query(`UPDATE proposals SET status = $2, ${stamp} = now(), updated_at = now() WHERE id = $1`, [
      id,
      status,
    ]);
  }

  /** The decision on a submitted proposal. */
  async recordDecision(
    manager: EntityManager,
    id: string,
    outcome: 'accepted' | 'rejected',
    reason: string,
    actorId: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE proposals SET status = $2, decision_reason = $3, decided_by = $4, decided_at = now(), updated_at = now()
       WHERE id = $1 AND status = 'submitted'`,
      [id, outcome, reason, actorId],
    );
  }

  consortium(manager: EntityManager, id: string): Promise<ConsortiumRow[]> {
    return manager.query<ConsortiumRow[]>(
      `SELECT o.id, o.name, o.kind, pp.status, pp.confirmed_at
       FROM proposal_partners pp JOIN organizations o ON o.id = pp.organization_id
       WHERE pp.proposal_id = $1 ORDER BY o.name, o.id`,
      [id],
    );
  }

  async partnerIds(manager: EntityManager, id: string): Promise<string[]> {
    const rows = await manager.query<{ organization_id: string }[]>(
      `SELECT organization_id FROM proposal_partners WHERE proposal_id = $1`,
      [id],
    );
    return rows.map((r) => r.organization_id);
  }

  async unconfirmedPartnerNames(manager: EntityManager, id: string): Promise<string[]> {
    const rows = await manager.query<{ name: string }[]>(
      `SELECT o.name FROM proposal_partners pp JOIN organizations o ON o.id = pp.organization_id
       WHERE pp.proposal_id = $1 AND pp.status = 'invited' ORDER BY o.name`,
      [id],
    );
    return rows.map((r) => r.name);
  }

  /** Invites organisations not yet in the consortium; answers the newly invited ones. */
  async invitePartners(manager: EntityManager, id: string, organizationIds: readonly string[]): Promise<string[]> {
    const rows = await manager.query<{ organization_id: string }[]>(
      `INSERT INTO proposal_partners (proposal_id, organization_id)
       SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING organization_id`,
      [id, organizationIds],
    );
    return rows.map((r) => r.organization_id);
  }

  /** Removes every partner not in `organizationIds`. */
  async keepPartners(manager: EntityManager, id: string, organizationIds: readonly string[]): Promise<void> {
    await manager.query(
      `DELETE FROM proposal_partners WHERE proposal_id = $1 AND NOT (organization_id = ANY($2::uuid[]))`,
      [id, organizationIds],
    );
  }

  async lockPartner(
    manager: EntityManager,
    id: string,
    organizationId: string,
  ): Promise<{ status: PartnerStatus } | undefined> {
    const [row] = await manager.query<{ status: PartnerStatus }[]>(
      `SELECT status FROM proposal_partners WHERE proposal_id = $1 AND organization_id = $2 FOR UPDATE`,
      [id, organizationId],
    );
    return row;
  }

  async confirmPartner(manager: EntityManager, id: string, organizationId: string, actorId: string): Promise<void> {
    await manager.query(
      `UPDATE proposal_partners SET status = 'confirmed', confirmed_by = $3, confirmed_at = now()
       WHERE proposal_id = $1 AND organization_id = $2`,
      [id, organizationId, actorId],
    );
  }

  /** The proposal's own audit events, oldest first (the timeline reads only these). */
  auditEvents(manager: EntityManager, id: string): Promise<ProposalAuditRow[]> {
    return manager.query<ProposalAuditRow[]>(
      `SELECT occurred_at, action, before, after FROM audit_events
       WHERE entity_type = 'proposal' AND entity_id = $1 AND action LIKE 'proposal.%'
       ORDER BY occurred_at, id`,
      [id],
    );
  }

  async removePartner(manager: EntityManager, id: string, organizationId: string): Promise<void> {
    await manager.query(`DELETE FROM proposal_partners WHERE proposal_id = $1 AND organization_id = $2`, [
      id,
      organizationId,
    ]);
  }
}
