/** `closed`: calls go through; `open`: refused at once; `half-open`: one probe is let through. */
export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long it stays open before a probe may go through. */
  openMs: number;
  /** Milliseconds on a monotonic clock; `performance.now` unless a test drives it. */
  now?: () => number;
  /** Told about every change of state (logs, metrics). */
  onStateChange?: (state: CircuitState) => void;
}

/** The answer to "may this call go to the upstream?". */
export type Admission = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * A circuit breaker for one upstream. After `failureThreshold` consecutive failures it opens and
 * refuses every call for `openMs`, so a dead service costs callers nothing but a quick 503 and
 * gets no traffic while it recovers. Then it lets exactly one probe through (half-open): success
 * closes it, failure opens it for another `openMs`. Any success while closed resets the count.
 *
 * Callers report each admitted call's outcome with exactly one of `success`, `failure` or
 * `abandon` (the call was given up for reasons that say nothing about the upstream).
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  get state(): CircuitState {
    return this.current;
  }

  admit(): Admission {
    if (this.current === 'open') {
      const waited = this.now() - this.openedAt;
      if (waited < this.options.openMs) {
        return { allowed: false, retryAfterMs: this.options.openMs - waited };
      }
      this.moveTo('half-open');
    }
    if (this.current === 'half-open') {
      // One probe at a time: the others would all hit a service that may still be down.
      if (this.probing) return { allowed: false, retryAfterMs: this.options.openMs };
      this.probing = true;
    }
    return { allowed: true };
  }

  success(): void {
    this.failures = 0;
    this.probing = false;
    if (this.current !== 'closed') this.moveTo('closed');
  }

  failure(): void {
    this.probing = false;
    this.failures += 1;
    if (this.current === 'half-open' || this.failures >= this.options.failureThreshold) {
      this.openedAt = this.now();
      if (this.current !== 'open') this.moveTo('open');
    }
  }

  /** The admitted call ended without a verdict (the client left): a probe may go again. */
  abandon(): void {
    this.probing = false;
  }

  private moveTo(state: CircuitState): void {
    this.current = state;
    this.options.onStateChange?.(state);
  }
}
