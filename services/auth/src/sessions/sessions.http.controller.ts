import { Controller, Header, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import {
  logoutRequestSchema,
  refreshRequestSchema,
  type LogoutRequest,
  type RefreshRequest,
  type TokenResponse,
} from '@shop/contracts';
import { Public, ZodBody } from '@shop/platform-http';
import { loginBodySchema, type LoginBody } from './sessions.schema.js';
import { SessionsService } from './sessions.service.js';

/** The session endpoints: their credential is in the body, so none needs an access token. */
@Public()
@Controller('auth')
export class SessionsHttpController {
  constructor(private readonly sessions: SessionsService) {}

  @Post('login')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Exchange an email and password for a token pair.' })
  login(@ZodBody(loginBodySchema) body: LoginBody, @Ip() ip: string): Promise<TokenResponse> {
    return this.sessions.login(body, ip);
  }

  @Post('refresh')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Exchange a refresh token (once) for a new token pair.' })
  refresh(@ZodBody(refreshRequestSchema) body: RefreshRequest): Promise<TokenResponse> {
    return this.sessions.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session the refresh token belongs to.' })
  async logout(@ZodBody(logoutRequestSchema) body: LogoutRequest): Promise<void> {
    await this.sessions.logout(body.refreshToken);
  }
}
