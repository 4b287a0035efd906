import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { createdAtKey } from '../common/pagination';
import { SqlFilter } from '../common/sql-filter';
import type { MemberRole } from './membership.entity';
import type { OrganizationKind } from './org-number';

/** An open invitation as its invitee sees it: the organisation's public fields and who invited. */
export interface InvitationRow {
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

/**
 * Who sees an invitation: the person it is addressed to, that is the account whose email it
 * names, while it is open (alias `i`; `user` is the placeholder of the account's id).
 */
const addressedTo = (user: string): string =>
  `i.email = (SELECT email FROM users WHERE id = ${user}) AND i.expires_at > now()`;

/** The caller's open invitation `$1`, if it is addressed to the caller's account `$2`. */
const MINE = `i.id = $1 AND ${addressedTo('$2')}`;

/**
 * The organisation invitations' SQL. Every method takes the transaction's (or the data source's)
 * EntityManager. Owners reach an invitation through their organisation (the service checks
 * they own it); an invitee only through `addressedTo`.
 */
@Injectable()
export class InvitationsRepository {
  /** Expired invitations go, of every organisation: an address nobody answered is kept no longer. */
  async purgeExpired(manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM organization_invitations WHERE expires_at <= now()`);
  }

  /** Invites the address (again: the newest role and expiry count); the invitation, and the inviter's name. */
  async upsert(
    manager: EntityManager,
    i: { organizationId: string; email: string; role: MemberRole; invitedBy: string; days: number },
  ): Promise<{ id: string; expires_at: Date; inviter: string }> {
    const [invitation] = await manager.query<{ id: string; expires_at: Date; inviter: string }[]>(
      `INSERT INTO organization_invitations (organization_id, email, role, invited_by, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(days => $5))
       ON CONFLICT (organization_id, email) DO UPDATE SET role = excluded.role, invited_by = excluded.invited_by,
         expires_at = excluded.expires_at, created_at = now()
       RETURNING id, expires_at, (SELECT name FROM users WHERE id = $4) AS inviter`,
      [i.organizationId, i.email, i.role, i.invitedBy, i.days],
    );
    return invitation;
  }

  /** Deletes an invitation of the organisation; what it was (undefined: none such). */
  async deleteOf(
    manager: EntityManager,
    organizationId: string,
    id: string,
  ): Promise<{ email: string; role: MemberRole } | undefined> {
    const [deleted] = await manager.query<[{ email: string; role: MemberRole }[], number]>(
      `DELETE FROM organization_invitations WHERE id = $1 AND organization_id = $2 RETURNING email, role`,
      [id, organizationId],
    );
    return deleted[0];
  }

  /** Open invitations addressed to the user, newest first: keyset over (created_at, id); one statement. */
  listFor(manager: EntityManager, userId: string, page: { cursor?: string; limit: number }): Promise<InvitationRow[]> {
    const filter = new SqlFilter({ sql: addressedTo('$1'), params: [userId] });
    filter.after(page.cursor, 'i');
    const limit = filter.limit(page.limit);
    return manager.query<InvitationRow[]>(
      `SELECT i.id, i.organization_id, o.name, o.kind, o.website, o.description, i.role,
              u.name AS invited_by, i.created_at, i.expires_at, ${createdAtKey('i')} AS created_key
       FROM organization_invitations i
       JOIN organizations o ON o.id = i.organization_id
       JOIN users u ON u.id = i.invited_by
       WHERE ${filter.where} ORDER BY i.created_at DESC, i.id DESC LIMIT ${limit}`,
      filter.params,
    );
  }

  /** The organisation of the user's open invitation `id` (undefined: none addressed to them). */
  async organizationOfMine(manager: EntityManager, id: string, userId: string): Promise<string | undefined> {
    const [found] = await manager.query<{ organization_id: string }[]>(
      `SELECT i.organization_id FROM organization_invitations i WHERE ${MINE}`,
      [id, userId],
    );
    return found?.organization_id;
  }

  /**
   * Takes (deletes) the user's open invitation `id`: of two answers at once, one gets it. What
   * it was (undefined: none addressed to them).
   */
  async takeMine(
    manager: EntityManager,
    id: string,
    userId: string,
  ): Promise<{ organization_id: string; role: MemberRole; invited_by: string; email: string } | undefined> {
    const [deleted] = await manager.query<
      [{ organization_id: string; role: MemberRole; invited_by: string; email: string }[], number]
    >(
      `DELETE FROM organization_invitations i WHERE ${MINE} RETURNING i.organization_id, i.role, i.invited_by, i.email`,
      [id, userId],
    );
    return deleted[0];
  }
}
