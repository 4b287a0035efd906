import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { hasRole } from '../common/access-policy';
import type { AuthUser } from '../common/auth.decorators';
import { SqlFilter } from '../common/sql-filter';
import { Membership, MemberRole } from './membership.entity';
import type { OrganizationKind } from './org-number';
import { Organization } from './organization.entity';

/** What the lists show of an organisation (its public fields). */
export interface OrganizationSummaryRow {
  id: string;
  name: string;
  kind: OrganizationKind;
  website: string | null;
  description: string | null;
}

export interface MemberRow {
  user_id: string;
  name: string;
  email: string;
  role: MemberRole;
}

export interface PendingInvitationRow {
  id: string;
  email: string;
  role: MemberRole;
  created_at: Date;
  expires_at: Date;
}

export interface OrganizationFilters {
  /** Only the caller's own organisations. */
  mine: boolean;
  q?: string;
  cursor?: string;
  limit: number;
}

const SUMMARY = 'o.id, o.name, o.kind, o.website, o.description';

/**
 * The organisations' and memberships' SQL. Every method takes the transaction's (or the data
 * source's) EntityManager. Every organisation's public fields are for anyone to read by id; who
 * finds one in a list is `visibleTo` (docs/product.md §3.2.3), who sees its members is the
 * service's (members, admins, and city staff with a need).
 */
@Injectable()
export class PartnersRepository {
  /**
   * Who finds an organisation in a list: with `mine`, the caller's own (a join on their
   * membership); admins every one; anyone else every one but the residents' initiatives of
   * others: a resident organisation is people, not a business (the public registry says
   * "Resident initiative"), and only its own members find it by name. `$1` is the caller's id
   * where it is used.
   */
  visibleTo(caller: AuthUser, mine: boolean): { join: string; sql: string; params: unknown[] } {
    if (mine) {
      return {
        join: 'JOIN memberships m ON m.organization_id = o.id AND m.user_id = $1',
        sql: 'TRUE',
        params: [caller.id],
      };
    }
    if (hasRole(caller, 'admin')) return { join: '', sql: 'TRUE', params: [] };
    return {
      join: '',
      sql: `(o.kind <> 'resident' OR EXISTS (SELECT 1 FROM memberships rm WHERE rm.organization_id = o.id AND rm.user_id = $1))`,
      params: [caller.id],
    };
  }

  /**
   * By name, then id (keyset over (name, id)); with `q`, by how well the name matches, then id
   * (keyset over (score, id)). One statement whatever the page size.
   */
  async list(
    manager: EntityManager,
    caller: AuthUser,
    f: OrganizationFilters,
  ): Promise<(OrganizationSummaryRow & { score?: number })[]> {
    const visible = this.visibleTo(caller, f.mine);
    const filter = new SqlFilter(visible);
    if (f.q) {
      // word_similarity finds a word inside a longer name; the LIKE catches any substring. Both
      // are served by the trigram index on immutable_unaccent(lower(name)). LIKE wildcards in the
      // search text are literal characters, not patterns.
      const q = filter.param(f.q.replace(/[%_\\]/g, (c) => `\\${c}`));
      const score = `word_similarity(immutable_unaccent(lower(${q})), immutable_unaccent(lower(o.name)))`;
      filter.and(
        `(immutable_unaccent(lower(o.name)) LIKE '%' || immutable_unaccent(lower(${q})) || '%'
          OR immutable_unaccent(lower(${q})) <% immutable_unaccent(lower(o.name)))`,
      );
      filter.afterKey(
        f.cursor,
        ['real', 'uuid'],
        (s, id) => `(${score} < ${s}::real OR (${score} = ${s}::real AND o.id > ${id}::uuid))`,
      );
      const limit = filter.limit(f.limit);
      const rows = await manager.query<(OrganizationSummaryRow & { score: number })[]>(
        `SELECT ${SUMMARY}, ${score} AS score FROM organizations o ${visible.join}
         WHERE ${filter.where} ORDER BY score DESC, o.id LIMIT ${limit}`,
        filter.params,
      );
      return rows.map((r) => ({ ...r, score: Number(r.score) }));
    }
    filter.afterKey(f.cursor, ['string', 'uuid'], (name, id) => `(o.name, o.id) > (${name}, ${id}::uuid)`);
    const limit = filter.limit(f.limit);
    return manager.query<OrganizationSummaryRow[]>(
      `SELECT ${SUMMARY} FROM organizations o ${visible.join}
       WHERE ${filter.where} ORDER BY o.name, o.id LIMIT ${limit}`,
      filter.params,
    );
  }

