import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from 'mongoose';
import { topics } from '@shop/contracts';
import {
  awaitTopics,
  EventPublisher,
  type createKafka,
  type OutgoingEvent,
} from '@shop/platform-messaging';
import { CATALOG_CONFIG, type CatalogConfig } from '../config/catalog.config.js';
import { MONGO_CONNECTION, nativeDb } from '../database/database.module.js';
import type { PendingEvent } from '../products/product.entity.js';
import { PendingEventsRepository, type PendingProduct } from './pending-events.repository.js';
import { RelayLease } from './relay-lease.js';
import { recordPublished, reportRelay } from './relay-metrics.js';

/** How long one pass of the relay waits for its topic before it backs off and tries again. */
const TOPIC_WAIT_PER_PASS_MS = 4_000;

/** Injection token of the service's KafkaJS client. */
export const KAFKA = Symbol('KAFKA');
type Kafka = ReturnType<typeof createKafka>;

/** Tuning of the relay. */
interface RelayOptions {
  /** Poll interval while events keep coming. */
  pollIntervalMs: number;
  /** Poll interval it backs off to when idle (another replica's writes wait at most this). */
  idlePollIntervalMs: number;
  /** Most products read per pass. */
  batchProducts: number;
  /** Most events sent to Kafka in one request. */
  batchEvents: number;
  leaseTtlMs: number;
}

const DEFAULT_RELAY_OPTIONS: RelayOptions = {
  pollIntervalMs: 200,
  idlePollIntervalMs: 1_000,
  batchProducts: 100,
  batchEvents: 500,
  leaseTtlMs: 10_000,
};

/**
 * Publishes the events that writes left in product documents (`pendingEvents`), oldest product
 * first and each product's events in order, then removes exactly the published ones. MongoDB's
 * change streams are not available on FerretDB, so it polls, and a local write nudges it. One
 * replica publishes at a time ({@link RelayLease}); the rest wait for the lease.
 *
 * A crash between Kafka's acknowledgement and the removal publishes those events again: delivery
 * is at least once, and consumers deduplicate by event id (ADR 0003, ADR 0006).
 */
