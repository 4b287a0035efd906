import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth.decorators';
import type { AuthUser } from '../common/auth.decorators';
import { PipelineDto, PipelineQueryDto } from './dto/pipeline.dto';
import { PipelineService } from './pipeline.service';

@ApiTags('pipeline')
@ApiBearerAuth()
@Controller('pipeline')
export class PipelineController {
  constructor(private readonly pipeline: PipelineService) {}

  /** Funnel, stages, areas, stalled pilots and the evaluators' backlog: the city's (directors, admins) or the caller's department's. */
  @Roles('department', 'director', 'admin')
  @Get()
  get(@CurrentUser() user: AuthUser, @Query() query: PipelineQueryDto): Promise<PipelineDto> {
    return this.pipeline.pipeline(user, query);
  }
}
