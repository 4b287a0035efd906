import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, Matches, MaxLength } from 'class-validator';
import { trim, trimLowerCase } from '../../common/transforms';

const CODE = /^[A-Za-z0-9_-]{43}$/;
const CODE_MESSAGE = 'code must be the 43-character code from the mail';

export class RegisterDto {
  /** Stored in lower case; one account per address. Name and password are chosen when confirming. */
  @Transform(trimLowerCase)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email!: string;
}

/** The answer to every valid request that mails a code, whatever the address: nothing tells whether it has an account. */
export class PendingMailDto {
  @ApiProperty({ enum: ['pending'] })
  status!: 'pending';
  /** What happens next, for the person asking. */
  detail!: string;
}

/** Whoever holds the mailed code chooses the account's name and password (no pre-hijacking). */
export class ConfirmRegistrationDto {
  /** The code from the confirmation mail (43 characters). */
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code!: string;

  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name!: string;

  /** 12–256 characters. */
  @IsString()
  @Length(12, 256)
  password!: string;
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

export class ChangePasswordDto {
  @IsString()
  @MaxLength(256)
  currentPassword!: string;

  /** 12–256 characters. */
  @IsString()
  @Length(12, 256)
  newPassword!: string;
}

export class ForgotPasswordDto {
  @Transform(trimLowerCase)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email!: string;
}

export class ResetPasswordDto {
  /** The code from the reset mail (43 characters). */
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code!: string;

  /** 12–256 characters. */
  @IsString()
  @Length(12, 256)
  newPassword!: string;
}

export class ChangeEmailDto {
  /** The new address; it is confirmed from a mail sent there. */
  @Transform(trimLowerCase)
  @IsEmail({}, { message: 'newEmail must be an email address' })
  @MaxLength(320)
  newEmail!: string;

  @IsString()
  @MaxLength(256)
  currentPassword!: string;
}

export class ConfirmEmailChangeDto {
  /** The code from the mail to the new address (43 characters). */
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code!: string;
}
