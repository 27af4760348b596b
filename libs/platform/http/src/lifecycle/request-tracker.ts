import type { ServerResponse } from 'node:http';

/**
 * Counts the responses in flight, so that a shutdown can wait for them, and says when answers
 * are to close their connections and when new requests are to be refused.
 */
export class RequestTracker {
  private inFlight = 0;
  private draining = false;
  private refusing = false;
  private readonly idleWaiters = new Set<() => void>();

  /** Responses not yet finished (or abandoned by the client). */
  get count(): number {
    return this.inFlight;
  }

  /** Whether answers close their connections, so that clients reconnect elsewhere. */
  get isDraining(): boolean {
    return this.draining;
  }

  /** Whether new requests are refused because the service is going away. */
  get isRefusing(): boolean {
    return this.refusing;
  }

  /** Counts `response` until it closes, which it does once sent or when the client goes away. */
  track(response: ServerResponse): void {
    this.inFlight += 1;
    response.once('close', () => {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const notify of this.idleWaiters) notify();
    });
  }

  /** From now on, every answer closes its connection (`Connection: close`). */
  startDraining(): void {
    this.draining = true;
  }

  /** From now on, new requests are refused (with 503); those in flight go on. */
  startRefusing(): void {
    this.refusing = true;
  }

  /** Resolves `true` once no response is in flight, or `false` after `timeoutMs`. */
  waitForIdle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (idle: boolean) => {
        clearTimeout(timer);
        this.idleWaiters.delete(onIdle);
        resolve(idle);
      };
      const onIdle = () => done(true);
      const timer = setTimeout(() => done(false), Math.max(0, timeoutMs));
      this.idleWaiters.add(onIdle);
    });
  }
}
