import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Public } from '../common/auth.decorators';
import type { AuthUser } from '../common/auth.decorators';
import { UserDto } from '../users/dto/user.dto';
import { AccountChangesService } from './account-changes.service';
import { AuthService } from './auth.service';
import {
  ChangeEmailDto,
  ChangePasswordDto,
  ConfirmEmailChangeDto,
  ConfirmRegistrationDto,
  ForgotPasswordDto,
  LoginDto,
  PendingMailDto,
  RegisterDto,
  ResetPasswordDto,
  TokenDto,
} from './dto/auth.dto';
import { clearedSessionCookie, cookieIsSecure, isCookieAuthenticated, sessionCookie } from './session-cookie';
import { SessionTokens } from './session-tokens';

function secure(request: FastifyRequest): boolean {
  return cookieIsSecure(request.protocol, request.hostname);
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly account: AccountChangesService,
    private readonly tokens: SessionTokens,
  ) {}

  /**
   * Starts a partner registration: mails a confirmation link and code to the address. Always 202
   * with the same body, whether or not the address already has an account (its owner is mailed a
   * notice). The name and password are chosen when confirming.
   */
  @Public()
  @HttpCode(202)
  @Post('register')
  register(@Body() dto: RegisterDto, @Req() request: FastifyRequest): Promise<PendingMailDto> {
    return this.auth.register(dto, request.ip);
  }

  /** Creates the partner account from the mailed code, with the name and password given here; then sign in. Unknown, used or expired code → 422. */
  @Public()
  @Post('register/confirm')
  confirmRegistration(@Body() dto: ConfirmRegistrationDto): Promise<UserDto> {
    return this.auth.confirmRegistration(dto);
  }

  /** Exchanges email and password for a bearer token (API clients). Throttled per account and client → 429. */
  @Public()
  @HttpCode(200)
  @Post('login')
  login(@Body() dto: LoginDto, @Req() request: FastifyRequest): Promise<TokenDto> {
    return this.auth.login(dto, request.ip);
  }

  /**
   * Signs a browser in: sets the httpOnly, SameSite=Strict session cookie (Secure except on plain
   * http at localhost) and answers the user. Must come from the app's own origin (CSRF defence).
   */
  @Public()
  @HttpCode(200)
  @Post('session')
  async startSession(
    @Body() dto: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserDto> {
    const { user, token } = await this.auth.signIn(dto, request.ip);
    void reply.header('set-cookie', sessionCookie(token, this.tokens.ttlSeconds, secure(request)));
    return user;
  }

  /**
   * Signs this browser out: clears the session cookie and the browser's cache of this site (its
   * private API answers must not outlive the session on a shared computer). Always 204.
   */
  @Public()
  @HttpCode(204)
  @Delete('session')
  endSession(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): void {
    void reply.header('set-cookie', clearedSessionCookie(secure(request))).header('clear-site-data', '"cache"');
  }

  /** The signed-in user. */
  @ApiBearerAuth()
  @ApiCookieAuth()
  @Get('me')
  me(@CurrentUser() user: AuthUser): Promise<UserDto> {
    return this.auth.me(user);
  }

  /** Revokes every token and session cookie of the caller, on every device, this one included. */
  @ApiBearerAuth()
  @ApiCookieAuth()
  @HttpCode(204)
  @Post('sign-out-everywhere')
  async signOutEverywhere(
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.account.signOutEverywhere(user);
    if (isCookieAuthenticated(request.headers)) void reply.header('set-cookie', clearedSessionCookie(secure(request)));
  }

  /**
   * Changes the caller's password, given the current one (wrong → 422 on `currentPassword`,
   * counted by the login throttle). Revokes every other token and cookie; a browser that asked
   * gets a fresh session cookie and stays signed in. The account's address is told by mail.
   */
  @ApiBearerAuth()
  @ApiCookieAuth()
  @HttpCode(204)
  @Post('password')
  async changePassword(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangePasswordDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const changed = await this.account.changePassword(user, dto, request.ip);
    if (isCookieAuthenticated(request.headers)) {
      const token = await this.tokens.sign(changed);
      void reply.header('set-cookie', sessionCookie(token, this.tokens.ttlSeconds, secure(request)));
    }
  }

  /** Forgotten password: mails a single-use reset link and code to the address if it has an account. Always 202 with the same body. */
  @Public()
  @HttpCode(202)
  @Post('password/forgot')
  forgotPassword(@Body() dto: ForgotPasswordDto, @Req() request: FastifyRequest): Promise<PendingMailDto> {
    return this.account.forgotPassword(dto, request.ip);
  }

  /** Sets a new password with the mailed code, once, and signs the account out everywhere. Unknown, used or expired code → 422. */
  @Public()
  @HttpCode(204)
  @Post('password/reset')
  resetPassword(@Body() dto: ResetPasswordDto): Promise<void> {
    return this.account.resetPassword(dto);
  }

  /**
   * Asks to move the caller's account to another address, given the current password: a link
   * and code go to the new address. Always 202 with the same body, whether or not it is free.
   */
  @ApiBearerAuth()
  @ApiCookieAuth()
  @HttpCode(202)
  @Post('email')
  changeEmail(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangeEmailDto,
    @Req() request: FastifyRequest,
  ): Promise<PendingMailDto> {
    return this.account.requestEmailChange(user, dto, request.ip);
  }

  /** Moves the account to the new address with the code mailed there; the old address is told. Unknown, used or expired code → 422. */
  @Public()
  @HttpCode(200)
  @Post('email/confirm')
  confirmEmailChange(@Body() dto: ConfirmEmailChangeDto): Promise<UserDto> {
    return this.account.confirmEmailChange(dto);
  }
}
