import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  bearerTokenOf,
  KeySetUnavailableError,
  TokenVerifier,
  type VerifiedAccessToken,
} from '@shop/platform-http';
import { ProxyService, sendAnswer } from '../proxy/proxy.service.js';
import type { GatewayRoute } from '../routes/gateway-route.js';
import { RevokedTokens } from './revoked-tokens.service.js';

/**
 * `POST /auth/logout`: forwarded to auth, which ends the refresh family; once auth has said yes
 * (2xx), the access token the client sent along in `Authorization` goes on the deny-list. The
 * route stays public: a client whose access token has expired can still end its session.
 */
@Injectable()
export class LogoutService {
  private readonly logger = new Logger(LogoutService.name);

  constructor(
    @Inject(ProxyService) private readonly proxy: ProxyService,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Inject(RevokedTokens) private readonly revoked: RevokedTokens,
  ) {}

  async serve(route: GatewayRoute, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const answer = await this.proxy.call(route, request);
    if (answer.status >= 200 && answer.status < 300) {
      const token = await this.presentedToken(request.headers.authorization);
      if (token) await this.revoked.revoke(token);
    }
    sendAnswer(reply, answer);
  }

  /**
   * The verified access token of the request, if it carries one: only a token this gateway
   * would accept is worth a deny-list entry, and an unverified `jti` would let anyone write
   * keys. A bad or unverifiable token does not fail the logout the service has already done.
   */
  private async presentedToken(
    authorization: string | undefined,
  ): Promise<VerifiedAccessToken | undefined> {
    if (!authorization) return undefined;
    try {
      return await this.verifier.verifyToken(bearerTokenOf(authorization));
    } catch (err) {
      // The token may be good and now outlive the logout: worth an operator's look.
      if (err instanceof KeySetUnavailableError) {
        this.logger.warn({ message: 'logged-out access token not revoked: no key set' });
      }
      return undefined;
    }
  }
}
