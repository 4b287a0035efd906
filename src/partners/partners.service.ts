import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { hasRole } from '../common/access-policy';
import type { AuthUser } from '../common/auth.decorators';
import { isUniqueViolation } from '../common/database-errors';
import { Conflict, Forbidden, InvalidInput, NotFound, RuleViolation } from '../common/errors';
import { decodeCursor, toPage } from '../common/pagination';
import {
  ChangeMemberRoleDto,
  CreateOrganizationDto,
  ListOrganizationsQueryDto,
  MemberDto,
  OrganizationDto,
  OrganizationPageDto,
  OrganizationSummaryDto,
  PendingInvitationDto,
  UpdateOrganizationDto,
} from './dto/organization.dto';
import { Membership, MemberRole } from './membership.entity';
import { orgNumberProblem, orgNumberRequirement } from './org-number';
import { Organization } from './organization.entity';

const summary = (o: Organization): OrganizationSummaryDto => ({
  id: o.id,
  name: o.name,
  kind: o.kind,
  website: o.website,
  description: o.description,
});

const auditView = (o: Organization): Record<string, unknown> => ({
  name: o.name,
  kind: o.kind,
  orgNumber: o.orgNumber,
  website: o.website,
  description: o.description,
  contactEmail: o.contactEmail,
});

/** The orgNumber rules of docs/product.md §2 for one kind; throws a 400 naming orgNumber. */
function assertOrgNumber(dto: CreateOrganizationDto): void {
  const requirement = orgNumberRequirement(dto.kind);
  const fail = (message: string) => {
    throw new InvalidInput(message, [{ field: 'orgNumber', message }]);
  };
  if (dto.orgNumber === undefined) {
    if (requirement === 'required') fail(`orgNumber is required for kind ${dto.kind}`);
    return;
  }
  if (requirement === 'refused') fail('orgNumber must be absent for kind resident');
  const problem = orgNumberProblem(dto.orgNumber);
  if (problem) fail(problem);
}

