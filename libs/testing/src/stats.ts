/** The p-th percentile (0..100) of a sample, nearest-rank; NaN for an empty sample. */
export function percentile(sample: readonly number[], p: number): number {
  if (sample.length === 0) return Number.NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** `p50 12.3 ms, p99 45.6 ms (n=1000)` */
export function describeLatencies(sampleMs: readonly number[]): string {
  return `p50 ${percentile(sampleMs, 50).toFixed(1)} ms, p99 ${percentile(sampleMs, 99).toFixed(1)} ms (n=${sampleMs.length})`;
}
