import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, OptionalAuth, Roles } from '../common/auth.decorators';
import type { AuthUser } from '../common/auth.decorators';
import { UuidParam } from '../common/uuid-param';
import { ChallengesService } from './challenges.service';
import {
  ChallengeDto,
  ChallengePageDto,
  CreateChallengeDto,
  ListChallengesQueryDto,
  UpdateChallengeDto,
} from './dto/challenge.dto';

@ApiTags('challenges')
@ApiBearerAuth()
@Controller('challenges')
export class ChallengesController {
  constructor(private readonly challenges: ChallengesService) {}

  /** Creates a draft for the caller's department (department staff) or any department (admins). */
  @Roles('department', 'admin')
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateChallengeDto): Promise<ChallengeDto> {
    return this.challenges.create(user, dto);
  }

  /**
   * Published, closed and archived challenges for anyone, signed in or not; drafts also for their
   * department's staff, directors and admins. Newest first, or by relevance when `q` is given.
   */
  @OptionalAuth()
  @Get()
  list(@CurrentUser() user: AuthUser | undefined, @Query() query: ListChallengesQueryDto): Promise<ChallengePageDto> {
    return this.challenges.list(user, query);
  }

  /** Anyone reads a published, closed or archived challenge; a draft is 404 outside its department, directors and admins. */
  @OptionalAuth()
  @Get(':id')
  get(@CurrentUser() user: AuthUser | undefined, @UuidParam() id: string): Promise<ChallengeDto> {
    return this.challenges.get(user, id);
  }

  /**
   * The challenge's department staff or an admin. A draft may change freely; a published one its
   * texts, tags, SDGs, criteria (until the first review is submitted) and a later deadline;
   * closed and archived ones nothing (409).
   */
  @Roles('department', 'admin')
  @Patch(':id')
  update(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: UpdateChallengeDto,
  ): Promise<ChallengeDto> {
    return this.challenges.update(user, id, dto);
  }

  /** draft → published; needs a future submissionDeadline and criteria weights summing to 100 (422). */
  @Roles('department', 'admin')
  @HttpCode(200)
  @Post(':id/publish')
  publish(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<ChallengeDto> {
    return this.challenges.transition(user, id, 'publish');
  }

  /** published → closed (also done automatically within a minute of the deadline). */
  @Roles('department', 'admin')
  @HttpCode(200)
  @Post(':id/close')
  close(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<ChallengeDto> {
    return this.challenges.transition(user, id, 'close');
  }

  /** closed → archived. */
  @Roles('department', 'admin')
  @HttpCode(200)
  @Post(':id/archive')
  archive(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<ChallengeDto> {
    return this.challenges.transition(user, id, 'archive');
  }
}
