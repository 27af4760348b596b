/** What {@link withTimeout} does when the time runs out. */
export interface TimeoutOptions {
  /** The error to reject with. */
  error: () => Error;
  /**
   * Gets a rejection of the abandoned work that comes after the timeout, which would otherwise
   * be an unhandled rejection (and crash the process).
   */
  onLateRejection: (err: unknown) => void;
}

/**
 * `work`, or a rejection once `timeoutMs` has passed. The timer is cleared either way, so it
 * never keeps the process alive; `work` itself is not cancelled.
 */
export async function withTimeout<T>(
  work: Promise<T>,
  timeoutMs: number,
  options: TimeoutOptions,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => {
        work.catch(options.onLateRejection);
        reject(options.error());
      },
      Math.max(0, timeoutMs),
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
