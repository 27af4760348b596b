import { DomainError } from '@shop/platform-http';

/** The refresh token is unknown, expired, or belongs to a revoked family. */
export class InvalidRefreshTokenError extends DomainError {
  readonly code = 'AUTH.INVALID_REFRESH_TOKEN';
  readonly kind = 'unauthorized';

  constructor() {
    super('The refresh token is invalid or expired; log in again.');
  }
}

/**
 * The refresh token was exchanged before: two parties hold its family, one of them a thief.
 * Every token of the family has been revoked; the owner logs in again.
 */
export class RefreshReusedError extends DomainError {
  readonly code = 'AUTH.REFRESH_REUSED';
  readonly kind = 'unauthorized';

  constructor() {
    super('The refresh token was used already; its session has been revoked. Log in again.');
  }
}
