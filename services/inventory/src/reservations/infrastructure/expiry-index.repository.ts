import type { CassandraSession } from '../../database/cassandra.session.js';
import { readOptions, writeOptions } from '../../database/lwt.js';
import { bucketOf } from '../../background/time-buckets.js';

/** Reservations are indexed by the minute they expire in. */
export const EXPIRY_BUCKET_MS = 60_000;

export interface ExpiryEntry {
  readonly orderId: string;
  readonly expiresAt: Date;
}

/**
 * Reservations by expiry minute, so the sweeper reads only the minutes that are due instead of
 * scanning every reservation. An entry is written before its reservation; the sweeper drops
 * entries whose reservation is at rest (or was never written).
 */
export class ExpiryIndexRepository {
  private readonly table: string;

  constructor(private readonly session: CassandraSession) {
    this.table = session.table('reservation_expiry');
  }

  async add(entry: ExpiryEntry): Promise<void> {
    await this.session.client.execute(
      `INSERT INTO ${this.table} (bucket, expires_at, order_id) VALUES (?, ?, ?)`,
      [bucketOf(entry.expiresAt, EXPIRY_BUCKET_MS), entry.expiresAt, entry.orderId],
      writeOptions,
    );
  }

  /** The bucket's entries due by `now`, and whether any entry of the bucket is not due yet. */
  async due(bucket: Date, now: Date): Promise<{ entries: ExpiryEntry[]; later: boolean }> {
    const result = await this.session.client.execute(
      `SELECT expires_at, order_id FROM ${this.table} WHERE bucket = ?`,
      [bucket],
      { ...readOptions, fetchSize: 500 },
    );
    const entries: ExpiryEntry[] = [];
    let later = false;
    for await (const row of result) {
      const expiresAt = row.get('expires_at') as Date;
      if (expiresAt > now) later = true;
      else entries.push({ orderId: String(row.get('order_id')), expiresAt });
    }
    return { entries, later };
  }

  async remove(entry: ExpiryEntry): Promise<void> {
    await this.session.client.execute(
      `DELETE FROM ${this.table} WHERE bucket = ? AND expires_at = ? AND order_id = ?`,
      [bucketOf(entry.expiresAt, EXPIRY_BUCKET_MS), entry.expiresAt, entry.orderId],
      writeOptions,
    );
  }
}
