import type { LoggerService } from '@nestjs/common';
import { metrics } from '@shop/platform-telemetry';
import { BucketScanner } from '../background/bucket-scanner.js';
import type { ScanCursorRepository } from '../background/scan-cursor.repository.js';
import { uuidV7Time } from '../background/time-buckets.js';
import { POINTER_BUCKET_MS, type EventPointerRepository } from './event-pointer.repository.js';
import type { EventPublication } from './event-publication.service.js';

export interface EventRelayOptions {
  /** Events younger than this are left to the code that wrote them, which publishes at once. */
  graceMs: number;
}

/**
 * Republishes events that were written but never marked published: the writer crashed, or
 * Kafka was down. It walks the pointer buckets from a shared cursor; several replicas may relay
 * the same event at once, which is harmless: it carries the same id, and consumers deduplicate.
 */
export class EventRelay {
  private readonly scanner: BucketScanner;

  constructor(
    private readonly pointers: EventPointerRepository,
    private readonly publication: EventPublication,
    cursors: ScanCursorRepository,
    private readonly options: EventRelayOptions,
    private readonly logger: Pick<LoggerService, 'warn'>,
  ) {
    this.scanner = new BucketScanner(cursors, {
      name: 'event-relay',
      bucketMs: POINTER_BUCKET_MS,
      graceMs: options.graceMs + POINTER_BUCKET_MS,
      lookbackMs: 3_600_000,
      maxBucketsPerRun: 240,
    });
  }

  /** One pass over the pointer buckets; resolves when every due pointer was tried. */
  async run(now = new Date()): Promise<void> {
    await this.scanner.run(now, (bucket) => this.relayBucket(bucket, now));
  }

  private async relayBucket(bucket: Date, now: Date): Promise<boolean> {
    let remaining = 0;
    for (const pointer of await this.pointers.inBucket(bucket)) {
      if (uuidV7Time(pointer.eventId) > now.getTime() - this.options.graceMs) {
        remaining++;
        continue;
      }
      const source = this.publication.source(pointer.source);
      if (!source) {
        this.logger.warn({ message: `event pointer of unknown source ${pointer.source}` });
        remaining++;
        continue;
      }
      try {
        const event = (await source.pendingEvents(pointer.key)).find(
          (e) => e.id === pointer.eventId,
        );
        // Not on the row: already published, or its write lost a race and never happened.
        if (event) {
          await this.publication.publish(source, pointer.key, [event]);
          metrics.counter('inventory_events_relayed_total', 'Events published by the relay.').inc();
        } else {
          await this.pointers.remove(pointer.eventId);
        }
      } catch (error) {
        remaining++;
        this.logger.warn({
          message: `relaying event ${pointer.eventId} failed`,
          error: String(error),
        });
      }
    }
    return remaining === 0;
  }
}
