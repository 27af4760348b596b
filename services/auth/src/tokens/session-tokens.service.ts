import { Injectable } from '@nestjs/common';
import type { TokenResponse } from '@shop/contracts';
import { AccessTokensService, type TokenSubject } from './access-tokens.service.js';
import { RefreshTokensService } from './refresh-tokens.service.js';

/** The token pair a client gets on register, login and refresh. */
@Injectable()
export class SessionTokensService {
  constructor(
    private readonly accessTokens: AccessTokensService,
    private readonly refreshTokens: RefreshTokensService,
  ) {}

  /** A new session: an access token and the first refresh token of a new family. */
  async start(subject: TokenSubject): Promise<TokenResponse> {
    const refreshToken = await this.refreshTokens.startFamily(subject.id);
    return this.respond(subject, refreshToken);
  }

  /** The answer to a refresh: a new access token with the rotated refresh token. */
  async continue(subject: TokenSubject, refreshToken: string): Promise<TokenResponse> {
    return this.respond(subject, refreshToken);
  }

  private async respond(subject: TokenSubject, refreshToken: string): Promise<TokenResponse> {
    const access = await this.accessTokens.issue(subject);
    return {
      accessToken: access.token,
      tokenType: 'Bearer',
      expiresIn: access.expiresIn,
      refreshToken,
    };
  }
}
