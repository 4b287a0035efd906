import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, Matches, MaxLength } from 'class-validator';
import { trim, trimLowerCase } from '../../common/transforms';

export class RegisterDto {
  /** Stored in lower case; one account per address. */
  @Transform(trimLowerCase)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email!: string;

  /** 12–256 characters. */
  @IsString()
  @Length(12, 256)
  password!: string;

  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name!: string;
}

/** The answer to every valid registration, whether or not the address already has an account. */
export class RegistrationPendingDto {
  @ApiProperty({ enum: ['pending'] })
  status!: 'pending';
  /** What happens next, for the person registering. */
  detail!: string;
}

export class ConfirmRegistrationDto {
  /** The code from the confirmation mail (43 characters). */
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'code must be the 43-character code from the confirmation mail' })
  code!: string;
}

export class LoginDto {
  @Transform(trimLowerCase)
  @IsString()
  @MaxLength(320)
  email!: string;

  @IsString()
  @MaxLength(256)
  password!: string;
}

export class TokenDto {
  accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';
  /** Seconds until the token expires. */
  expiresIn!: number;
}
