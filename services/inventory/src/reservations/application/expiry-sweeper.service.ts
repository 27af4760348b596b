import type { LoggerService } from '@nestjs/common';
import { BucketScanner } from '../../background/bucket-scanner.js';
import type { ScanCursorRepository } from '../../background/scan-cursor.repository.js';
import {
  EXPIRY_BUCKET_MS,
  type ExpiryEntry,
  type ExpiryIndexRepository,
} from '../infrastructure/expiry-index.repository.js';
import type { ReservationsService } from './reservations.service.js';

export interface ExpirySweeperOptions {
  /** A phase untouched this long is taken over: its handler is presumed dead. */
  leaseMs: number;
}

export const defaultExpirySweeperOptions: ExpirySweeperOptions = { leaseMs: 30_000 };

/**
 * Releases holds that were not confirmed in time. It reads only the expiry minutes that are due
 * (from a cursor shared by the replicas), and each release starts with a compare-and-set of the
 * reservation's version, so two replicas sweeping the same minute release each hold once.
 */
export class ExpirySweeper {
  private readonly scanner: BucketScanner;

  constructor(
    private readonly index: ExpiryIndexRepository,
    private readonly reservations: ReservationsService,
    cursors: ScanCursorRepository,
    private readonly options: ExpirySweeperOptions,
    private readonly logger: Pick<LoggerService, 'warn'>,
  ) {
    this.scanner = new BucketScanner(cursors, {
      name: 'reservation-expiry',
      bucketMs: EXPIRY_BUCKET_MS,
      // Entries are written before their reservation, at most a write timeout late.
      graceMs: 30_000,
      lookbackMs: 3_600_000,
      maxBucketsPerRun: 240,
    });
  }

  async run(now = new Date()): Promise<void> {
    await this.scanner.run(now, (bucket) => this.sweepBucket(bucket, now));
  }

  /** True when nothing is left in the bucket. */
  private async sweepBucket(bucket: Date, now: Date): Promise<boolean> {
    const { entries, later } = await this.index.due(bucket, now);
    let remaining = later ? 1 : 0;
    for (const entry of entries) {
      try {
        if (await this.sweep(entry, now)) await this.index.remove(entry);
        else remaining++;
      } catch (error) {
        remaining++;
        this.logger.warn({
          message: `sweeping the reservation of ${entry.orderId} failed`,
          error: String(error),
        });
      }
    }
    return remaining === 0;
  }

  /** True when the entry is done with: its reservation is at rest (or never existed). */
  private async sweep(entry: ExpiryEntry, now: Date): Promise<boolean> {
    const record = await this.reservations.load(entry.orderId);
    // Never written (its handler died first), or an entry of a redelivery that found it existing.
    if (!record || record.reservation.props.expiresAt.getTime() !== entry.expiresAt.getTime()) {
      return true;
    }
    const action = record.reservation.sweepAction(now, this.options.leaseMs);
    if (action === 'forget') return true;
    if (action === 'wait') return false;
    const settled = await this.reservations.sweep(record, action);
    return settled.reservation.isAtRest;
  }
}
