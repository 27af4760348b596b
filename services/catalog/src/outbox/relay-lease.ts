import type { mongo } from 'mongoose';

interface LeaseDocument {
  _id: string;
  holder: string;
  expiresAt: Date;
}

/**
 * A time-bound lease in MongoDB that lets one replica at a time run the relay. Taking it is one
 * atomic upsert: it matches the lease document only when this process holds it or it has expired;
 * otherwise the upsert's insert collides with the existing `_id` and fails, which means "someone
 * else holds it". No transactions, no TTL index: both work on FerretDB.
 *
 * A holder that stalls past its expiry (a long GC pause) may publish alongside the next one; ADR
 * 0006 explains why consumers tolerate that.
 */
export class RelayLease {
  private heldUntil = 0;

  constructor(
    private readonly leases: mongo.Collection<LeaseDocument>,
    private readonly name: string,
    private readonly holder: string,
    private readonly ttlMs = 10_000,
  ) {}

  /** Whether this process holds the lease; renews it once half its time has passed. */
  async acquire(): Promise<boolean> {
    const now = Date.now();
    if (now < this.heldUntil - this.ttlMs / 2) return true;
    try {
      await this.leases.updateOne(
        {
          _id: this.name,
          $or: [{ holder: this.holder }, { expiresAt: { $lte: new Date(now) } }],
        },
        { $set: { holder: this.holder, expiresAt: new Date(now + this.ttlMs) } },
        { upsert: true },
      );
      this.heldUntil = now + this.ttlMs;
      return true;
    } catch (error) {
      this.heldUntil = 0;
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** Still held, by this process's clock. */
  get held(): boolean {
    return Date.now() < this.heldUntil;
  }

  /** Lets another replica take over at once instead of after the expiry. */
  async release(): Promise<void> {
    if (this.heldUntil === 0) return;
    this.heldUntil = 0;
    await this.leases.updateOne(
      { _id: this.name, holder: this.holder },
      { $set: { expiresAt: new Date(0) } },
    );
  }
}

/**
 * MongoDB's duplicate key error (code 11000). FerretDB on SQLite raises it on inserts, but on
 * updates passes SQLite's own error through, code and all: that is recognized by its message.
 */
export function isDuplicateKey(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if ('code' in error && error.code === 11000) return true;
  return 'message' in error && /UNIQUE constraint failed/.test(String(error.message));
}
