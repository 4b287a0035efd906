import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto';
import { OptionalNotNull } from '../../common/optional-not-null';
import { IsTimestamp } from '../../common/timestamp';
import { trim, trimLowerCase } from '../../common/transforms';
import { GATE_OUTCOMES, GATES, GOAL_DIRECTIONS } from '../gate-rules';
import type { Gate, GateOutcome, GoalDirection } from '../gate-rules';
import { PILOT_STAGES, PILOT_STATUSES } from '../pilot-stage';
import type { PilotStage, PilotStatus } from '../pilot-stage';

const MAX_SEK = 2_147_483_647;
/** Effect-goal figures: finite numbers of a sane size (no NaN, no 1e308). */
const MAX_FIGURE = 1e12;

export class ListPilotsQueryDto extends PageQueryDto {
  @ApiProperty({ enum: PILOT_STAGES, required: false })
  @IsOptional()
  @IsIn(PILOT_STAGES)
  stage?: PilotStage;

  @ApiProperty({ enum: PILOT_STATUSES, required: false })
  @IsOptional()
  @IsIn(PILOT_STATUSES)
  status?: PilotStatus;

  /** Welfare area code of the pilot's challenge. */
  @IsOptional()
  @Transform(trimLowerCase)
  @IsString()
  @Length(1, 50)
  area?: string;

  @IsOptional()
  @IsUUID('all')
  departmentId?: string;
}

export class GateDecisionInputDto {
  /** The gate that leaves the pilot's current stage: time, money, scale or implement. */
  @ApiProperty({ enum: GATES })
  @IsIn(GATES)
  gate!: Gate;

  @ApiProperty({ enum: GATE_OUTCOMES })
  @IsIn(GATE_OUTCOMES)
  outcome!: GateOutcome;

  /** Why (10–5000 characters): a public record of the city's decision. */
  @Transform(trim)
  @IsString()
  @Length(10, 5000)
  rationale!: string;

  /** Granted by a money go (required there), refused anywhere else. */
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(MAX_SEK)
  grantedBudgetSek?: number;

  /** The pilot's `version` as the caller last saw it; a stale one is refused (409). */
  @IsInt()
  @Min(1)
  version!: number;
}

/** The swagger plugin cannot read `@Min(-MAX_FIGURE)`, and left these fields out of the spec. */
const FIGURE = { type: Number, minimum: -MAX_FIGURE, maximum: MAX_FIGURE } as const;

export class CreateEffectGoalDto {
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name!: string;

  /** e.g. "%", "antal per månad", "kg CO₂e". */
  @Transform(trim)
  @IsString()
  @Length(1, 50)
  unit!: string;

  @ApiProperty(FIGURE)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-MAX_FIGURE)
  @Max(MAX_FIGURE)
  baseline!: number;

  @ApiProperty(FIGURE)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-MAX_FIGURE)
  @Max(MAX_FIGURE)
  target!: number;

  @ApiProperty({ enum: GOAL_DIRECTIONS })
  @IsIn(GOAL_DIRECTIONS)
  direction!: GoalDirection;
}

export class CreateMeasurementDto {
  @ApiProperty(FIGURE)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-MAX_FIGURE)
  @Max(MAX_FIGURE)
  value!: number;

  /** When the value was measured; not in the future. */
  @IsTimestamp()
  measuredAt!: string;

  @OptionalNotNull()
  @IsString()
  @MaxLength(2000)
  @Matches(/\S/, { message: 'note must not be blank' })
  note?: string;
}

export class RefDto {
  id!: string;
  name!: string;
}

export class TitledRefDto {
  id!: string;
  title!: string;
}

export class LatestMeasurementDto {
  value!: number;
  measuredAt!: Date;
}

export class EffectGoalDto {
  id!: string;
  name!: string;
  unit!: string;
  baseline!: number;
  target!: number;
  @ApiProperty({ enum: GOAL_DIRECTIONS })
  direction!: GoalDirection;
  @ApiProperty({ type: LatestMeasurementDto, nullable: true })
  latestMeasurement!: LatestMeasurementDto | null;
  /** (latest − baseline) / (target − baseline); 1 means the target is reached. */
  @ApiProperty({ type: Number, nullable: true })
  progress!: number | null;
}

export class MeasurementDto {
  id!: string;
  effectGoalId!: string;
  value!: number;
  measuredAt!: Date;
  @ApiProperty({ type: String, nullable: true })
  note!: string | null;
  createdAt!: Date;
}

