/** How a consumer retries a failing handler before it dead-letters the message. */
export interface RetryPolicy {
  /** Tries in all, the first included; tries that failed because of an outage do not count. */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /**
   * How long one message waits out a dependency that cannot be reached (see `isUnavailable`)
   * before it is dead-lettered: tries that fail that way do not count against `attempts`.
   */
  outageBudgetMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 4,
  initialDelayMs: 200,
  maxDelayMs: 5_000,
  // Longer than any restart we expect (Postgres in seconds, Cassandra in about 30 s, a broker
  // re-election), so an outage dead-letters nothing; not forever, so a store that stays broken
  // still ends in dead letters a person can see and replay.
  outageBudgetMs: 10 * 60_000,
};

/**
 * Delay before try number `attempt + 1` (attempt counts from 1): exponential, capped, with up to
 * 20% jitter subtracted so that replicas failing together do not retry in lockstep.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(policy.initialDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  return Math.round(base * (1 - 0.2 * random()));
}

/**
 * An error that retrying cannot fix (the event contradicts the consumer's state in a way only a
 * person can resolve): the consumer dead-letters it at once.
 */
export class NonRetryableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NonRetryableError';
  }
}
