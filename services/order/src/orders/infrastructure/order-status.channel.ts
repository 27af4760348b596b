import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ORDER_CONFIG } from '../../config/config.module.js';
import type { OrderConfig } from '../../config/order.config.js';
import { REDIS } from '../../redis/redis.module.js';
import type { OrderStatusUpdate } from '../application/order-status-update.js';

export type StatusListener = (update: OrderStatusUpdate) => void;

/**
 * Status changes across replicas over Redis pub/sub, one channel per order: the replica that
 * commits a change publishes it; whichever replica serves that order's status stream hears it.
 * Pub/sub delivers at most once, so streams also re-read the order now and then (see the SSE
 * writer): a lost message delays an update, it never loses one.
 */
@Injectable()
export class OrderStatusChannel implements OnApplicationShutdown {
  private readonly logger = new Logger(OrderStatusChannel.name);
  private readonly prefix: string;
  private readonly listeners = new Map<string, Set<StatusListener>>();
  private subscriber?: Redis;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ORDER_CONFIG) config: OrderConfig,
  ) {
    // ioredis prefixes keys, not channels: the prefix is added here.
    this.prefix = `${config.redis.keyPrefix}order-status:`;
  }

  /** Best effort, after the commit: a failure only delays streams until their next re-read. */
  async publish(update: OrderStatusUpdate): Promise<void> {
    try {
      await this.redis.publish(this.prefix + update.orderId, JSON.stringify(update));
    } catch (error) {
      this.logger.warn(`status of ${update.orderId} not broadcast: ${(error as Error).message}`);
    }
  }

  /** Listens to one order's changes. @returns the function that stops listening. */
  async subscribe(orderId: string, listener: StatusListener): Promise<() => Promise<void>> {
    const channel = this.prefix + orderId;
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      try {
        await this.connection().subscribe(channel);
      } catch (error) {
        // Not subscribed: the next stream of this order tries again.
        this.listeners.delete(channel);
        throw error;
      }
    }
    set.add(listener);
    return async () => {
      const current = this.listeners.get(channel);
      current?.delete(listener);
      if (current?.size === 0) {
        this.listeners.delete(channel);
        await this.subscriber?.unsubscribe(channel).catch(() => undefined);
      }
    };
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
  }

  /** One subscriber connection per process, opened on first use. */
  private connection(): Redis {
    if (this.subscriber) return this.subscriber;
    const subscriber = this.redis.duplicate();
    subscriber.on('message', (channel: string, message: string) => this.dispatch(channel, message));
    subscriber.on('error', (error: Error) =>
      this.logger.warn(`status subscriber: ${error.message}`),
    );
    this.subscriber = subscriber;
    return subscriber;
  }

  private dispatch(channel: string, message: string): void {
    const listeners = this.listeners.get(channel);
    if (!listeners) return;
    let update: OrderStatusUpdate;
    try {
      update = JSON.parse(message) as OrderStatusUpdate;
    } catch {
      // A throw here would escape the Redis client's event handler and end the process.
      this.logger.warn(`unreadable status message on ${channel}`);
      return;
    }
    for (const listener of listeners) listener(update);
  }
}
