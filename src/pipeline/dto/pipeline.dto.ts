import { EventFiguresDto } from '../../events/dto/event.dto';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { decimalInteger, trimLowerCase } from '../../common/transforms';
import { PILOT_STAGES, PILOT_STATUSES } from '../../pilots/pilot-stage';
import type { PilotStage, PilotStatus } from '../../pilots/pilot-stage';

export class PipelineQueryDto {
  /** Directors and admins: one department (default all). Department staff always see their own. */
  @IsOptional()
  @IsUUID('all')
  departmentId?: string;

  /** Welfare area code. */
  @IsOptional()
  @Transform(trimLowerCase)
  @IsString()
  @Length(1, 50)
  area?: string;

  /** A pilot is stalled after this many days without a gate decision (default 90). */
  @IsOptional()
  @Transform(decimalInteger)
  @IsInt()
  @Min(1)
  @Max(3650)
  stalledDays: number = 90;
}

export class PipelineScopeDto {
  @ApiProperty({ type: String, nullable: true })
  departmentId!: string | null;
  @ApiProperty({ type: String, nullable: true })
  area!: string | null;
  stalledDays!: number;
}

export class StageCountsDto {
  explore_idea!: number;
  explore_setup!: number;
  develop_pilot!: number;
  scale!: number;
}

export class FunnelDto {
  challengesPublished!: number;
  proposalsSubmitted!: number;
  proposalsAccepted!: number;
  /** Pilots that reached each stage (stages only move forward). */
  pilotsReached!: StageCountsDto;
  implemented!: number;
  discontinued!: number;
}

export class StageDto {
  @ApiProperty({ enum: PILOT_STAGES })
  stage!: PilotStage;
  active!: number;
  onHold!: number;
  /** Median days the active and on-hold pilots of this stage have been in it, rounded to one decimal (null: none). */
  @ApiProperty({ type: Number, nullable: true })
  medianDaysInStage!: number | null;
}

export class AreaDto {
  area!: string;
  challengesPublished!: number;
  proposalsSubmitted!: number;
  pilots!: number;
}

export class StalledPilotDto {
  pilotId!: string;
  title!: string;
  department!: string;
  @ApiProperty({ enum: PILOT_STAGES })
  stage!: PilotStage;
  @ApiProperty({ enum: PILOT_STATUSES })
  status!: PilotStatus;
  /** Days since the last gate decision (or since the pilot was created). */
  daysWithoutDecision!: number;
}

export class EvaluatorBacklogDto {
  evaluatorId!: string;
  name!: string;
  assigned!: number;
  submitted!: number;
  /** Still assigned after their due date. */
  overdue!: number;
}

export class PipelineDto {
  scope!: PipelineScopeDto;
  funnel!: FunnelDto;
  stages!: StageDto[];
  areas!: AreaDto[];
  /** The 100 longest without a decision, longest first. */
  stalled!: StalledPilotDto[];
  /** The 100 evaluators with the most overdue, then pending, reviews. */
  evaluatorBacklog!: EvaluatorBacklogDto[];
  /** The innovation centre's events held in the scope, with attendance: in total, by kind and by welfare area. */
  events!: EventFiguresDto;
}
