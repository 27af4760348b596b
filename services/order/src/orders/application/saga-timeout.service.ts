import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { ORDER_CONFIG } from '../../config/config.module.js';
import type { OrderConfig } from '../../config/order.config.js';
import type { Order } from '../domain/order.js';
import { IdempotencyKeysRepository } from '../infrastructure/idempotency-keys.repository.js';
import { OrdersRepository } from '../infrastructure/orders.repository.js';
import { StatusChanges } from './status-changes.service.js';

/** Orders cancelled per transaction; a full batch is followed by the next one at once. */
const BATCH = 100;
/** How long a checkout's answer is kept for retries with its key (as long as Stripe keeps one). */
const KEY_RETENTION_MS = 24 * 60 * 60 * 1000;
const KEY_CLEANUP_EVERY_MS = 60_000;

/**
 * The saga's timeout: every replica sweeps, every `sweepIntervalMs`, for PENDING orders older
 * than the timeout and cancels them (`saga-timeout`). Claiming with `FOR UPDATE SKIP LOCKED`
 * makes replicas split the overdue orders instead of cancelling one twice, and skips an order
 * whose `stock.reserved` is being handled right now (that handler holds its lock).
 */
@Injectable()
export class SagaTimeoutSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SagaTimeoutSweeper.name);
  private readonly stop = new AbortController();
  private running?: Promise<void>;
  private lastKeyCleanup = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(OrdersRepository) private readonly orders: OrdersRepository,
    @Inject(IdempotencyKeysRepository) private readonly keys: IdempotencyKeysRepository,
    @Inject(StatusChanges) private readonly changes: StatusChanges,
    @Inject(ORDER_CONFIG) private readonly config: OrderConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.running = this.loop();
  }

  async onModuleDestroy(): Promise<void> {
    this.stop.abort();
    await this.running;
  }

  /** Cancels one batch of overdue orders. @returns how many. */
  async sweepOnce(now = new Date()): Promise<number> {
    const overdueBefore = new Date(now.getTime() - this.config.saga.timeoutMs);
    const cancelled = await this.dataSource.transaction(async (manager) => {
      const overdue = await this.orders.claimOverdue(manager, overdueBefore, BATCH);
      for (const order of overdue) {
        order.cancel('saga-timeout', now);
        await this.orders.save(manager, order);
      }
      return overdue;
    });
    for (const order of cancelled) await this.changes.committed(order, 'PENDING');
    if (cancelled.length > 0) this.logCancelled(cancelled);
    return cancelled.length;
  }

  private async loop(): Promise<void> {
    while (!this.stop.signal.aborted) {
      let full = false;
      try {
        full = (await this.sweepOnce()) === BATCH;
        await this.cleanUpKeys();
      } catch (error) {
        // The next sweep tries again; an order is only ever cancelled by a committed sweep.
        this.logger.warn(`saga timeout sweep failed: ${(error as Error).message}`);
      }
      if (full) continue;
      await sleep(this.config.saga.sweepIntervalMs, undefined, { signal: this.stop.signal }).catch(
        () => undefined,
      );
    }
  }

  private async cleanUpKeys(): Promise<void> {
    if (Date.now() - this.lastKeyCleanup < KEY_CLEANUP_EVERY_MS) return;
    this.lastKeyCleanup = Date.now();
    await this.keys.deleteOlderThan(new Date(Date.now() - KEY_RETENTION_MS), 1_000);
  }

  private logCancelled(orders: Order[]): void {
    this.logger.warn(
      `cancelled ${orders.length} order(s) with no inventory answer within ${this.config.saga.timeoutMs} ms: ${orders
        .map((order) => order.id)
        .join(', ')}`,
    );
  }
}
