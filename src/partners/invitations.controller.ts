import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../common/auth.decorators';
import type { AuthUser } from '../common/auth.decorators';
import { PageQueryDto } from '../common/dto/page-query.dto';
import { UuidParam } from '../common/uuid-param';
import { InvitationPageDto, OrganizationDto } from './dto/organization.dto';
import { InvitationsService } from './invitations.service';

/** The signed-in person's side of organisation invitations: only their own address's are visible. */
@ApiTags('organizations')
@ApiBearerAuth()
@Controller('invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  /** Open invitations addressed to the caller's email, newest first. */
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<InvitationPageDto> {
    return this.invitations.listMine(user, query);
  }

  /** Joins the organisation with the invited role; answers the organisation. Not the caller's → 404. */
  @HttpCode(200)
  @Post(':id/accept')
  accept(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<OrganizationDto> {
    return this.invitations.accept(user, id);
  }

  /** Refuses the invitation; it is gone. Not the caller's → 404. */
  @HttpCode(204)
  @Post(':id/decline')
  decline(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<void> {
    return this.invitations.decline(user, id);
  }
}
