import { isIdempotentRead } from '../routes/gateway-route.js';
import type { FailureReason } from './upstream-failure.js';

/** How hard the gateway tries one upstream call. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Pause before the first retry; doubled for each next one, plus up to as much jitter. */
  baseDelayMs: number;
}

/** Three attempts, 50 ms then 100 ms apart (plus jitter): a blip is ridden out, an outage is not. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 50 };

/**
 * What one attempt came to: an error, or an answer with this status; `notProcessed` when the
 * upstream said it refused the request before running any of it (an instance shutting down).
 */
export type AttemptOutcome = { reason: FailureReason } | { status: number; notProcessed?: boolean };

export interface RetryQuestion {
  method: string;
  /** Whether the call carries an `Idempotency-Key`: the upstream applies such a call once. */
  idempotencyKey: boolean;
  /** The attempt that just ended, from 1. */
  attempt: number;
  outcome: AttemptOutcome;
  /** Time left before the call's deadline. */
  remainingMs: number;
}

/** Upstream statuses that say "not now" rather than "no": a replica going away, a proxy hiccup. */
const RETRYABLE_STATUS = new Set([502, 503]);
const RETRYABLE_REASONS = new Set<FailureReason>(['refused', 'reset', 'timeout']);

/**
 * How long to wait before the next attempt, or `undefined` not to make one. A call that never
 * ran is retried whatever its method: no connection was made, or the upstream refused it
 * unprocessed (a replica going away). Otherwise only calls that are safe to repeat are retried,
 * reads and calls with an `Idempotency-Key`: a POST without one whose answer was lost may have
 * taken effect, and sending it again could do it twice. Only failures that say nothing about
 * the request are retried, never a refused breaker, and never past the deadline, so retries
 * cannot stretch a call beyond its timeout.
 */
export function retryDelay(
  policy: RetryPolicy,
  question: RetryQuestion,
  random: () => number = Math.random,
): number | undefined {
  if (question.attempt >= policy.maxAttempts) return undefined;
  const safeToRepeat = isIdempotentRead(question.method) || question.idempotencyKey;
  if (!neverRan(question.outcome) && !(safeToRepeat && isRetryable(question.outcome))) {
    return undefined;
  }
  const base = policy.baseDelayMs * 2 ** (question.attempt - 1);
  const delay = Math.round(base + random() * base);
  return delay < question.remainingMs ? delay : undefined;
}

function neverRan(outcome: AttemptOutcome): boolean {
  return 'status' in outcome ? outcome.notProcessed === true : outcome.reason === 'refused';
}

function isRetryable(outcome: AttemptOutcome): boolean {
  return 'status' in outcome
    ? RETRYABLE_STATUS.has(outcome.status)
    : RETRYABLE_REASONS.has(outcome.reason);
}
