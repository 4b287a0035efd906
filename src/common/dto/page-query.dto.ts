import { Transform } from 'class-transformer';
import { decimalInteger } from '../transforms';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** `?limit=&cursor=` of every list: keyset pagination, never OFFSET. */
export class PageQueryDto {
  /** Page size, 1–100. */
  @IsOptional()
  @Transform(decimalInteger)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  /** Opaque cursor from the previous page's `nextCursor`. */
  @IsOptional()
  @IsString()
  @MaxLength(512)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor is not a cursor returned by this API' })
  cursor?: string;
}
