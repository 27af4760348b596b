import { DomainError } from '@shop/platform-http';

/**
 * Too many failed logins for this account or from this client within the window. Sent for
 * every attempt until the window passes, a correct password included: otherwise the answer to
 * the correct guess would differ and the guessing could go on.
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