export class GateDecisionDto {
  id!: string;
  @ApiProperty({ enum: GATES })
  gate!: Gate;
  @ApiProperty({ enum: GATE_OUTCOMES })
  outcome!: GateOutcome;
  rationale!: string;
  @ApiProperty({ type: Number, nullable: true })
  grantedBudgetSek!: number | null;
  @ApiProperty({ enum: PILOT_STAGES })
  fromStage!: PilotStage;
  @ApiProperty({ enum: PILOT_STAGES })
  toStage!: PilotStage;
  @ApiProperty({ enum: PILOT_STATUSES })
  fromStatus!: PilotStatus;
  @ApiProperty({ enum: PILOT_STATUSES })
  toStatus!: PilotStatus;
  decidedBy!: RefDto;
  decidedAt!: Date;
}

export class PilotSummaryDto {
  id!: string;
  /** The accepted proposal's title. */
  title!: string;
  challenge!: TitledRefDto;
  department!: RefDto;
  welfareArea!: string;
  leadOrganization!: RefDto;
  @ApiProperty({ enum: PILOT_STAGES })
  stage!: PilotStage;
  @ApiProperty({ enum: PILOT_STATUSES })
  status!: PilotStatus;
  /** Send it back with a gate decision. */
  version!: number;
  @ApiProperty({ type: Number, nullable: true })
  grantedBudgetSek!: number | null;
  stageEnteredAt!: Date;
  createdAt!: Date;
}

export class PilotDto extends PilotSummaryDto {
  proposal!: TitledRefDto;
  /** The caller is a member of the lead organisation (and may record measurements). */
  callerInLead!: boolean;
  effectGoals!: EffectGoalDto[];
  @ApiProperty({ type: GateDecisionDto, nullable: true })
  lastGateDecision!: GateDecisionDto | null;
}

/** Every measurement of a pilot's effect goals, oldest first (by when measured). */
export class MeasurementListDto {
  items!: MeasurementDto[];
}

export class PilotPageDto {
  items!: PilotSummaryDto[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

/** One change of stage or status, oldest first: the acceptance that created the pilot, then each gate decision. */
export class HistoryEntryDto {
  @ApiProperty({ enum: ['created', 'gate'] })
  kind!: 'created' | 'gate';
  at!: Date;
  by!: RefDto;
  @ApiProperty({ enum: GATES, nullable: true })
  gate!: Gate | null;
  @ApiProperty({ enum: GATE_OUTCOMES, nullable: true })
  outcome!: GateOutcome | null;
  rationale!: string;
  @ApiProperty({ enum: PILOT_STAGES, nullable: true })
  fromStage!: PilotStage | null;
  @ApiProperty({ enum: PILOT_STAGES })
  toStage!: PilotStage;
  @ApiProperty({ enum: PILOT_STATUSES, nullable: true })
  fromStatus!: PilotStatus | null;
  @ApiProperty({ enum: PILOT_STATUSES })
  toStatus!: PilotStatus;
  @ApiProperty({ type: Number, nullable: true })
  grantedBudgetSek!: number | null;
}

export class HistoryDto {
  items!: HistoryEntryDto[];
}

export class RegistryQueryDto extends PageQueryDto {
  /** Welfare area code. */
  @IsOptional()
  @Transform(trimLowerCase)
  @IsString()
  @Length(1, 50)
  area?: string;

  @ApiProperty({ enum: PILOT_STAGES, required: false })
  @IsOptional()
  @IsIn(PILOT_STAGES)
  stage?: PilotStage;
}

export class RegistryGoalDto {
  name!: string;
  unit!: string;
  baseline!: number;
  target!: number;
  @ApiProperty({ enum: GOAL_DIRECTIONS })
  direction!: GoalDirection;
  @ApiProperty({ type: Number, nullable: true })
  latestValue!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  progress!: number | null;
}

/** A pilot as the public sees it: what the city decided, no personal data. */
export class RegistryPilotDto {
  id!: string;
  title!: string;
  summary!: string;
  welfareArea!: string;
  /** The department's name. */
  department!: string;
  @ApiProperty({ enum: PILOT_STAGES })
  stage!: PilotStage;
  @ApiProperty({ enum: PILOT_STATUSES })
  status!: PilotStatus;
  /** The lead organisation's name, or "Resident initiative" when residents lead it. */
  lead!: string;
  effectGoals!: RegistryGoalDto[];
}

export class RegistryPageDto {
  items!: RegistryPilotDto[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
