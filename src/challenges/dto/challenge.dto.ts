import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto';
import { OptionalNotNull } from '../../common/optional-not-null';
import { IsTimestamp } from '../../common/timestamp';
import { decimalInteger, trim, trimLowerCase } from '../../common/transforms';
import { CHALLENGE_STATUSES } from '../challenge-state';
import type { ChallengeStatus } from '../challenge-state';
import { MAX_CRITERIA } from '../criteria';

const MAX_BUDGET_SEK = 2_147_483_647;
const MAX_TAGS = 20;

/** Tags are compared in lower case, without surrounding spaces. */
const trimLowerCaseEach = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value) ? value.map((tag) => trimLowerCase({ value: tag })) : value;

export class CriterionInputDto {
  /** Keep an existing criterion's id when editing; new criteria get an id from the server. */
  @OptionalNotNull()
  @IsUUID('all', { message: 'id must be the id of an existing criterion' })
  id?: string;

  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  /** Integer 1–100; the weights of all criteria must sum to exactly 100 to publish. */
  @IsInt()
  @Min(1)
  @Max(100)
  weight!: number;
}

/** Fields shared by create and update; `null` clears an optional field. */
class ChallengeFieldsDto {
  @IsOptional()
  @IsTimestamp()
  submissionDeadline?: string | null;

  /** Integer SEK. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_BUDGET_SEK)
  budgetSek?: number | null;

  /** Where in the city the pilot would run, e.g. "Oceanhamnen". */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  testbedSite?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  expectedEffects?: string | null;

  /** UN Sustainable Development Goals, 1–17. */
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(17)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(17, { each: true })
  sdgs?: number[];

  /** Free keywords, stored in lower case. */
  @OptionalNotNull()
  @Transform(trimLowerCaseEach)
  @IsArray()
  @ArrayMaxSize(MAX_TAGS)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  tags?: string[];

  /** Evaluators see no organisation or person behind a proposal (default true). */
  @OptionalNotNull()
  @IsBoolean()
  blindReview?: boolean;

  /** May be incomplete in a draft; publishing needs integer weights that sum to exactly 100. */
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_CRITERIA)
  @ValidateNested({ each: true })
  @Type(() => CriterionInputDto)
  criteria?: CriterionInputDto[];
}

export class CreateChallengeDto extends ChallengeFieldsDto {
  @Transform(trim)
  @IsString()
  @Length(3, 200)
  title!: string;

  @Transform(trim)
  @IsString()
  @Length(1, 1000)
  summary!: string;

  @IsString()
  @Length(1, 20000)
  @Matches(/\S/, { message: 'description must not be blank' })
  description!: string;

  /** A code from `GET /welfare-areas`, e.g. `healthcare`. */
  @Transform(trimLowerCase)
  @IsString()
  @Length(1, 50)
  welfareArea!: string;

  /** Defaults to the caller's own department; department staff may name only their own, admins any. */
  @OptionalNotNull()
  @IsUUID('all')
  departmentId?: string;
}

/** Every field optional. What may change depends on the status (see `PATCH /challenges/{id}`). */
export class UpdateChallengeDto extends ChallengeFieldsDto {
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @Length(3, 200)
  title?: string;

  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @Length(1, 1000)
  summary?: string;

  @OptionalNotNull()
  @IsString()
  @Length(1, 20000)
  @Matches(/\S/, { message: 'description must not be blank' })
  description?: string;

  @OptionalNotNull()
  @Transform(trimLowerCase)
  @IsString()
  @Length(1, 50)
  welfareArea?: string;
}

export class ListChallengesQueryDto extends PageQueryDto {
  @ApiProperty({ enum: CHALLENGE_STATUSES, required: false })
  @IsOptional()
  @IsIn(CHALLENGE_STATUSES)
  status?: ChallengeStatus;

  /** Welfare area code. */
  @IsOptional()
  @Transform(trimLowerCase)
  @IsString()
  @Length(1, 50)
  area?: string;

  @IsOptional()
  @IsUUID('all')
  departmentId?: string;

  /** A UN Sustainable Development Goal, 1–17. */
  @IsOptional()
  @Transform(decimalInteger)
  @IsInt()
  @Min(1)
  @Max(17)
  sdg?: number;

  @IsOptional()
  @Transform(trimLowerCase)
  @IsString()
  @Length(1, 50)
  tag?: string;

  /** Only challenges whose submission deadline is after this moment. */
  @IsOptional()
  @IsTimestamp()
  deadlineAfter?: string;

  /** Full-text search over title, summary, description and tags, Swedish and English; ranks by relevance. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'q must not be blank' })
  q?: string;
}

export class CriterionDto {
  id!: string;
  name!: string;
  @ApiProperty({ type: String, nullable: true })
  description!: string | null;
  weight!: number;
}

export class ChallengeDepartmentDto {
  id!: string;
  name!: string;
}

/** A challenge as lists show it. */
export class ChallengeSummaryDto {
  id!: string;
  title!: string;
  summary!: string;
  /** Welfare area code. */
  welfareArea!: string;
  department!: ChallengeDepartmentDto;
  @ApiProperty({ enum: CHALLENGE_STATUSES })
  status!: ChallengeStatus;
  @ApiProperty({ type: Date, nullable: true })
  submissionDeadline!: Date | null;
  @ApiProperty({ type: Number, nullable: true })
  budgetSek!: number | null;
  @ApiProperty({ type: String, nullable: true })
  testbedSite!: string | null;
  sdgs!: number[];
  tags!: string[];
  @ApiProperty({ type: Date, nullable: true })
  publishedAt!: Date | null;
  createdAt!: Date;
}

/** The full challenge. */
export class ChallengeDto extends ChallengeSummaryDto {
  description!: string;
  @ApiProperty({ type: String, nullable: true })
  expectedEffects!: string | null;
  blindReview!: boolean;
  criteria!: CriterionDto[];
  /**
   * True once a review has been submitted: the criteria can no longer change. Only for those who
   * may change the challenge or act on its evaluation (its department's staff, directors and
   * admins); absent for everyone else, since it tells that evaluation has begun.
   */
  @ApiProperty({ type: Boolean, required: false })
  criteriaLocked?: boolean;
  @ApiProperty({ type: Date, nullable: true })
  closedAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true })
  archivedAt!: Date | null;
  updatedAt!: Date;
}

export class ChallengePageDto {
  items!: ChallengeSummaryDto[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
