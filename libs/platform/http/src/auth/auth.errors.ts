import { DomainError, type DomainErrorOptions } from '../errors.js';

/** A 401: carries the `WWW-Authenticate` challenge the response must send (RFC 6750 §3). */
export abstract class AuthenticationError extends DomainError {
  readonly kind = 'unauthorized';
  /** Value of the `WWW-Authenticate` header. */
  abstract readonly challenge: string;
}

/**
 * The request carries no bearer token. RFC 6750 §3.1: a request without credentials gets the
 * bare challenge, with no error code.
 */
export class MissingTokenError extends AuthenticationError {
  readonly code = 'AUTH.MISSING_TOKEN';
  readonly challenge = 'Bearer';

  constructor() {
    super('This resource requires a bearer access token.');
  }
}

/** The bearer token is malformed, expired, or fails any check of the verifier. */
export class InvalidTokenError extends AuthenticationError {
  readonly code = 'AUTH.INVALID_TOKEN';
  readonly challenge = 'Bearer error="invalid_token"';

  constructor(options: DomainErrorOptions = {}) {
    // One message for every reason: telling an attacker which check failed helps them.
    super('The access token is invalid or expired.', options);
  }
}

/**
 * The token is well-formed and signed, but was revoked (its session logged out) before it
 * expired. A code of its own, so that a client knows to sign in again rather than retry.
 */
export class RevokedTokenError extends AuthenticationError {
  readonly code = 'AUTH.TOKEN_REVOKED';
  readonly challenge = 'Bearer error="invalid_token"';

  constructor() {
    super('The access token has been revoked; sign in again.');
  }
}

/** The token is valid, but its subject lacks a role the route requires. */
export class ForbiddenError extends DomainError {
  readonly code = 'AUTH.FORBIDDEN';
  readonly kind = 'forbidden';

  constructor() {
    super('You are not allowed to perform this action.');
  }
}

/** The key set to verify tokens with cannot be fetched: the token may well be valid. */
export class KeySetUnavailableError extends DomainError {
  readonly code = 'AUTH.KEYS_UNAVAILABLE';
  readonly kind = 'unavailable';

  constructor(cause: unknown) {
    super('Access tokens cannot be verified right now; try again shortly.', {
      cause,
      retryAfterSeconds: 5,
    });
  }
}
