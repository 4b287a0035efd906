import { Transform } from 'class-transformer';
import { IsString, Length, Matches } from 'class-validator';
import { OptionalNotNull } from '../../common/optional-not-null';
import { trim } from '../../common/transforms';

export class CreateDepartmentDto {
  @Transform(trim)
  @IsString()
  @Length(2, 200)
  name!: string;

  /** Lower-case letters, digits and hyphens, e.g. `kulturforvaltningen`. */
  @IsString()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'slug must be lower-case letters, digits and single hyphens' })
  @Length(2, 100)
  slug!: string;
}

/** A department's name may be corrected; its slug stays (links and imports use it). */
export class UpdateDepartmentDto {
  @Transform(trim)
  @IsString()
  @Length(2, 200)
  name!: string;
}

export class DepartmentDto {
  id!: string;
  name!: string;
  slug!: string;
}

export class CreateWelfareAreaDto {
  /** Lower-case identifier, e.g. `education`. */
  @IsString()
  @Matches(/^[a-z][a-z0-9_]*$/, { message: 'code must start with a letter and use lower-case letters, digits and _' })
  @Length(2, 50)
  code!: string;

  @Transform(trim)
  @IsString()
  @Length(2, 100)
  nameSv!: string;

  @Transform(trim)
  @IsString()
  @Length(2, 100)
  nameEn!: string;
}

/** A welfare area's names may be corrected; its code stays (challenges and filters use it). */
export class UpdateWelfareAreaDto {
  // Left out: unchanged; null is not a name (400, never a silent no-op).
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @Length(2, 100)
  nameSv?: string;

  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @Length(2, 100)
  nameEn?: string;
}

export class WelfareAreaDto {
  code!: string;
  nameSv!: string;
  nameEn!: string;
}
