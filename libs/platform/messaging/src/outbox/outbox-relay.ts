import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { recordPublished, reportOutbox } from '../metrics.js';
import type { EventPublisher, OutgoingEvent } from '../publisher.js';
import { outboxChannel } from './outbox.js';

export interface OutboxRelayOptions {
  /** The service's data source: batches are read and deleted through its pool. */
  dataSource: DataSource;
  /** A dedicated connection holds the leader lock and listens for commits. */
  postgresUrl: string;
  publisher: EventPublisher;
  batchSize?: number;
  /** Fallback poll when no notification arrives (a missed NOTIFY, a write from elsewhere). */
  pollIntervalMs?: number;
  /** Replicas of a service share this lock: one publishes at a time, which keeps per-key order. */
  lockName?: string;
  logger?: { warn(message: string): void; error(message: string): void };
  /** Called after each acknowledged batch, with each event's commit-to-publish time in ms (besides the metrics). */
  onPublished?: (latenciesMs: number[]) => void;
}

interface OutboxRow {
  seq: string;
  id: string;
  topic: string;
  message_key: string;
  event_type: string;
  event_version: number;
  payload: string;
  trace_headers: Record<string, string>;
  created_at: Date;
}

/**
 * Publishes committed outbox rows to Kafka in `seq` order and deletes them once Kafka has
 * acknowledged. It retries until Kafka answers: a row leaves the table only by being published.
 * A crash between the acknowledgement and the delete publishes those rows again; consumers'
 * inboxes make that harmless.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly lockName: string;
  private listener?: pg.Client;
  private leader = false;
  private running?: Promise<void>;
  private stopping = false;
  private wake?: () => void;
  private failures = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 200;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.lockName = options.lockName ?? 'shop.outbox-relay';
  }

  /** Starts publishing in the background; `stop()` ends it. */
  start(): void {
    this.stopping = false;
    reportOutbox(this);
    this.running ??= this.loop();
  }

  /** Finishes the batch in flight, releases the leader lock and closes the dedicated connection. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = undefined;
    reportOutbox(undefined);
    await this.closeListener();
  }

  /** Events written but not yet acknowledged by Kafka. */
  async pending(): Promise<number> {
    const rows: { count: string }[] = await this.options.dataSource.query(
      'SELECT count(*) AS count FROM outbox',
    );
    return Number(rows[0].count);
  }

  /** Age in seconds of the oldest unpublished event (0 when none): the relay's lag. */
  async oldestAgeSeconds(): Promise<number> {
    const rows: { age: number | null }[] = await this.options.dataSource.query(
      'SELECT extract(epoch FROM clock_timestamp() - min(created_at))::float8 AS age FROM outbox',
    );
    return rows[0].age ?? 0;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      try {
        if (!(await this.ensureLeader())) {
          await this.idle();
          continue;
        }
        const published = await this.publishBatch();
        this.failures = 0;
        if (published < this.batchSize) await this.idle();
      } catch (error) {
        this.failures += 1;
        this.options.logger?.warn(`outbox relay: ${(error as Error).message}; retrying`);
        await this.closeListener();
        // Bounded backoff: Kafka or Postgres being down must not spin the CPU, nor stall for long after.
        await this.idle(Math.min(200 * 2 ** Math.min(this.failures, 5), 5000));
      }
    }
  }

  /** Connects the dedicated client, listens, and tries to take the leader lock. */
  private async ensureLeader(): Promise<boolean> {
    if (!this.listener) {
      const client = new pg.Client({ connectionString: this.options.postgresUrl });
      client.on('error', () => void this.closeListener());
      client.on('notification', () => this.wake?.());
      await client.connect();
      await client.query(`LISTEN ${outboxChannel}`);
      this.listener = client;
      this.leader = false;
    }
    if (!this.leader) {
      const result = await this.listener.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [this.lockName],
      );
      this.leader = result.rows[0].locked;
    }
    return this.leader;
  }

  private async publishBatch(): Promise<number> {
    const { dataSource, publisher } = this.options;
    const rows: OutboxRow[] = await dataSource.query(
      `SELECT seq, id, topic, message_key, event_type, event_version, payload, trace_headers, created_at
         FROM outbox ORDER BY seq LIMIT $1`,
      [this.batchSize],
    );
    if (rows.length === 0) return 0;
    try {
      await publisher.send(rows.map(toOutgoingEvent));
    } catch (error) {
      await dataSource
        .query('UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE seq = $1', [
          rows[0].seq,
          String((error as Error).message).slice(0, 1000),
        ])
        .catch(() => undefined); // recording the failure is best effort; the retry is what matters
      throw error;
    }
    const publishedAt = Date.now();
    await dataSource.query('DELETE FROM outbox WHERE seq = ANY($1::bigint[])', [
      rows.map((row) => row.seq),
    ]);
    const latencies = rows.map((row) => publishedAt - row.created_at.getTime());
    recordPublished(latencies);
    this.options.onPublished?.(latencies);
    return rows.length;
  }

  /** Waits for a commit notification, the poll interval, or `stop()`, whichever comes first. */
  private async idle(ms = this.pollIntervalMs): Promise<void> {
    if (this.stopping) return;
    const controller = new AbortController();
    await Promise.race([
      new Promise<void>((resolve) => (this.wake = resolve)),
      sleep(ms, undefined, { signal: controller.signal }).catch(() => undefined),
    ]);
    controller.abort();
    this.wake = undefined;
  }

  private async closeListener(): Promise<void> {
    const client = this.listener;
    this.listener = undefined;
    this.leader = false;
    // Ending the session releases the advisory lock, so another replica can take over.
    await client?.end().catch(() => undefined);
  }
}

function toOutgoingEvent(row: OutboxRow): OutgoingEvent {
  return {
    topic: row.topic,
    key: row.message_key,
    value: row.payload,
    eventId: row.id,
    eventType: row.event_type,
    eventVersion: row.event_version,
    traceHeaders: row.trace_headers,
  };
}
