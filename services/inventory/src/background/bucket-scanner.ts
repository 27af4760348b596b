import { bucketOf } from './time-buckets.js';
import type { ScanCursorRepository } from './scan-cursor.repository.js';

export interface BucketScannerOptions {
  /** Names the shared cursor. */
  name: string;
  bucketMs: number;
  /**
   * How late a row may still be written into a bucket (a slow write, a paused process): a
   * bucket is settled, and the cursor may pass it, only once it ended this long ago.
   */
  graceMs: number;
  /** Where a scan starts when no cursor was ever saved. */
  lookbackMs: number;
  /** Bound on the buckets one run visits. */
  maxBucketsPerRun: number;
}

/**
 * Walks time buckets from a cursor to now. `visit` handles a bucket's due rows and says whether
 * the bucket is now empty; the cursor moves past the leading run of settled, empty buckets, so
 * a scan never rereads what is done and never skips what is not.
 */
export class BucketScanner {
  private cursor = 0;

  constructor(
    private readonly cursors: ScanCursorRepository,
    private readonly options: BucketScannerOptions,
  ) {}

  async run(now: Date, visit: (bucket: Date) => Promise<boolean>): Promise<void> {
    const { name, bucketMs, graceMs, lookbackMs, maxBucketsPerRun } = this.options;
    const stored = await this.cursors.load(name);
    const start = Math.max(
      this.cursor,
      (stored ?? bucketOf(now.getTime() - lookbackMs, bucketMs)).getTime(),
    );
    const last = bucketOf(now, bucketMs).getTime();
    let settledUpTo = start;
    let contiguous = true;
    for (
      let bucket = start, n = 0;
      bucket <= last && n < maxBucketsPerRun;
      bucket += bucketMs, n++
    ) {
      const empty = await visit(new Date(bucket));
      const settled = bucket + bucketMs <= now.getTime() - graceMs;
      if (contiguous && empty && settled) settledUpTo = bucket + bucketMs;
      else contiguous = false;
    }
    if (settledUpTo > start) {
      this.cursor = settledUpTo;
      await this.cursors.advance(name, new Date(settledUpTo));
    }
  }
}
