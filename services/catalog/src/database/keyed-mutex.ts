/**
 * Runs work for one key at a time, in arrival order, inside this process. The catalog takes it
 * around every write to a product document (admin writes and the relay's removals).
 *
 * Why: FerretDB 1.24 on SQLite does not apply concurrent updates of one document atomically. It
 * reads the document, applies the update in its own code and writes the whole document back, so
 * of two concurrent updates one can silently undo the other (measured: 100 concurrent `$inc` of
 * one field end at 46). MongoDB needs none of this; on FerretDB it makes one replica correct.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /**
   * Runs `work` holding every one of `keys`, taken in sorted order: two callers that each want
   * several keys then never wait on each other in a circle.
   */
  runAll<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const holding = (index: number): Promise<T> =>
      index === sorted.length ? work() : this.run(sorted[index], () => holding(index + 1));
    return holding(0);
  }

  /** Keys with work running or waiting. */
  get size(): number {
    return this.tails.size;
  }
}
