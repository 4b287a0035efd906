import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth.decorators';
import type { AuthUser } from '../common/auth.decorators';
import { UuidParam } from '../common/uuid-param';
import {
  AssignmentDto,
  AssignmentPageDto,
  CreateAssignmentDto,
  DeclarationDto,
  DecisionInputDto,
  DecisionResultDto,
  ListAssignmentsQueryDto,
  RankingDto,
  ReviewDto,
  ReviewInputDto,
  ReviewListDto,
} from './dto/evaluation.dto';
import { EvaluationService } from './evaluation.service';
import { RankingService } from './ranking.service';

@ApiTags('evaluation')
@ApiBearerAuth()
@Controller()
export class EvaluationController {
  constructor(
    private readonly evaluation: EvaluationService,
    private readonly rankings: RankingService,
  ) {}

  /** The challenge's department staff, a director or an admin assigns an evaluator to a submitted proposal. */
  @Roles('department', 'director', 'admin')
  @Post('proposals/:id/assignments')
  assign(
    @CurrentUser() user: AuthUser,
    @UuidParam() proposalId: string,
    @Body() dto: CreateAssignmentDto,
  ): Promise<AssignmentDto> {
    return this.evaluation.assign(user, proposalId, dto);
  }

  /** An evaluator's assignments (`mine=true`), or the assignments of proposals the staff caller acts on. */
  @Get('assignments')
  listAssignments(@CurrentUser() user: AuthUser, @Query() query: ListAssignmentsQueryDto): Promise<AssignmentPageDto> {
    return this.evaluation.listAssignments(user, query);
  }

  /** The assigned evaluator declares a conflict of interest (recused) or its absence, once. */
  @Roles('evaluator')
  @HttpCode(200)
  @Post('assignments/:id/declaration')
  declare(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: DeclarationDto): Promise<AssignmentDto> {
    return this.evaluation.declare(user, id, dto);
  }

  /** Saves the review as a draft or submits it (then immutable). */
  @Roles('evaluator')
  @Put('assignments/:id/review')
  saveReview(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: ReviewInputDto): Promise<ReviewDto> {
    return this.evaluation.saveReview(user, id, dto);
  }

  /** Staff: all submitted reviews with names. Evaluators: their own, then the others' anonymously once theirs is submitted. */
  @Roles('evaluator', 'department', 'director', 'admin')
  @Get('proposals/:id/reviews')
  reviews(@CurrentUser() user: AuthUser, @UuidParam() proposalId: string): Promise<ReviewListDto> {
    return this.evaluation.reviews(user, proposalId);
  }

  /** Weighted, normalised ranking of the challenge's submitted and decided proposals. */
  @Roles('department', 'director', 'admin')
  @Get('challenges/:id/ranking')
  ranking(@CurrentUser() user: AuthUser, @UuidParam() challengeId: string): Promise<RankingDto> {
    return this.rankings.ranking(user, challengeId);
  }

  /** accepted (needs a submitted review, nobody still assigned; creates the pilot) or rejected. */
  @Roles('department', 'director', 'admin')
  @HttpCode(200)
  @Post('proposals/:id/decision')
  decide(
    @CurrentUser() user: AuthUser,
    @UuidParam() proposalId: string,
    @Body() dto: DecisionInputDto,
  ): Promise<DecisionResultDto> {
    return this.evaluation.decide(user, proposalId, dto);
  }
}
