import { Inject, Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { InvalidTokenError, KeySetUnavailableError } from './auth.errors.js';
import { JWT_AUTH_OPTIONS, type ResolvedJwtAuthOptions } from './jwt-auth.config.js';
import type { AuthenticatedUser } from './current-user.js';

/** A verified access token: whom it stands for, and what identifies it until it expires. */
export interface VerifiedAccessToken {
  user: AuthenticatedUser;
  /** The token's `jti`, when it has one: what a deny-list names it by. */
  tokenId?: string;
  /** The token's `exp`, in seconds since the epoch. */
  expiresAt: number;
}

/** Tolerated clock skew between the auth service and this one. */
const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * Verifies access tokens against the auth service's remote JWKS. jose caches the key set,
 * refetches it for an unknown `kid` at most once per cooldown, and checks the algorithm against
 * the allow-list before it looks for a key, so `alg: none` and HS256 tokens (algorithm
 * confusion with the public key as the secret) fail without any key being tried.
 */
@Injectable()
export class TokenVerifier {
  private readonly logger = new Logger(TokenVerifier.name);
  private readonly keySet: ReturnType<typeof createRemoteJWKSet>;

  constructor(@Inject(JWT_AUTH_OPTIONS) private readonly options: ResolvedJwtAuthOptions) {
    this.keySet = createRemoteJWKSet(new URL(options.jwksUrl), {
      cacheMaxAge: options.cacheMaxAgeMs,
      cooldownDuration: options.cooldownMs,
      timeoutDuration: options.fetchTimeoutMs,
    });
  }

  /**
   * The user `token` stands for.
   * @throws InvalidTokenError for any token that fails a check (401).
   * @throws KeySetUnavailableError when the key set cannot be fetched (503): the token may be
   * fine, and a 401 would make clients throw it away.
   */
  async verify(token: string): Promise<AuthenticatedUser> {
    return (await this.verifyToken(token)).user;
  }

  /**
   * Like {@link verify}, with the token's `jti` and `exp` besides the user.
   * @throws InvalidTokenError, KeySetUnavailableError as {@link verify} does.
   */
  async verifyToken(token: string): Promise<VerifiedAccessToken> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keySet, {
        algorithms: this.options.algorithms,
        issuer: this.options.issuer,
        audience: this.options.audience,
        typ: 'at+jwt',
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (err) {
      throw this.verificationFailure(err);
    }
    const verified: VerifiedAccessToken = {
      user: this.userFrom(payload),
      // `exp` is a required claim, and jose has checked that it is a number.
      expiresAt: payload.exp as number,
    };
    if (typeof payload.jti === 'string' && payload.jti !== '') verified.tokenId = payload.jti;
    return verified;
  }

  private userFrom(payload: JWTPayload): AuthenticatedUser {
    const roles = payload[this.options.rolesClaim] ?? [];
    const { sub } = payload;
    const rolesOk = Array.isArray(roles) && roles.every((role) => typeof role === 'string');
    if (typeof sub !== 'string' || sub === '' || !rolesOk) throw new InvalidTokenError();
    const user: AuthenticatedUser = { id: sub, roles: [...roles] };
    if (typeof payload['email'] === 'string') user.email = payload['email'];
    return user;
  }

  private verificationFailure(err: unknown): Error {
    if (isKeySetUnavailable(err)) {
      this.logger.error({
        message: 'cannot fetch the JWKS',
        jwksUrl: this.options.jwksUrl,
        error: describe(err),
      });
      return new KeySetUnavailableError(err);
    }
    if (!(err instanceof errors.JOSEError)) {
      // Not a verdict on the token; still refused, but worth a look.
      this.logger.warn({
        message: 'unexpected error while verifying a token',
        error: describe(err),
      });
    }
    return new InvalidTokenError({ cause: err });
  }
}

/** A failure to get the key set, as opposed to a verdict on the token. */
function isKeySetUnavailable(err: unknown): boolean {
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) return true;
  // jose raises its generic error only for a non-200 or non-JSON key set response.
  if (err instanceof errors.JOSEError) return err.code === 'ERR_JOSE_GENERIC';
  // Node's fetch: connection refused, DNS failure, reset.
  return err instanceof TypeError && err.message === 'fetch failed';
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
  return `${err.name}: ${err.message}${cause}`;
}
