import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { hasRole } from '../common/access-policy';
import type { AuthUser } from '../common/auth.decorators';
import { isUniqueViolation } from '../common/database-errors';
import { Conflict, Forbidden, InvalidInput, NotFound, RuleViolation } from '../common/errors';
import { toPage } from '../common/pagination';
import {
  ChangeMemberRoleDto,
  CreateOrganizationDto,
  ListOrganizationsQueryDto,
  OrganizationDto,
  OrganizationPageDto,
  OrganizationSummaryDto,
  UpdateOrganizationDto,
} from './dto/organization.dto';
import type { MemberRole } from './membership.entity';
import { orgNumberProblem, orgNumberRequirement } from './org-number';
import { Organization } from './organization.entity';
import { fullView, organizationAudit, summaryView } from './partner-views';
import { PartnersRepository } from './partners.repository';

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
    private readonly partners: PartnersRepository,
    private readonly audit: AuditService,
  ) {}

  create(actor: AuthUser, dto: CreateOrganizationDto): Promise<OrganizationDto> {
    assertOrgNumber(dto);
    return this.db.transaction(async (manager) => {
      const organization = await this.partners
        .insert(manager, {
          name: dto.name,
          kind: dto.kind,
          orgNumber: dto.orgNumber ?? null,
          website: dto.website ?? null,
          description: dto.description ?? null,
          contactEmail: dto.contactEmail ?? null,
        })
        .catch((error: unknown) => {
          if (isUniqueViolation(error, 'organizations_org_number_unique')) {
            throw new Conflict(`An organisation with orgNumber ${dto.orgNumber} is already registered.`);
          }
          throw error;
        });
      await this.partners.addMember(manager, organization.id, actor.id, 'owner');
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'organization.created',
        entityType: 'organization',
        entityId: organization.id,
        after: organizationAudit(organization),
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
    const organization = await this.partners.findById(this.db.manager, id);
    if (!organization) throw new NotFound('No such organisation.');
    const role = actor ? await this.roleOf(this.db.manager, id, actor.id) : null;
    const privileged = role !== null || (await this.hasCityNeed(actor, id));
    return privileged ? this.fullView(this.db.manager, organization, role) : summaryView(organization);
  }

  /** Admins; directors and department staff who read a submitted proposal the organisation is in. */
  private async hasCityNeed(actor: AuthUser | undefined, id: string): Promise<boolean> {
    if (hasRole(actor, 'admin')) return true;
    let departmentId: string | null;
    if (hasRole(actor, 'director')) departmentId = null;
    else if (hasRole(actor, 'department') && actor?.departmentId) departmentId = actor.departmentId;
    else return false;
    return this.partners.inSubmittedProposal(this.db.manager, id, departmentId);
  }

  async list(actor: AuthUser, query: ListOrganizationsQueryDto): Promise<OrganizationPageDto> {
    const rows = await this.partners.list(this.db.manager, actor, {
      mine: query.mine === 'true',
      q: query.q,
      cursor: query.cursor,
      limit: query.limit,
    });
    return query.q
      ? toPage(rows, query.limit, (r) => [r.score ?? 0, r.id], summaryView)
      : toPage(rows, query.limit, (r) => [r.name, r.id], summaryView);
  }

  update(actor: AuthUser, id: string, dto: UpdateOrganizationDto): Promise<OrganizationDto> {
    return this.db.transaction(async (manager) => {
      const organization = await this.lockForOwner(manager, actor, id);
      const before = organizationAudit(organization);
      const changes: Partial<Organization> = {};
      if (dto.name !== undefined) changes.name = dto.name;
      if (dto.website !== undefined) changes.website = dto.website;
      if (dto.description !== undefined) changes.description = dto.description;
      if (dto.contactEmail !== undefined) changes.contactEmail = dto.contactEmail;
      Object.assign(organization, changes);
      if (Object.keys(changes).length > 0) {
        await this.partners.update(manager, id, changes);
        await this.audit.record(manager, {
          actorId: actor.id,
          action: 'organization.updated',
          entityType: 'organization',
          entityId: id,
          before,
          after: organizationAudit(organization),
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
        await this.partners.setRole(manager, id, userId, dto.role);
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
    if ((await this.partners.countOwners(manager, id)) <= 1)
      throw new RuleViolation('An organisation must keep at least one owner.');
  }

  /** Owners remove members; the last owner can never be removed (422). */
  removeMember(actor: AuthUser, id: string, userId: string): Promise<OrganizationDto> {
    return this.db.transaction(async (manager) => {
      const organization = await this.lockForOwner(manager, actor, id);
      const role = await this.roleOf(manager, id, userId);
      if (!role) throw new NotFound('That user is not a member.');
      if (role === 'owner') await this.assertAnotherOwner(manager, id);
      await this.partners.removeMember(manager, id, userId);
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
    return this.partners.namesOf(manager, ids);
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
    const organization = await this.partners.lock(manager, id);
    if (!organization) throw new NotFound('No such organisation.');
    return organization;
  }

  /** The user's role in the organisation, or null when not a member. */
  roleOf(manager: EntityManager, organizationId: string, userId: string): Promise<MemberRole | null> {
    return this.partners.roleOf(manager, organizationId, userId);
  }

  /** The full view; pending invitations only for an owner (they manage membership). */
  async fullView(
    manager: EntityManager,
    organization: Organization,
    myRole: MemberRole | null,
  ): Promise<OrganizationDto> {
    const members = await this.partners.members(manager, organization.id);
    const invitations = myRole === 'owner' ? await this.partners.pendingInvitations(manager, organization.id) : [];
    return fullView(organization, members, invitations, myRole);
  }
}
