import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { CurrentUser } from '../common/auth.decorators';
import type { AuthUser } from '../common/auth.decorators';
import { UuidParam } from '../common/uuid-param';
import {
  BlindProposalDto,
  CreateProposalDto,
  ListProposalsQueryDto,
  ProposalDto,
  ProposalHistoryDto,
  ProposalPageDto,
  UpdateProposalDto,
} from './dto/proposal.dto';
import { ConsortiumService } from './consortium.service';
import { ProposalsService } from './proposals.service';

@ApiTags('proposals')
@ApiBearerAuth()
@ApiExtraModels(ProposalDto, BlindProposalDto)
@Controller()
export class ProposalsController {
  constructor(
    private readonly proposals: ProposalsService,
    private readonly consortia: ConsortiumService,
  ) {}

  /** A draft on a published challenge before its deadline; the caller must be a member of the lead organisation. */
  @Post('challenges/:id/proposals')
  create(
    @CurrentUser() user: AuthUser,
    @UuidParam() challengeId: string,
    @Body() dto: CreateProposalDto,
  ): Promise<ProposalDto> {
    return this.proposals.create(user, challengeId, dto);
  }

  /** Partners: their organisations' proposals; department staff: submitted ones of their challenges; directors, admins: all submitted. */
  @Get('proposals')
  list(@CurrentUser() user: AuthUser, @Query() query: ListProposalsQueryDto): Promise<ProposalPageDto> {
    return this.proposals.list(user, query);
  }

  /** 404 unless the caller may see it. An evaluator of a blind-review challenge gets the view without organisations or people. */
  @ApiOkResponse({
    schema: { oneOf: [{ $ref: getSchemaPath(ProposalDto) }, { $ref: getSchemaPath(BlindProposalDto) }] },
  })
  @Get('proposals/:id')
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<ProposalDto | BlindProposalDto> {
    return this.proposals.get(user, id);
  }

  /** What happened to the proposal, oldest first: for its consortium and the challenge's city staff (403 for an evaluator). */
  @Get('proposals/:id/history')
  history(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<ProposalHistoryDto> {
    return this.proposals.history(user, id);
  }

  /** Drafts only (409 once submitted), by lead-organisation members. */
  @Patch('proposals/:id')
  update(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: UpdateProposalDto): Promise<ProposalDto> {
    return this.proposals.update(user, id, dto);
  }

  /** Drafts only, by lead-organisation members. */
  @HttpCode(204)
  @Delete('proposals/:id')
  remove(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<void> {
    return this.proposals.remove(user, id);
  }

  /** draft → submitted: while the challenge is published and before its deadline, every partner confirmed (422). */
  @HttpCode(200)
  @Post('proposals/:id/submit')
  submit(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<ProposalDto> {
    return this.proposals.transition(user, id, 'submit');
  }

  /** submitted → withdrawn, until a decision exists (409 after). */
  @HttpCode(200)
  @Post('proposals/:id/withdraw')
  withdraw(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<ProposalDto> {
    return this.proposals.transition(user, id, 'withdraw');
  }

  /** An owner of the invited partner organisation confirms its place in the consortium. */
  @HttpCode(200)
  @Post('proposals/:id/partners/:organizationId/confirm')
  confirm(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @UuidParam('organizationId') organizationId: string,
  ): Promise<ProposalDto> {
    return this.consortia.confirmPartner(user, id, organizationId);
  }

  /** An owner of the invited partner organisation declines; the organisation leaves the consortium (204). */
  @HttpCode(204)
  @Post('proposals/:id/partners/:organizationId/decline')
  decline(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @UuidParam('organizationId') organizationId: string,
  ): Promise<void> {
    return this.consortia.declinePartner(user, id, organizationId);
  }
}
