import type { VerifiedAccessToken } from './token-verifier.service.js';

/**
 * Injection token of an optional {@link TokenRevocationCheck}. A service that provides one in a
 * global module has `JwtAuthGuard` ask it about every token that passed verification; without
 * one, a verified token is accepted until it expires.
 */
export const TOKEN_REVOCATION_CHECK = Symbol('TOKEN_REVOCATION_CHECK');

/** Decides whether a verified access token may still be used (e.g. a deny-list of `jti`s). */
export interface TokenRevocationCheck {
  /**
   * Resolves when `token` may be used.
   * @throws AuthenticationError (such as `RevokedTokenError`) when it must be refused: 401.
   */
  assertUsable(token: VerifiedAccessToken): Promise<void>;
}
