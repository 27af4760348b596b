import { DomainError } from '@shop/platform-http';

export class IdempotencyKeyMissingError extends DomainError {
  readonly code = 'ORDER.IDEMPOTENCY_KEY_REQUIRED';
  readonly kind = 'invalid';
  constructor() {
    super('A checkout needs an Idempotency-Key header, so that a retry cannot order twice.');
  }
}

export class IdempotencyKeyInvalidError extends DomainError {
  readonly code = 'ORDER.IDEMPOTENCY_KEY_INVALID';
  readonly kind = 'invalid';
  constructor() {
    super('The Idempotency-Key must be a UUID or 8 to 64 characters of A-Z a-z 0-9 . _ ~ -.');
  }
}

/** The key was used for another request: replaying its answer would be a lie. */
export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'ORDER.IDEMPOTENCY_KEY_REUSED';
  readonly kind = 'unprocessable';
  constructor() {
    super('This Idempotency-Key was already used with a different request; use a new key.');
  }
}
