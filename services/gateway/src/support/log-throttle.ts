/**
 * At most one log line per interval for a failure that repeats on every request (Redis down):
 * the first occurrence is logged, the flood is counted by a metric instead.
 */
export class LogThrottle {
  private last = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  shouldLog(): boolean {
    const now = this.now();
    if (now - this.last < this.intervalMs) return false;
    this.last = now;
    return true;
  }
}
