import { setTimeout as sleep } from 'node:timers/promises';
import { NonRetryableError, retryDelayMs, type RetryPolicy } from './retry-policy.js';
import { isUnavailable } from '@shop/platform-resilience';

/** An outage is logged when it starts and then at most this often: a log line per try is noise. */
const outageWarningIntervalMs = 5_000;

export interface RetryOptions {
  policy: RetryPolicy;
  /** Names the message in log lines. */
  label: string;
  /** Aborted when the consumer stops: the message is then left to another member. */
  signal: AbortSignal;
  /** Between tries, so that a long wait does not cost the consumer its partitions. */
  heartbeat: () => Promise<void>;
  warn: (message: string) => void;
}

export type RetryResult = { ok: true } | { ok: false; error: Error; attempts: number };

/**
 * Thrown instead of retrying or giving up once the consumer stops: the offset of the message is
 * not committed, so the member that takes the partition over handles it again.
 */
export class ConsumerStoppingError extends Error {
  constructor(label: string, options?: { cause?: unknown }) {
    super(`consumer stopping: ${label} left for redelivery`, options);
    this.name = 'ConsumerStoppingError';
  }
}

/**
 * Tries `tryOnce` until it succeeds or the message should be dead-lettered: at once for a
 * {@link NonRetryableError}, after `policy.attempts` ordinary failures, or after an outage longer
 * than `policy.outageBudgetMs`. Failures that say a dependency is unreachable do not count as
 * attempts: an outage is not a poison message.
 */
export async function runWithRetries(
  tryOnce: (attempt: number) => Promise<void>,
  options: RetryOptions,
): Promise<RetryResult> {
  const retries = new Retries(options);
  for (;;) {
    const error = await failureOf(() => tryOnce(retries.attempt));
    if (!error) return { ok: true };
    if (options.signal.aborted) throw new ConsumerStoppingError(options.label, { cause: error });
    const delayMs = retries.delayAfter(error);
    if (delayMs === undefined) return { ok: false, error, attempts: retries.attempt };
    await pause(delayMs, options, error);
  }
}

/** The count of ordinary failures and the clock of an outage, for one message. */
class Retries {
  attempt = 1;
  private outageStartedAt?: number;
  private outageTries = 0;
  private lastOutageWarningAt = -Infinity;

  constructor(private readonly options: RetryOptions) {}

  /** How long to wait before the next try, or undefined to give up. */
  delayAfter(error: Error): number | undefined {
    if (error instanceof NonRetryableError) return undefined;
    return isUnavailable(error) ? this.afterOutage(error) : this.afterFailure(error);
  }

  private afterFailure(error: Error): number | undefined {
    const { policy, label, warn } = this.options;
    if (this.attempt >= policy.attempts) return undefined;
    warn(`${label} failed (attempt ${this.attempt}/${policy.attempts}): ${error.message}`);
    const delayMs = retryDelayMs(policy, this.attempt);
    this.attempt += 1;
    return delayMs;
  }

  private afterOutage(error: Error): number | undefined {
    const { policy, label, warn } = this.options;
    const now = Date.now();
    this.outageStartedAt ??= now;
    const waited = seconds(now - this.outageStartedAt);
    if (now - this.outageStartedAt >= policy.outageBudgetMs) {
      warn(`${label}: a dependency is still unavailable after ${waited} s, giving up`);
      return undefined;
    }
    if (now - this.lastOutageWarningAt >= outageWarningIntervalMs) {
      this.lastOutageWarningAt = now;
      warn(`${label} waits for a dependency (${waited} s so far): ${error.message}`);
    }
    this.outageTries += 1;
    return retryDelayMs(policy, this.outageTries);
  }
}

async function failureOf(run: () => Promise<void>): Promise<Error | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** Sleeps, but no longer than until the consumer stops, then keeps the group membership alive. */
async function pause(delayMs: number, options: RetryOptions, lastError: Error): Promise<void> {
  const { signal, label, heartbeat } = options;
  try {
    await sleep(delayMs, undefined, { signal });
  } catch (error) {
    if (!signal.aborted) throw error;
    throw new ConsumerStoppingError(label, { cause: lastError });
  }
  await heartbeat();
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
