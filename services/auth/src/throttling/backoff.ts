/** When an (account, client) pair has to wait, and for how long. */
export interface BackoffSettings {
  /** Failures a client may make at one account before it has to wait. */
  freeFailures: number;
  /** The wait after the last free failure; each further failure doubles it. */
  baseMs: number;
  /** The longest wait. */
  maxMs: number;
}

/**
 * The wait imposed after the n-th consecutive failure of one client at one account, indexed
 * n - 1: zero for the free failures, then base, 2 × base, 4 × base… up to the maximum, which
 * is the last entry and holds for every failure after it. The Redis script only indexes this
 * table, so the schedule is plain code that a unit test can read.
 */
export function backoffSchedule({ freeFailures, baseMs, maxMs }: BackoffSettings): number[] {
  const schedule = new Array<number>(Math.max(0, freeFailures - 1)).fill(0);
  let wait = Math.min(baseMs, maxMs);
  // Bounded: the wait at least doubles per entry until it reaches maxMs.
  while (wait < maxMs) {
    schedule.push(wait);
    wait *= 2;
  }
  schedule.push(maxMs);
  return schedule;
}
