import cassandra from 'cassandra-driver';
import type { EventEnvelope } from '@shop/contracts';

const { consistencies } = cassandra.types;

/** CQL for the inbox table; processed ids expire after `ttlSeconds` (default 14 days). */
export function cassandraInboxTableCql(keyspace: string, ttlSeconds = 14 * 24 * 3600): string {
  return `CREATE TABLE IF NOT EXISTS ${keyspace}.inbox (
    consumer text,
    event_id uuid,
    event_type text,
    processed_at timestamp,
    PRIMARY KEY ((consumer, event_id))
  ) WITH default_time_to_live = ${ttlSeconds}`;
}

/**
 * The Cassandra inbox. Cassandra cannot commit the inbox row and the effect together, so the
 * order is: skip if recorded, run the effect, record with `INSERT … IF NOT EXISTS`. A crash
 * between effect and record redelivers the event, so **the effect must be idempotent by itself**
 * (inventory keys every stock change by the order and makes it a lightweight transaction). The
 * inbox makes redelivery cheap and keeps a handled event from being acted on, or published, twice.
 */
export class CassandraInbox {
  constructor(
    private readonly client: cassandra.Client,
    private readonly keyspace: string,
  ) {}

  async seen(consumer: string, eventId: string): Promise<boolean> {
    // SERIAL: the row was written by a lightweight transaction; read it linearizably.
    const result = await this.client.execute(
      `SELECT event_id FROM ${this.keyspace}.inbox WHERE consumer = ? AND event_id = ?`,
      [consumer, eventId],
      { prepare: true, consistency: consistencies.localSerial },
    );
    return result.rowLength > 0;
  }

  /** True when this call recorded the event; false when it was already recorded. */
  async record(consumer: string, event: Pick<EventEnvelope, 'id' | 'type'>): Promise<boolean> {
    const result = await this.client.execute(
      `INSERT INTO ${this.keyspace}.inbox (consumer, event_id, event_type, processed_at)
       VALUES (?, ?, ?, toTimestamp(now())) IF NOT EXISTS`,
      [consumer, event.id, event.type],
      {
        prepare: true,
        consistency: consistencies.localQuorum,
        serialConsistency: consistencies.localSerial,
      },
    );
    return result.wasApplied();
  }

  /** True when the effect ran; false when the event had already been handled. */
  async runOnce(
    consumer: string,
    event: Pick<EventEnvelope, 'id' | 'type'>,
    effect: () => Promise<void>,
  ): Promise<boolean> {
    if (await this.seen(consumer, event.id)) return false;
    await effect();
    return this.record(consumer, event);
  }
}
