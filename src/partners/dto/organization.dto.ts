import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, IsUrl, Length, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto';
import { OptionalNotNull } from '../../common/optional-not-null';
import { MEMBER_ROLES } from '../membership.entity';
import type { MemberRole } from '../membership.entity';
import { ORGANIZATION_KINDS } from '../org-number';
import type { OrganizationKind } from '../org-number';
import { trim, trimLowerCase } from '../../common/transforms';

export class CreateOrganizationDto {
  @Transform(trim)
  @IsString()
  @Length(2, 200)
  name!: string;

  @ApiProperty({ enum: ORGANIZATION_KINDS })
  @IsIn(ORGANIZATION_KINDS)
  kind!: OrganizationKind;

  /** Swedish organisationsnummer `NNNNNN-NNNN`: required for company, startup and association, refused for resident. */
  @OptionalNotNull()
  @IsString()
  orgNumber?: string;

  @OptionalNotNull()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'website must be an http(s) URL' })
  @MaxLength(300)
  website?: string;

  @OptionalNotNull()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @OptionalNotNull()
  @Transform(trimLowerCase)
  @IsEmail({}, { message: 'contactEmail must be an email address' })
  @MaxLength(320)
  contactEmail?: string;
}

/** Every field optional; `null` clears the optional ones. The kind and orgNumber are fixed once registered. */
export class UpdateOrganizationDto {
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @Length(2, 200)
  name?: string;

  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'website must be an http(s) URL' })
  @MaxLength(300)
  website?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @IsOptional()
  @Transform(trimLowerCase)
  @IsEmail({}, { message: 'contactEmail must be an email address' })
  @MaxLength(320)
  contactEmail?: string | null;
}

export class ListOrganizationsQueryDto extends PageQueryDto {
  /** `true`: only the caller's own organisations. */
  @IsOptional()
  @IsIn(['true', 'false'])
  mine?: 'true' | 'false';

  /**
   * Name search, case- and accent-insensitive ("malmo" finds "Malmö Mobility AB"). Resident
   * organisations are listed and found only for their own members (and admins).
   */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  q?: string;
}

export class AddMemberDto {
  @Transform(trimLowerCase)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email!: string;

  @ApiProperty({ enum: MEMBER_ROLES })
  @IsIn(MEMBER_ROLES)
  role!: MemberRole;
}

/** A member's new role. */
export class ChangeMemberRoleDto {
  @ApiProperty({ enum: MEMBER_ROLES })
  @IsIn(MEMBER_ROLES)
  role!: MemberRole;
}

export class MemberDto {
  userId!: string;
  name!: string;
  email!: string;
  @ApiProperty({ enum: MEMBER_ROLES })
  role!: MemberRole;
}

/** What anyone may see of an organisation. */
export class OrganizationSummaryDto {
  id!: string;
  name!: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS })
  kind!: OrganizationKind;
  @ApiProperty({ type: String, nullable: true })
  website!: string | null;
  @ApiProperty({ type: String, nullable: true })
  description!: string | null;
}

/**
 * The full view: for its members, admins, and the directors and department staff who read one of
 * its submitted proposals (directors any, department staff those to their department's
 * challenges). Everyone else gets the summary.
 */
export class OrganizationDto extends OrganizationSummaryDto {
  @ApiProperty({ type: String, nullable: true })
  orgNumber!: string | null;
  @ApiProperty({ type: String, nullable: true })
  contactEmail!: string | null;
  members!: MemberDto[];
  /** Invitations not yet answered; only owners see them (empty for everyone else). */
  pendingInvitations!: PendingInvitationDto[];
  /** The caller's own role in it, if any. */
  @ApiProperty({ enum: MEMBER_ROLES, nullable: true })
  myRole!: MemberRole | null;
}

export class OrganizationPageDto {
  items!: OrganizationSummaryDto[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

/** The answer to an invitation: the same whether or not the address has an account. */
export class InvitationSentDto {
  @ApiProperty({ enum: ['invited'] })
  status!: 'invited';
  email!: string;
  @ApiProperty({ enum: MEMBER_ROLES })
  role!: MemberRole;
  expiresAt!: Date;
}

/** An invitation not yet answered, as its organisation's owners see it. */
export class PendingInvitationDto {
  /** For withdrawing it: `DELETE /organizations/:id/invitations/:invitationId`. */
  id!: string;
  email!: string;
  @ApiProperty({ enum: MEMBER_ROLES })
  role!: MemberRole;
  invitedAt!: Date;
  expiresAt!: Date;
}

/** An invitation addressed to the caller. */
export class InvitationDto {
  id!: string;
  organization!: OrganizationSummaryDto;
  @ApiProperty({ enum: MEMBER_ROLES })
  role!: MemberRole;
  /** Name of the owner who invited. */
  invitedBy!: string;
  invitedAt!: Date;
  expiresAt!: Date;
}

export class InvitationPageDto {
  items!: InvitationDto[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
