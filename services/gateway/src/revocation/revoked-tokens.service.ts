import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  InvalidTokenError,
  RevokedTokenError,
  type TokenRevocationCheck,
  type VerifiedAccessToken,
} from '@shop/platform-http';
import { metrics } from '@shop/platform-telemetry';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config.js';
import { GatewayRedis } from '../redis/redis.module.js';
import { LogThrottle } from '../support/log-throttle.js';

/**
 * The platform's verifier accepts a token up to this long after its `exp` (clock skew): its
 * deny-list entry must outlive that too.
 */
const CLOCK_TOLERANCE_MS = 30_000;

/** Longer than any `jti` the auth service issues (a UUID); bounds the keys a token can make. */
const MAX_TOKEN_ID_LENGTH = 128;

/**
 * The deny-list of logged-out access tokens (ADR 0017): one Redis key per `jti`, shared by every
 * gateway replica, expiring when the token would. Checked for every token the platform's guard
 * verified. Redis unreachable fails open, like the rate limiter: a logged-out token then works
 * until it expires (at most the access-token lifetime), rather than every signed-in customer
 * getting 503 for the length of the outage.
 */
@Injectable()
export class RevokedTokens implements TokenRevocationCheck {
  private readonly logger = new Logger(RevokedTokens.name);
  private readonly errorLog = new LogThrottle(10_000);
  private readonly storeErrors = metrics.counter(
    'gateway_revocation_store_errors_total',
    'Tokens let through unchecked because Redis failed (the deny-list fails open).',
  );
  private readonly revocations = metrics.counter(
    'gateway_token_revocations_total',
    'Access tokens put on the deny-list at logout, by outcome (revoked, store-error).',
    ['outcome'],
  );

  constructor(
    private readonly redis: GatewayRedis,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /**
   * @throws InvalidTokenError for a token without a usable `jti`: it could never be revoked.
   * @throws RevokedTokenError for a token on the deny-list.
   */
  async assertUsable(token: VerifiedAccessToken): Promise<void> {
    const key = this.keyOf(token);
    let revoked: number;
    try {
      revoked = await this.redis.client.exists(key);
    } catch (err) {
      this.storeErrors.inc();
      this.warn('revoked tokens not checked: Redis failed, tokens go through unchecked', err);
      return;
    }
    if (revoked > 0) throw new RevokedTokenError();
  }

  /**
   * Puts `token` on the deny-list until it expires. Never throws: the session is over at the
   * auth service whatever happens here, and the token expires on its own.
   */
  async revoke(token: VerifiedAccessToken): Promise<void> {
    const ttlMs = token.expiresAt * 1000 - Date.now() + CLOCK_TOLERANCE_MS;
    const id = usableId(token);
    // Past what the verifier accepts, or never accepted here (no jti): nothing to remember.
    if (ttlMs <= 0 || !id) return;
    try {
      await this.redis.client.set(this.keyFor(id), '1', 'PX', Math.ceil(ttlMs));
      this.revocations.inc({ outcome: 'revoked' });
    } catch (err) {
      this.revocations.inc({ outcome: 'store-error' });
      this.warn('logged-out access token not revoked: Redis failed', err);
    }
  }

  private keyOf(token: VerifiedAccessToken): string {
    const id = usableId(token);
    if (!id) throw new InvalidTokenError();
    return this.keyFor(id);
  }

  private keyFor(id: string): string {
    return `${this.config.REDIS_KEY_PREFIX}revoked-token:${id}`;
  }

  private warn(message: string, err: unknown): void {
    if (!this.errorLog.shouldLog()) return;
    this.logger.warn({ message, error: err instanceof Error ? err.message : String(err) });
  }
}

function usableId(token: VerifiedAccessToken): string | undefined {
  const id = token.tokenId;
  return id && id.length <= MAX_TOKEN_ID_LENGTH ? id : undefined;
}
