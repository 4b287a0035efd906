import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth.decorators';
import type { AuthUser } from '../common/auth.decorators';
import { UuidParam } from '../common/uuid-param';
import {
  CreateEffectGoalDto,
  CreateMeasurementDto,
  EffectGoalDto,
  GateDecisionInputDto,
  HistoryDto,
  ListPilotsQueryDto,
  MeasurementDto,
  MeasurementListDto,
  PilotDto,
  PilotPageDto,
} from './dto/pilot.dto';
import { PilotsService } from './pilots.service';

@ApiTags('pilots')
@ApiBearerAuth()
@Controller('pilots')
export class PilotsController {
  constructor(private readonly pilots: PilotsService) {}

  /** Department staff: their department's pilots; directors and admins: all; lead-organisation members: their own. */
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListPilotsQueryDto): Promise<PilotPageDto> {
    return this.pilots.list(user, query);
  }

  /** Stage, status, version, budget, effect goals with their latest measurement and progress, the last gate decision. */
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<PilotDto> {
    return this.pilots.get(user, id);
  }

  /**
   * The gate that leaves the current stage (422 otherwise), by its authority (time: the pilot's
   * department staff or a director; money, scale, implement: a director), with the current `version` (409 when stale).
   */
  @Roles('department', 'director', 'admin')
  @Post(':id/gate-decisions')
  decide(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: GateDecisionInputDto): Promise<PilotDto> {
    return this.pilots.decideGate(user, id, dto);
  }

  /** Every stage and status change, oldest first: who, when, gate, outcome, rationale. */
  @Get(':id/history')
  history(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<HistoryDto> {
    return this.pilots.history(user, id);
  }

  /** The pilot's department staff or a director sets an effect goal (target differs from baseline, in the stated direction). */
  @Roles('department', 'director', 'admin')
  @Post(':id/effect-goals')
  addEffectGoal(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: CreateEffectGoalDto,
  ): Promise<EffectGoalDto> {
    return this.pilots.addEffectGoal(user, id, dto);
  }

  /** Every measurement of the pilot's effect goals, oldest first: the series behind its charts. */
  @Get(':id/measurements')
  measurements(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<MeasurementListDto> {
    return this.pilots.measurements(user, id);
  }

  /** Department staff, directors, admins and members of the lead organisation record a measurement. */
  @HttpCode(201)
  @Post(':id/effect-goals/:goalId/measurements')
  addMeasurement(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @UuidParam('goalId') goalId: string,
    @Body() dto: CreateMeasurementDto,
  ): Promise<MeasurementDto> {
    return this.pilots.addMeasurement(user, id, goalId, dto);
  }
}
