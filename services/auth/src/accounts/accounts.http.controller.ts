import { Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation } from '@nestjs/swagger';
import type { MeResponse, TokenResponse } from '@shop/contracts';
import { CurrentUser, Public, ZodBody, type AuthenticatedUser } from '@shop/platform-http';
import { SessionTokensService } from '../tokens/session-tokens.service.js';
import { registerBodySchema, type RegisterBody } from './accounts.schema.js';
import { AccountsService } from './accounts.service.js';

@Controller('auth')
export class AccountsHttpController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionTokensService,
  ) {}

  @Public()
  @Post('register')
  @HttpCode(201)
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Create a customer account and log it in.' })
  async register(@ZodBody(registerBodySchema) body: RegisterBody): Promise<TokenResponse> {
    const user = await this.accounts.register(body);
    return this.sessions.start(user);
  }

  /** Behind the same guard as every other service's routes, with this service's own JWKS. */
  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The account the access token belongs to.' })
  me(@CurrentUser() user: AuthenticatedUser): Promise<MeResponse> {
    return this.accounts.profile(user.id);
  }
}
