import { ApiExtraModels, ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto';
import { OptionalNotNull } from '../../common/optional-not-null';
import { ROLES } from '../role';
import type { Role } from '../role';
import { lowerCase, trim, trimLowerCase } from '../../common/transforms';

export class CreateUserDto {
  /** Stored in lower case; unique regardless of case. */
  @Transform(trimLowerCase)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email!: string;

  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name!: string;

  @IsString()
  @Length(12, 256)
  password!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  /** Required when `roles` contains `department`. */
  @OptionalNotNull()
  @Transform(lowerCase)
  @IsUUID()
  departmentId?: string;
}

export class UpdateUserDto {
  @ApiProperty({ enum: ROLES, isArray: true, required: false })
  @OptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  /** A department id, or null to clear it (not allowed while the user has role `department`). */
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Transform(lowerCase)
  @IsUUID()
  departmentId?: string | null;

  @OptionalNotNull()
  @IsBoolean()
  disabled?: boolean;
}

export class ListUsersQueryDto extends PageQueryDto {
  @ApiProperty({ enum: ROLES, required: false })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  /** Part of a name (admins: or of an email), case-insensitive. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  q?: string;
}

export class UserDto {
  id!: string;
  email!: string;
  name!: string;
  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: Role[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  departmentId!: string | null;
  disabled!: boolean;
  createdAt!: string;
}

/** What department staff and directors see of evaluators: enough to assign one, nothing more. */
export class EvaluatorSummaryDto {
  id!: string;
  name!: string;
}

/** Both item shapes are in the document's components, so the `oneOf` references resolve. */
@ApiExtraModels(UserDto, EvaluatorSummaryDto)
export class UserPageDto {
  @ApiProperty({
    type: 'array',
    items: { oneOf: [{ $ref: '#/components/schemas/UserDto' }, { $ref: '#/components/schemas/EvaluatorSummaryDto' }] },
  })
  items!: (UserDto | EvaluatorSummaryDto)[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
