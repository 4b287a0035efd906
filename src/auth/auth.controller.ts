import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentUser, Public } from '../common/auth.decorators';
import type { AuthUser } from '../common/auth.decorators';
import { UserDto } from '../users/dto/user.dto';
import { AuthService } from './auth.service';
import { ConfirmRegistrationDto, LoginDto, RegisterDto, RegistrationPendingDto, TokenDto } from './dto/auth.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /**
   * Starts a partner registration: mails a confirmation code to the address. Always 202 with the
   * same body, whether or not the address already has an account (its owner is mailed a notice).
   */
  @Public()
  @HttpCode(202)
  @Post('register')
  register(@Body() dto: RegisterDto): Promise<RegistrationPendingDto> {
    return this.auth.register(dto);
  }

  /** Creates the partner account from the mailed code; then sign in. Unknown, used or expired code → 422. */
  @Public()
  @Post('register/confirm')
  confirmRegistration(@Body() dto: ConfirmRegistrationDto): Promise<UserDto> {
    return this.auth.confirmRegistration(dto);
  }

  /** Exchanges email and password for a bearer token. Five failures a minute per email or IP → 429. */
  @Public()
  @HttpCode(200)
  @Post('login')
  login(@Body() dto: LoginDto, @Req() request: FastifyRequest): Promise<TokenDto> {
    return this.auth.login(dto, request.ip);
  }

  /** The signed-in user. */
  @ApiBearerAuth()
  @Get('me')
  me(@CurrentUser() user: AuthUser): Promise<UserDto> {
    return this.auth.me(user);
  }
}
