import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
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
} from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto';
import { OptionalNotNull } from '../../common/optional-not-null';
import { trim } from '../../common/transforms';
import { ORGANIZATION_KINDS } from '../../partners/org-number';
import type { OrganizationKind } from '../../partners/org-number';
import { MAX_CONSORTIUM_PARTNERS, PARTNER_STATUSES, PROPOSAL_STATUSES } from '../proposal-state';
import type { PartnerStatus, ProposalStatus } from '../proposal-state';

const MAX_SEK = 2_147_483_647;

/** Fields optional on create and on update (`null` clears the nullable ones). */
class ProposalOptionalFieldsDto {
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  expectedEffects?: string | null;

  /** Technology readiness level 1–9. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(9)
  trl?: number | null;

  /** Other organisations in the consortium (not the lead): each is invited and must confirm. */
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_CONSORTIUM_PARTNERS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  partnerOrganizationIds?: string[];
}

export class CreateProposalDto extends ProposalOptionalFieldsDto {
  /** An organisation the caller is a member of. */
  @IsUUID('all')
  leadOrganizationId!: string;

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

  /** Integer SEK, at most the challenge's budget when it has one. */
  @IsInt()
  @Min(0)
  @Max(MAX_SEK)
  requestedBudgetSek!: number;

  @IsInt()
  @Min(1)
  @Max(60)
  durationMonths!: number;
}

/** Only while a draft, only by lead-organisation members. Status, lead and times are not fields here (400). */
export class UpdateProposalDto extends ProposalOptionalFieldsDto {
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
  @IsInt()
  @Min(0)
  @Max(MAX_SEK)
  requestedBudgetSek?: number;

  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(60)
  durationMonths?: number;
}

export class ListProposalsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsUUID('all')
  challengeId?: string;

  @ApiProperty({ enum: PROPOSAL_STATUSES, required: false })
  @IsOptional()
  @IsIn(PROPOSAL_STATUSES)
  status?: ProposalStatus;

  /** `true`: only proposals of the caller's own organisations (as lead or partner). */
  @IsOptional()
  @IsIn(['true', 'false'])
  mine?: 'true' | 'false';
}

export class OrganizationRefDto {
  id!: string;
  name!: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS })
  kind!: OrganizationKind;
}

export class ChallengeRefDto {
  id!: string;
  title!: string;
}

export class ConsortiumPartnerDto {
  organization!: OrganizationRefDto;
  @ApiProperty({ enum: PARTNER_STATUSES })
  status!: PartnerStatus;
  @ApiProperty({ type: Date, nullable: true })
  confirmedAt!: Date | null;
}

/**
 * A proposal as an evaluator of a blind-review challenge sees it: no organisation, no person.
 * The fields simply do not exist here, so they cannot leak.
 */
export class BlindProposalDto {
  id!: string;
  challenge!: ChallengeRefDto;
  title!: string;
  summary!: string;
  description!: string;
  @ApiProperty({ type: String, nullable: true })
  expectedEffects!: string | null;
  requestedBudgetSek!: number;
  durationMonths!: number;
  @ApiProperty({ type: Number, nullable: true })
  trl!: number | null;
  @ApiProperty({ enum: PROPOSAL_STATUSES })
  status!: ProposalStatus;
  @ApiProperty({ type: Date, nullable: true })
  submittedAt!: Date | null;
}

export class DeciderDto {
  id!: string;
  name!: string;
}

export class DecisionDto {
  @ApiProperty({ enum: ['accepted', 'rejected'] })
  outcome!: 'accepted' | 'rejected';
  reason!: string;
  decidedAt!: Date;
  decidedBy!: DeciderDto;
}

/** The full proposal: for its consortium, the challenge's department staff, directors and admins. */
export class ProposalDto extends BlindProposalDto {
  leadOrganization!: OrganizationRefDto;
  partners!: ConsortiumPartnerDto[];
  @ApiProperty({ type: Date, nullable: true })
  withdrawnAt!: Date | null;
  @ApiProperty({ type: DecisionDto, nullable: true })
  decision!: DecisionDto | null;
  createdAt!: Date;
  updatedAt!: Date;
}

/** The challenge as a list of proposals names it: with its deadline, so the list can say how long is left. */
export class ProposalChallengeRefDto extends ChallengeRefDto {
  @ApiProperty({ type: Date, nullable: true })
  submissionDeadline!: Date | null;
}

/** A decision as a list shows it: the outcome and its reason (a public record), not the person. */
export class DecisionSummaryDto {
  @ApiProperty({ enum: ['accepted', 'rejected'] })
  outcome!: 'accepted' | 'rejected';
  reason!: string;
  decidedAt!: Date;
}

export class ProposalSummaryDto {
  id!: string;
  challenge!: ProposalChallengeRefDto;
  leadOrganization!: OrganizationRefDto;
  title!: string;
  requestedBudgetSek!: number;
  @ApiProperty({ enum: PROPOSAL_STATUSES })
  status!: ProposalStatus;
  @ApiProperty({ type: Date, nullable: true })
  submittedAt!: Date | null;
  @ApiProperty({ type: DecisionSummaryDto, nullable: true })
  decision!: DecisionSummaryDto | null;
  createdAt!: Date;
}

export class ProposalPageDto {
  items!: ProposalSummaryDto[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export const PROPOSAL_HISTORY_EVENTS = [
  'created',
  'updated',
  'partner-invited',
  'partner-removed',
  'partner-confirmed',
  'partner-declined',
  'submitted',
  'withdrawn',
  'accepted',
  'rejected',
] as const;
export type ProposalHistoryEvent = (typeof PROPOSAL_HISTORY_EVENTS)[number];

export class HistoryOrganizationDto {
  id!: string;
  name!: string;
}

/** One thing that happened to a proposal, as its consortium may read it: no person is named. */
export class ProposalHistoryEntryDto {
  occurredAt!: Date;
  @ApiProperty({ enum: PROPOSAL_HISTORY_EVENTS })
  event!: ProposalHistoryEvent;
  /** The partner organisation a consortium event is about; null for the others. */
  @ApiProperty({ type: HistoryOrganizationDto, nullable: true })
  organization!: HistoryOrganizationDto | null;
  /** For `updated`: the content fields that changed (API names). */
  fields!: string[];
}

export class ProposalHistoryDto {
  /** Oldest first. */
  items!: ProposalHistoryEntryDto[];
}
