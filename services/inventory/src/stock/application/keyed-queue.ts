/**
 * Runs work for one key at a time, in arrival order; different keys run concurrently. The stock
 * writer queues its compare-and-sets per SKU: handlers of one process then never race each
 * other on a hot SKU's Paxos round (losers would re-read and retry, costing a round each); only
 * other processes contend.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let done!: () => void;
    const tail = previous.then(() => new Promise<void>((resolve) => (done = resolve)));
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      done();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