  findById(manager: EntityManager, id: string): Promise<Organization | null> {
    return manager.findOne(Organization, { where: { id } });
  }

  /** The organisation row, locked FOR UPDATE (membership changes are serialised on it). */
  lock(manager: EntityManager, id: string): Promise<Organization | null> {
    return manager.findOne(Organization, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Inserts the organisation (hydrated with its id); a taken orgNumber throws organizations_org_number_unique. */
  async insert(
    manager: EntityManager,
    values: Pick<Organization, 'name' | 'kind' | 'orgNumber' | 'website' | 'description' | 'contactEmail'>,
  ): Promise<Organization> {
    const organization = manager.create(Organization, values);
    await manager.save(organization);
    return organization;
  }

  async update(
    manager: EntityManager,
    id: string,
    changes: Partial<Pick<Organization, 'name' | 'website' | 'description' | 'contactEmail'>>,
  ): Promise<void> {
    await manager.update(Organization, { id }, changes);
  }

  /**
   * Whether the organisation leads or partners in a submitted proposal to a challenge of the
   * department (`departmentId` null: of any department).
   */
  async inSubmittedProposal(manager: EntityManager, id: string, departmentId: string | null): Promise<boolean> {
    const [{ related }] = await manager.query<{ related: boolean }[]>(
      `SELECT EXISTS (
         SELECT 1 FROM proposals p JOIN challenges c ON c.id = p.challenge_id
         WHERE p.status <> 'draft' AND ($2::uuid IS NULL OR c.department_id = $2)
           AND (p.lead_organization_id = $1
                OR EXISTS (SELECT 1 FROM proposal_partners pp WHERE pp.proposal_id = p.id AND pp.organization_id = $1))
       ) AS related`,
      [id, departmentId],
    );
    return related;
  }

  /** Names of those of `ids` that exist, by id. */
  async namesOf(manager: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await manager.query<{ id: string; name: string }[]>(
      `SELECT id, name FROM organizations WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  // ── Memberships ──────────────────────────────────────────────────────────────────────────

  /** The user's role in the organisation, or null when not a member. */
  async roleOf(manager: EntityManager, organizationId: string, userId: string): Promise<MemberRole | null> {
    const membership = await manager.findOne(Membership, { where: { organizationId, userId } });
    return membership?.role ?? null;
  }

  async addMember(manager: EntityManager, organizationId: string, userId: string, role: MemberRole): Promise<void> {
    await manager.insert(Membership, { organizationId, userId, role });
  }

  /** Adds the member unless they are one already; whether they were added. */
  async addMemberIfNew(
    manager: EntityManager,
    organizationId: string,
    userId: string,
    role: MemberRole,
  ): Promise<boolean> {
    const inserted = await manager.query<unknown[]>(
      `INSERT INTO memberships (organization_id, user_id, role) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING user_id`,
      [organizationId, userId, role],
    );
    return inserted.length > 0;
  }

  async setRole(manager: EntityManager, organizationId: string, userId: string, role: MemberRole): Promise<void> {
    await manager.update(Membership, { organizationId, userId }, { role });
  }

  async removeMember(manager: EntityManager, organizationId: string, userId: string): Promise<void> {
    await manager.delete(Membership, { organizationId, userId });
  }

  async countOwners(manager: EntityManager, organizationId: string): Promise<number> {
    const [{ owners }] = await manager.query<{ owners: number }[]>(
      `SELECT count(*)::int AS owners FROM memberships WHERE organization_id = $1 AND role = 'owner'`,
      [organizationId],
    );
    return owners;
  }

  /** Whether the address is a member's (the account with that email). */
  async isMemberByEmail(manager: EntityManager, organizationId: string, email: string): Promise<boolean> {
    const [member] = await manager.query<unknown[]>(
      `SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organization_id = $1 AND u.email = $2`,
      [organizationId, email],
    );
    return member !== undefined;
  }

  members(manager: EntityManager, organizationId: string): Promise<MemberRow[]> {
    return manager.query<MemberRow[]>(
      `SELECT m.user_id, u.name, u.email, m.role
       FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.organization_id = $1 ORDER BY m.role DESC, u.name, u.id`,
      [organizationId],
    );
  }

  /** The organisation's invitations not yet answered nor expired, oldest first. */
  pendingInvitations(manager: EntityManager, organizationId: string): Promise<PendingInvitationRow[]> {
    return manager.query<PendingInvitationRow[]>(
      `SELECT id, email, role, created_at, expires_at FROM organization_invitations
       WHERE organization_id = $1 AND expires_at > now() ORDER BY created_at, email`,
      [organizationId],
    );
  }
}