@Injectable()
export class PendingEventsRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PendingEventsRelay.name);
  private readonly lease: RelayLease;
  private readonly options: RelayOptions = DEFAULT_RELAY_OPTIONS;
  private readonly topicPrefix: string;
  private running?: Promise<void>;
  private stopping = false;
  private nudged = false;
  private wake?: () => void;
  private failures = 0;
  private idlePasses = 0;
  /** How long the last look for pending events took. */
  private lastFindMs = 0;
  private topicReady = false;

  constructor(
    @Inject(MONGO_CONNECTION) connection: Connection,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly publisher: EventPublisher,
    private readonly store: PendingEventsRepository,
    @Inject(CATALOG_CONFIG) config: CatalogConfig,
  ) {
    const holder = `${hostname()}:${process.pid}:${randomUUID()}`;
    this.lease = new RelayLease(
      nativeDb(connection).collection('relay_leases'),
      'catalog.pending-events',
      holder,
      this.options.leaseTtlMs,
    );
    this.topicPrefix = config.KAFKA_TOPIC_PREFIX;
  }

  onApplicationBootstrap(): void {
    reportRelay(this);
    this.running ??= this.loop();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    // Bounded: a connection attempt to an unreachable broker takes longer than a shutdown may.
    const timer = new AbortController();
    await Promise.race([
      this.running,
      sleep(5_000, undefined, { signal: timer.signal }).catch(() => undefined),
    ]);
    timer.abort();
    reportRelay(undefined, this);
    await this.lease.release().catch(() => undefined);
    await this.publisher.disconnect().catch(() => undefined);
  }

  /** A local write left an event: publish now rather than at the next poll. */
  nudge(): void {
    this.nudged = true;
    this.idlePasses = 0;
    this.wake?.();
  }

  pendingCount(): Promise<number> {
    return this.store.pendingCount();
  }

  oldestAgeSeconds(): Promise<number> {
    return this.store.oldestAgeSeconds();
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      try {
        // Kafka first: a replica that cannot reach it must not sit on the lease.
        await this.connectKafka();
        if (!(await this.lease.acquire())) {
          await this.idle(this.options.leaseTtlMs / 4);
          continue;
        }
        const { published, full } = await this.publishBatch();
        this.failures = 0;
        this.idlePasses = published > 0 ? 0 : this.idlePasses + 1;
        if (!full) await this.idle(this.pollInterval());
      } catch (error) {
        this.failures += 1;
        this.logger.warn({
          message: 'pending events relay failed; retrying',
          error: String(error),
        });
        await this.lease.release().catch(() => undefined);
        // Bounded backoff: a Kafka or MongoDB outage must neither spin nor stall long after.
        await this.idle(Math.min(200 * 2 ** Math.min(this.failures, 5), 5_000));
      }
    }
  }

  /**
   * The topic first (created before the services start, ADR 0015): an idempotent producer that
   * connects to a broker still settling has its first metadata refresh fail. Each pass waits a
   * few seconds, so that a stop never waits long for the loop.
   */
  private async connectKafka(): Promise<void> {
    if (!this.topicReady) {
      await awaitTopics(this.kafka, [`${this.topicPrefix}${topics.catalogProduct}`], {
        timeoutMs: TOPIC_WAIT_PER_PASS_MS,
        onWait: (missing) =>
          this.logger.warn(
            `the pending events relay waits for Kafka topics: ${missing.join(', ')}`,
          ),
      });
      this.topicReady = true;
    }
    await this.publisher.connect();
  }

  /**
   * 200 ms while there is work, doubling up to 1 s while there is none; a local write nudges the
   * relay at once anyway. And never more than a tenth of the store's time: on MongoDB the look
   * for pending events is an index range read of a millisecond, but FerretDB on SQLite scans and
   * decodes every product for it (0.8 s for 1000 products here), so there the relay polls less
   * often, and another replica's writes wait longer to be published.
   */
  private pollInterval(): number {
    const { pollIntervalMs, idlePollIntervalMs } = this.options;
    const backoff = Math.min(
      pollIntervalMs * 2 ** Math.min(this.idlePasses, 10),
      idlePollIntervalMs,
    );
    return Math.max(backoff, 9 * this.lastFindMs);
  }

  /** One pass; `full` when it hit a batch limit and more work is probably waiting. */
  private async publishBatch(): Promise<{ published: number; full: boolean }> {
    const looking = performance.now();
    const found = await this.store.oldest(this.options.batchProducts);
    this.lastFindMs = performance.now() - looking;
    const batch = takeWithinLimit(found, this.options.batchEvents);
    const events = batch.flatMap((product) => product.pendingEvents);
    // The lease ran out while reading: leave the events to whoever holds it now.
    if (!this.lease.held) return { published: 0, full: false };
    await this.publisher.send(events.map((event) => this.toOutgoing(event)));
    const publishedAt = Date.now();
    await this.store.removePublished(batch);
    recordPublished(events.map((event) => publishedAt - new Date(event.createdAt).getTime()));
    const full = found.length === this.options.batchProducts || batch.length < found.length;
    return { published: events.length, full };
  }

  private toOutgoing(event: PendingEvent): OutgoingEvent {
    return {
      topic: `${this.topicPrefix}${event.topic}`,
      key: event.key,
      value: event.value,
      eventId: event.id,
      eventType: event.type,
      eventVersion: event.version,
      traceHeaders: event.traceHeaders,
    };
  }

  /** Waits for a nudge, `ms`, or the stop, whichever comes first. */
  private async idle(ms: number): Promise<void> {
    if (this.stopping) return;
    if (this.nudged) {
      this.nudged = false;
      return;
    }
    const timer = new AbortController();
    await Promise.race([
      new Promise<void>((resolve) => (this.wake = resolve)),
      sleep(ms, undefined, { signal: timer.signal }).catch(() => undefined),
    ]);
    timer.abort();
    this.wake = undefined;
    this.nudged = false;
  }
}

/** Whole products, oldest first, up to `limit` events (but always at least the first product). */
function takeWithinLimit(products: PendingProduct[], limit: number): PendingProduct[] {
  const taken: PendingProduct[] = [];
  let events = 0;
  for (const product of products) {
    if (taken.length > 0 && events + product.pendingEvents.length > limit) break;
    taken.push(product);
    events += product.pendingEvents.length;
  }
  return taken;
}
