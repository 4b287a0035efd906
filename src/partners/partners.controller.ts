import { Body, Controller, Delete, Get, HttpCode, Post, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { CurrentUser, OptionalAuth } from '../common/auth.decorators';
import type { AuthUser } from '../common/auth.decorators';
import { UuidParam } from '../common/uuid-param';
import {
  AddMemberDto,
  ChangeMemberRoleDto,
  CreateOrganizationDto,
  InvitationSentDto,
  ListOrganizationsQueryDto,
  OrganizationDto,
  OrganizationPageDto,
  OrganizationSummaryDto,
  UpdateOrganizationDto,
} from './dto/organization.dto';
import { InvitationsService } from './invitations.service';
import { PartnersService } from './partners.service';

@ApiTags('organizations')
@ApiBearerAuth()
@ApiExtraModels(OrganizationDto, OrganizationSummaryDto)
@Controller('organizations')
export class PartnersController {
  constructor(
    private readonly partners: PartnersService,
    private readonly invitations: InvitationsService,
  ) {}

  /** Registers an organisation; the caller becomes its owner. */
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateOrganizationDto): Promise<OrganizationDto> {
    return this.partners.create(user, dto);
  }

  /** The caller's organisations (`mine=true`) or a name search (`q`). */
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListOrganizationsQueryDto): Promise<OrganizationPageDto> {
    return this.partners.list(user, query);
  }

  /** Public fields for anyone; orgNumber, contactEmail and members for members, department staff, directors, admins. */
  @OptionalAuth()
  @ApiOkResponse({
    schema: { oneOf: [{ $ref: getSchemaPath(OrganizationDto) }, { $ref: getSchemaPath(OrganizationSummaryDto) }] },
  })
  @Get(':id')
  get(
    @CurrentUser() user: AuthUser | undefined,
    @UuidParam() id: string,
  ): Promise<OrganizationSummaryDto | OrganizationDto> {
    return this.partners.get(user, id);
  }

  /** Owners only. */
  @Patch(':id')
  update(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: UpdateOrganizationDto,
  ): Promise<OrganizationDto> {
    return this.partners.update(user, id, dto);
  }

  /**
   * Owners invite an address to join; membership starts when its owner accepts (`/invitations`).
   * Always 202 with the same body, whether or not the address has an account.
   */
  @HttpCode(202)
  @Post(':id/members')
  invite(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: AddMemberDto,
  ): Promise<InvitationSentDto> {
    return this.invitations.invite(user, id, dto);
  }

  /** Owners withdraw an invitation not yet answered; answers the updated organisation. */
  @Delete(':id/invitations/:invitationId')
  revokeInvitation(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @UuidParam('invitationId') invitationId: string,
  ): Promise<OrganizationDto> {
    return this.invitations.revoke(user, id, invitationId);
  }

  /** Owners change a member's role; the last owner never becomes a plain member (422). */
  @Patch(':id/members/:userId')
  changeRole(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @UuidParam('userId') userId: string,
    @Body() dto: ChangeMemberRoleDto,
  ): Promise<OrganizationDto> {
    return this.partners.changeRole(user, id, userId, dto);
  }

  /** Owners remove a member; never the last owner (422). */
  @Delete(':id/members/:userId')
  removeMember(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @UuidParam('userId') userId: string,
  ): Promise<OrganizationDto> {
    return this.partners.removeMember(user, id, userId);
  }
}
