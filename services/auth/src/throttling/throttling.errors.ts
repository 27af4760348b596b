import { DomainError } from '@shop/platform-http';

/**
 * This client failed too often: at this account (it is backing off, ADR 0017) or at any account
 * within the window. Sent for every attempt of that client until `Retry-After` has passed, a
 * correct password included: otherwise the answer to the correct guess would differ and the
 * guessing could go on. Other clients are not affected.
 */
export class TooManyAttemptsError extends DomainError {
  readonly code = 'AUTH.TOO_MANY_ATTEMPTS';
  readonly kind = 'rate_limited';

  constructor(retryAfterSeconds: number) {
    super('Too many failed login attempts. Try again later.', { retryAfterSeconds });
  }
}

/**
 * The attempt counters cannot be read. Logins are refused rather than let through uncounted:
 * an outage of Redis must not be the moment passwords can be guessed at full speed.
 */
export class ThrottleUnavailableError extends DomainError {
  readonly code = 'AUTH.THROTTLE_UNAVAILABLE';
  readonly kind = 'unavailable';

  constructor(cause: unknown) {
    super('Logins are unavailable for a moment; try again shortly.', {
      cause,
      retryAfterSeconds: 5,
    });
  }
}