@Injectable()
export class PartnersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  create(actor: AuthUser, dto: CreateOrganizationDto): Promise<OrganizationDto> {
    assertOrgNumber(dto);
    return this.db.transaction(async (manager) => {
      const organization = manager.create(Organization, {
        name: dto.name,
        kind: dto.kind,
        orgNumber: dto.orgNumber ?? null,
        website: dto.website ?? null,
        description: dto.description ?? null,
        contactEmail: dto.contactEmail ?? null,
      });
      try {
        await manager.save(organization);
      } catch (error) {
        if (isUniqueViolation(error, 'organizations_org_number_unique')) {
          throw new Conflict(`An organisation with orgNumber ${dto.orgNumber} is already registered.`);
        }
        throw error;
      }
      await manager.insert(Membership, { organizationId: organization.id, userId: actor.id, role: 'owner' });
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'organization.created',
        entityType: 'organization',
        entityId: organization.id,
        after: auditView(organization),
      });
      return this.fullView(manager, organization, 'owner');
    });
  }

  /**
   * Public fields for anyone. orgNumber, contact and the members with their emails for those with
   * a need (docs/product.md §3.2.3): its own members; admins; and the city staff who read one of its submitted
   * proposals (lead or partner), since they evaluate, decide and then run the pilot with it —
   * directors any such proposal, department staff those to their department's challenges. Staff
   * of an unrelated department, like any other caller, get the summary.
   */
  async get(actor: AuthUser | undefined, id: string): Promise<OrganizationSummaryDto | OrganizationDto> {
    const organization = await this.db.getRepository(Organization).findOne({ where: { id } });
    if (!organization) throw new NotFound('No such organisation.');
    const role = actor ? await this.roleOf(this.db.manager, id, actor.id) : null;
    const privileged = role !== null || (await this.hasCityNeed(actor, id));
    return privileged ? this.fullView(this.db.manager, organization, role) : summary(organization);
  }

  /** Admins; directors and department staff who read a submitted proposal the organisation is in. */
  private async hasCityNeed(actor: AuthUser | undefined, id: string): Promise<boolean> {
    if (hasRole(actor, 'admin')) return true;
    let departmentId: string | null;
    if (hasRole(actor, 'director')) departmentId = null;
    else if (hasRole(actor, 'department') && actor?.departmentId) departmentId = actor.departmentId;
    else return false;
    const [{ related }] = await this.db.query<{ related: boolean }[]>(
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

  async list(actor: AuthUser, query: ListOrganizationsQueryDto): Promise<OrganizationPageDto> {
    const qb = this.db
      .getRepository(Organization)
      .createQueryBuilder('o')
      .limit(query.limit + 1);
    if (query.mine === 'true') {
      qb.innerJoin(Membership, 'm', 'm.organization_id = o.id AND m.user_id = :me', { me: actor.id });
    } else if (!hasRole(actor, 'admin')) {
      // A resident organisation is people, not a business: the public registry says "Resident
      // initiative", and only its own members (and admins) find it by name (docs/product.md §3.2.3).
      qb.andWhere(
        `(o.kind <> 'resident' OR EXISTS (SELECT 1 FROM memberships rm WHERE rm.organization_id = o.id AND rm.user_id = :me))`,
        { me: actor.id },
      );
    }
    if (query.q) {
      // word_similarity finds a word inside a longer name; the LIKE catches any substring.
      // Both are served by the trigram index on immutable_unaccent(lower(name)).
      const score = 'word_similarity(immutable_unaccent(lower(:q)), immutable_unaccent(lower(o.name)))';
      qb.addSelect(score, 'score')
        .andWhere(
          `(immutable_unaccent(lower(o.name)) LIKE '%' || immutable_unaccent(lower(:q)) || '%'
            OR immutable_unaccent(lower(:q)) <% immutable_unaccent(lower(o.name)))`,
          // LIKE wildcards in the search text are literal characters, not patterns.
          { q: query.q.replace(/[%_\\]/g, (c) => `\\${c}`) },
        )
        .orderBy('score', 'DESC')
        .addOrderBy('o.id', 'ASC');
      const after = decodeCursor(query.cursor, ['real', 'uuid']);
      if (after) {
        qb.andWhere(`(${score} < :score::real OR (${score} = :score::real AND o.id > :id))`, {
          score: after[0],
          id: after[1],
        });
      }
      const { entities, raw } = await qb.getRawAndEntities<{ score: number }>();
      const rows = entities.map((entity, i) => ({ entity, score: Number(raw[i].score) }));
      return toPage(
        rows,
        query.limit,
        (r) => [r.score, r.entity.id],
        (r) => summary(r.entity),
      );
    }
    qb.orderBy('o.name', 'ASC').addOrderBy('o.id', 'ASC');
    const after = decodeCursor(query.cursor, ['string', 'uuid']);
    if (after) qb.andWhere('(o.name, o.id) > (:name, :id)', { name: after[0], id: after[1] });
    const rows = await qb.getMany();
    return toPage(rows, query.limit, (o) => [o.name, o.id], summary);
  }

  update(actor: AuthUser, id: string, dto: UpdateOrganizationDto): Promise<OrganizationDto> {
    return this.db.transaction(async (manager) => {
      const organization = await this.lockForOwner(manager, actor, id);
      const before = auditView(organization);
      const changes: Partial<Organization> = {};
      if (dto.name !== undefined) changes.name = dto.name;
      if (dto.website !== undefined) changes.website = dto.website;
      if (dto.description !== undefined) changes.description = dto.description;
      if (dto.contactEmail !== undefined) changes.contactEmail = dto.contactEmail;
      Object.assign(organization, changes);
      if (Object.keys(changes).length > 0) {
        await manager.update(Organization, { id }, changes);
        await this.audit.record(manager, {
          actorId: actor.id,
          action: 'organization.updated',
          entityType: 'organization',
          entityId: id,
          before,
          after: auditView(organization),
        });
      }
      return this.fullView(manager, organization, 'owner');
    });
  }

  /**
   * Owners change a member's role (make a member an owner, or an owner a member). The last owner
   * can never become a plain member (422), the same rule as removing them; an unchanged role is a
   * 200 without a write.
   */
  changeRole(actor: AuthUser, id: string, userId: string, dto: ChangeMemberRoleDto): Promise<OrganizationDto> {
    return this.db.transaction(async (manager) => {
      const organization = await this.lockForOwner(manager, actor, id);
      const role = await this.roleOf(manager, id, userId);
      if (!role) throw new NotFound('That user is not a member.');
      if (role !== dto.role) {
        if (role === 'owner') await this.assertAnotherOwner(manager, id);
        await manager.update(Membership, { organizationId: id, userId }, { role: dto.role });
        await this.audit.record(manager, {
          actorId: actor.id,
          action: 'organization.member-role-changed',
          entityType: 'organization',
          entityId: id,
          before: { userId, role },
          after: { userId, role: dto.role },
        });
      }
      return this.fullView(manager, organization, userId === actor.id ? dto.role : 'owner');
    });
  }

  /** The last-owner rule: an owner may step down or leave only when another owner remains (422). */
  private async assertAnotherOwner(manager: EntityManager, id: string): Promise<void> {
    const [{ owners }] = await manager.query<{ owners: number }[]>(
      `SELECT count(*)::int AS owners FROM memberships WHERE organization_id = $1 AND role = 'owner'`,
      [id],
    );
    if (owners <= 1) throw new RuleViolation('An organisation must keep at least one owner.');
  }

  /** Owners remove members; the last owner can never be removed (422). */
  removeMember(actor: AuthUser, id: string, userId: string): Promise<OrganizationDto> {
    return this.db.transaction(async (manager) => {
      const organization = await this.lockForOwner(manager, actor, id);
      const role = await this.roleOf(manager, id, userId);
      if (!role) throw new NotFound('That user is not a member.');
      if (role === 'owner') await this.assertAnotherOwner(manager, id);
      await manager.delete(Membership, { organizationId: id, userId });
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'organization.member-removed',
        entityType: 'organization',
        entityId: id,
        before: { userId, role },
      });
      return this.fullView(manager, organization, userId === actor.id ? null : 'owner');
    });
  }

  /** Names of those of `ids` that exist, by id (for other features' checks and messages). */
  async namesOf(manager: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await manager.query<{ id: string; name: string }[]>(
      `SELECT id, name FROM organizations WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /**
   * Locks the organisation row (so membership changes are serialised: two owners cannot remove
   * each other at once) and checks the caller owns it: 404 if it does not exist, 403 if not owner.
   */
  async lockForOwner(manager: EntityManager, actor: AuthUser, id: string): Promise<Organization> {
    const organization = await this.lockOrganization(manager, id);
    if ((await this.roleOf(manager, id, actor.id)) !== 'owner') {
      throw new Forbidden('Only owners of this organisation may do this.');
    }
    return organization;
  }

  /** Locks the organisation row, for any membership change; 404 if it does not exist. */
  async lockOrganization(manager: EntityManager, id: string): Promise<Organization> {
    const organization = await manager.findOne(Organization, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!organization) throw new NotFound('No such organisation.');
    return organization;
  }

  /** The user's role in the organisation, or null when not a member. */
  async roleOf(manager: EntityManager, organizationId: string, userId: string): Promise<MemberRole | null> {
    const membership = await manager.findOne(Membership, { where: { organizationId, userId } });
    return membership?.role ?? null;
  }

  /** The full view; pending invitations only for an owner (they manage membership). */
  async fullView(
    manager: EntityManager,
    organization: Organization,
    myRole: MemberRole | null,
  ): Promise<OrganizationDto> {
    const members = await manager.query<{ user_id: string; name: string; email: string; role: MemberRole }[]>(
      `SELECT m.user_id, u.name, u.email, m.role
       FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.organization_id = $1 ORDER BY m.role DESC, u.name, u.id`,
      [organization.id],
    );
    const invitations =
      myRole === 'owner'
        ? await manager.query<{ id: string; email: string; role: MemberRole; created_at: Date; expires_at: Date }[]>(
            `SELECT id, email, role, created_at, expires_at FROM organization_invitations
             WHERE organization_id = $1 AND expires_at > now() ORDER BY created_at, email`,
            [organization.id],
          )
        : [];
    return {
      ...summary(organization),
      orgNumber: organization.orgNumber,
      contactEmail: organization.contactEmail,
      members: members.map((m): MemberDto => ({ userId: m.user_id, name: m.name, email: m.email, role: m.role })),
      pendingInvitations: invitations.map((i): PendingInvitationDto => ({
        id: i.id,
        email: i.email,
        role: i.role,
        invitedAt: i.created_at,
        expiresAt: i.expires_at,
      })),
      myRole,
    };
  }
}
