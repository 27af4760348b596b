import { DomainError } from '@shop/platform-http';
import type { LimitName } from './rate-limit.js';

/** A client went over one of its request limits: 429 with `Retry-After`. */
export class RateLimitedError extends DomainError {
  readonly code = 'GATEWAY.RATE_LIMITED';
  readonly kind = 'rate_limited';

  constructor(limit: LimitName, retryAfterSeconds: number) {
    super('Too many requests; try again after the time in Retry-After.', {
      details: { limit },
      retryAfterSeconds,
    });
  }
}
