import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
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
import { trim } from '../../common/transforms';
import { PARTNER_STATUSES, PROPOSAL_STATUSES } from '../../proposals/proposal-state';
import type { PartnerStatus, ProposalStatus } from '../../proposals/proposal-state';
import { INTEREST_RELATIONS } from '../conflict-of-interest';
import type { InterestRelation } from '../conflict-of-interest';
import { ASSIGNMENT_STATUSES, MAX_SCORE, MIN_SCORE, RECOMMENDATIONS } from '../review-rules';
import type { AssignmentStatus, Recommendation } from '../review-rules';

export class CreateAssignmentDto {
  /** A user with the role `evaluator`. */
  @IsUUID('all')
  evaluatorId!: string;

  @OptionalNotNull()
  @IsTimestamp()
  dueAt?: string;
}

export class ListAssignmentsQueryDto extends PageQueryDto {
  /** `true`: the caller's own assignments (evaluators). */
  @IsOptional()
  @IsIn(['true', 'false'])
  mine?: 'true' | 'false';

  /** Staff: the assignments of one proposal. */
  @IsOptional()
  @IsUUID('all')
  proposalId?: string;
}

export class DeclarationDto {
  /** True declares a conflict of interest (jäv) and recuses the evaluator. */
  @IsBoolean()
  conflict!: boolean;

  /** Required when `conflict` is true. */
  @OptionalNotNull()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class ScoreInputDto {
  @IsUUID('all')
  criterionId!: string;

  /** Integer 0–5. */
  @IsInt()
  @Min(MIN_SCORE)
  @Max(MAX_SCORE)
  score!: number;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string | null;
}

export class ReviewInputDto {
  /** May be partial in a draft; to submit, exactly one score for every criterion of the challenge. */
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ScoreInputDto)
  scores!: ScoreInputDto[];

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  comment?: string | null;

  /** Required to submit. */
  @ApiProperty({ enum: RECOMMENDATIONS, required: false, nullable: true })
  @IsOptional()
  @IsIn(RECOMMENDATIONS)
  recommendation?: Recommendation | null;

  /** True submits the review: it is then immutable. */
  @IsBoolean()
  submit!: boolean;
}

export class DecisionInputDto {
  @ApiProperty({ enum: ['accepted', 'rejected'] })
  @IsIn(['accepted', 'rejected'])
  outcome!: 'accepted' | 'rejected';

