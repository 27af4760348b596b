import type { CassandraSession } from '../database/cassandra.session.js';
import { readOptions, writeOptions } from '../database/lwt.js';
import { bucketOf, uuidV7Time } from '../background/time-buckets.js';

/** Pointers are bucketed by the minute their event was minted (from its UUID v7). */
export const POINTER_BUCKET_MS = 60_000;

export interface EventPointer {
  readonly eventId: string;
  readonly source: string;
  readonly key: string;
}

/**
 * The relay's index of events that may be unpublished. A pointer is written before the row
 * that records the event, so no recorded event lacks one; a pointer whose event never got
 * recorded (the write lost its race) is simply dropped by the relay.
 */
export class EventPointerRepository {
  constructor(private readonly session: CassandraSession) {}

  async add(pointer: EventPointer): Promise<void> {
    await this.session.client.execute(
      `INSERT INTO ${this.session.table('event_pointers')} (bucket, event_id, source, aggregate_key)
       VALUES (?, ?, ?, ?)`,
      [this.bucket(pointer.eventId), pointer.eventId, pointer.source, pointer.key],
      writeOptions,
    );
  }

  async inBucket(bucket: Date): Promise<EventPointer[]> {
    const result = await this.session.client.execute(
      `SELECT event_id, source, aggregate_key FROM ${this.session.table('event_pointers')}
       WHERE bucket = ?`,
      [bucket],
      { ...readOptions, fetchSize: 1000 },
    );
    return result.rows.map((row) => ({
      eventId: String(row.get('event_id')),
      source: row.get('source') as string,
      key: row.get('aggregate_key') as string,
    }));
  }

  async remove(eventId: string): Promise<void> {
    await this.session.client.execute(
      `DELETE FROM ${this.session.table('event_pointers')} WHERE bucket = ? AND event_id = ?`,
      [this.bucket(eventId), eventId],
      writeOptions,
    );
  }

  private bucket(eventId: string): Date {
    return bucketOf(uuidV7Time(eventId), POINTER_BUCKET_MS);
  }
}
