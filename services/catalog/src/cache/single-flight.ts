/**
 * Coalesces concurrent work per key inside this process: while a load for a key runs, every
 * other caller of that key gets the same promise instead of starting its own. A hot product whose
 * cache entry just expired therefore costs MongoDB one query per replica, not one per request.
 */
export class SingleFlight {
  private readonly inflight = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.inflight.get(key) as Promise<T> | undefined;
    if (running) return running;
    // `then` also turns a synchronous throw of `work` into a rejection shared by every waiter.
    const promise = Promise.resolve()
      .then(work)
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, promise);
    return promise;
  }

  /** Keys with a load in flight. */
  get size(): number {
    return this.inflight.size;
  }
}