  /** At least 10 characters (not counting surrounding spaces): the decision is a public record. */
  @Transform(trim)
  @IsString()
  @Length(10, 5000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;
}

export class AssignmentProposalDto {
  id!: string;
  title!: string;
  @ApiProperty({ enum: PROPOSAL_STATUSES })
  status!: ProposalStatus;
}

export class AssignmentChallengeDto {
  id!: string;
  title!: string;
}

export class AssignmentEvaluatorDto {
  id!: string;
  name!: string;
}

export class DeclarationViewDto {
  conflict!: boolean;
  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;
  declaredAt!: Date;
}

export class AssignmentDto {
  id!: string;
  proposal!: AssignmentProposalDto;
  challenge!: AssignmentChallengeDto;
  evaluator!: AssignmentEvaluatorDto;
  @ApiProperty({ enum: ASSIGNMENT_STATUSES })
  status!: AssignmentStatus;
  @ApiProperty({ type: Date, nullable: true })
  dueAt!: Date | null;
  @ApiProperty({ type: DeclarationViewDto, nullable: true })
  declaration!: DeclarationViewDto | null;
  createdAt!: Date;
}

export class AssignmentPageDto {
  items!: AssignmentDto[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class ScoreDto {
  criterionId!: string;
  score!: number;
  @ApiProperty({ type: String, nullable: true })
  comment!: string | null;
}

export class InterestOrganizationDto {
  id!: string;
  name!: string;
}

/**
 * An evaluator's conflict of interest in a proposal (jäv, förvaltningslagen 16 §): they are a
 * member of `organization`, which leads the proposal (`lead`), is a partner in its consortium
 * (`partner`), or is in the consortium of another non-draft proposal on the same challenge
 * (`competitor`). Found by the rule at the time of asking, also when the membership came after
 * the assignment.
 */
export class ConflictOfInterestDto {
  organization!: InterestOrganizationDto;
  @ApiProperty({ enum: INTEREST_RELATIONS })
  relation!: InterestRelation;
  /** The rule and the organisation, in words. */
  reason!: string;
}

/** A review as shown: `evaluator` is a name for city staff, "Evaluator 1, 2, …" for other evaluators. */
export class ReviewDto {
  assignmentId!: string;
  /** "Evaluator 2" for evaluators reading others' reviews; the evaluator's name for city staff. */
  evaluator!: string;
  /** Only for city staff: who wrote it. */
  @ApiProperty({ type: String, required: false })
  evaluatorId?: string;
  /**
   * Only for city staff: the evaluator's conflict of interest in the proposal, or null. A review
   * with one counts neither in the ranking (it is listed there under `excludedReviews`) nor for a
   * decision.
   */
  @ApiProperty({ type: ConflictOfInterestDto, required: false, nullable: true })
  conflictOfInterest?: ConflictOfInterestDto | null;
  /** The caller's own review. */
  mine!: boolean;
  scores!: ScoreDto[];
  @ApiProperty({ type: String, nullable: true })
  comment!: string | null;
  @ApiProperty({ enum: RECOMMENDATIONS, nullable: true })
  recommendation!: Recommendation | null;
  @ApiProperty({ type: Date, nullable: true })
  submittedAt!: Date | null;
  /** The evaluator's total, 0–100 (submitted reviews). */
  @ApiProperty({ type: Number, nullable: true })
  total!: number | null;
}

export class ReviewListDto {
  items!: ReviewDto[];
}

export class RecommendationCountsDto {
  yes!: number;
  maybe!: number;
  no!: number;
}

export class RankingLeadDto {
  id!: string;
  name!: string;
}

export class ExcludedReviewEvaluatorDto {
  id!: string;
  name!: string;
}

/** A submitted review left out of the ranking because its evaluator has a conflict of interest. */
export class ExcludedReviewDto {
  assignmentId!: string;
  evaluator!: ExcludedReviewEvaluatorDto;
  organization!: InterestOrganizationDto;
  @ApiProperty({ enum: INTEREST_RELATIONS })
  relation!: InterestRelation;
  /** The rule and the organisation, in words. */
  reason!: string;
}

export class RankingPartnerDto {
  id!: string;
  name!: string;
  /** Invited partners have not confirmed yet. */
  @ApiProperty({ enum: PARTNER_STATUSES })
  status!: PartnerStatus;
}

export class CalibratedEvaluatorDto {
  id!: string;
  name!: string;
}

/** One counted review in the ranking: its evaluator's total and that total's z-score among the evaluator's reviews. */
export class CalibratedReviewDto {
  assignmentId!: string;
  evaluator!: CalibratedEvaluatorDto;
  /** 0–100. */
  total!: number;
  /** (total − the evaluator's mean) / their population standard deviation over this challenge; 0 for fewer than two reviews or equal totals. */
  zScore!: number;
}

export class RankingRowDto {
  proposalId!: string;
  title!: string;
  leadOrganization!: RankingLeadDto;
  @ApiProperty({ enum: PROPOSAL_STATUSES })
  status!: ProposalStatus;
  /** Mean of the submitted totals (0–100). */
  @ApiProperty({ type: Number, nullable: true })
  weightedScore!: number | null;
  /** Mean of each evaluator's z-score of their total among the proposals they reviewed. */
  @ApiProperty({ type: Number, nullable: true })
  normalizedScore!: number | null;
  /** Max − min of the submitted totals. */
  @ApiProperty({ type: Number, nullable: true })
  spread!: number | null;
  /** spread ≥ 30. */
  disagreement!: boolean;
  reviewsSubmitted!: number;
  /** Assignments not recused. */
  reviewsAssigned!: number;
  recusals!: number;
  /** Assignments still 'assigned' whose due date has passed. */
  overdue!: number;
  /** The consortium's other organisations (the lead is `leadOrganization`). */
  partners!: RankingPartnerDto[];
  /** The counted reviews, each with its evaluator's calibrated (z-score) total, by evaluator name. */
  evaluations!: CalibratedReviewDto[];
  /** Recommendations of the submitted reviews counted in the scores. */
  recommendations!: RecommendationCountsDto;
  /**
   * Submitted reviews whose evaluator has a conflict of interest in the proposal (for example a
   * membership gained after the assignment): left out of every score and count above, listed so
   * the department sees them. Empty when there are none.
   */
  excludedReviews!: ExcludedReviewDto[];
}

export class RankingDto {
  challengeId!: string;
  items!: RankingRowDto[];
}

export class DecisionResultDto {
  proposalId!: string;
  @ApiProperty({ enum: ['accepted', 'rejected'] })
  outcome!: 'accepted' | 'rejected';
  /** The pilot created by an acceptance. */
  @ApiProperty({ type: String, nullable: true })
  pilotId!: string | null;
}
