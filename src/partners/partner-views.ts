import type {
  InvitationDto,
  MemberDto,
  OrganizationDto,
  OrganizationSummaryDto,
  PendingInvitationDto,
} from './dto/organization.dto';
import type { InvitationRow } from './invitations.repository';
import type { MemberRole } from './membership.entity';
import type { Organization } from './organization.entity';
import type { MemberRow, OrganizationSummaryRow, PendingInvitationRow } from './partners.repository';

/** The public fields, for anyone. */
export const summaryView = (o: OrganizationSummaryRow): OrganizationSummaryDto => ({
  id: o.id,
  name: o.name,
  kind: o.kind,
  website: o.website,
  description: o.description,
});

/** The full view: members, and the pending invitations for an owner (the caller passes none otherwise). */
export const fullView = (
  organization: Organization,
  members: readonly MemberRow[],
  invitations: readonly PendingInvitationRow[],
  myRole: MemberRole | null,
): OrganizationDto => ({
  ...summaryView(organization),
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
});

/** What the audit trail keeps of an organisation. */
export const organizationAudit = (o: Organization): Record<string, unknown> => ({
  name: o.name,
  kind: o.kind,
  orgNumber: o.orgNumber,
  website: o.website,
  description: o.description,
  contactEmail: o.contactEmail,
});

/** An open invitation as its invitee sees it. */
export const invitationView = (r: InvitationRow): InvitationDto => ({
  id: r.id,
  organization: { id: r.organization_id, name: r.name, kind: r.kind, website: r.website, description: r.description },
  role: r.role,
  invitedBy: r.invited_by,
  invitedAt: r.created_at,
  expiresAt: r.expires_at,
});
