import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Pause between attempts (default 50 ms). */
  intervalMs?: number;
  /** Named in the error when the wait gives up. */
  what?: string;
}

/**
 * Polls `check` until it returns a value other than `undefined`/`false`, bounded in time: a test
 * never hangs, and the error says what it was waiting for and what it last saw.
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() <= deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    await sleep(intervalMs);
  }
  const cause = lastError instanceof Error ? `: last error ${lastError.message}` : '';
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${options.what ?? 'a condition'}${cause}`,
  );
}
