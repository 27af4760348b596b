import { Inject, Injectable, Logger } from '@nestjs/common';
import { OrderNotFoundError } from '../domain/order.errors.js';
import { OrderStatusChannel } from '../infrastructure/order-status.channel.js';
import { OrdersRepository } from '../infrastructure/orders.repository.js';
import { statusUpdateOf, type OrderStatusUpdate } from './order-status-update.js';

/** One order's status as it changes, wherever the change is committed. */
export interface StatusFeed {
  /** The status when the feed opened. */
  readonly current: OrderStatusUpdate;
  /** Receives every later update (including any that arrived while the feed opened). */
  onUpdate(listener: (update: OrderStatusUpdate) => void): void;
  /** The order's status read again from Postgres: the fallback for a lost broadcast. */
  reload(): Promise<OrderStatusUpdate>;
  close(): Promise<void>;
}

@Injectable()
export class OrderStatusFeeds {
  private readonly logger = new Logger(OrderStatusFeeds.name);

  constructor(
    @Inject(OrderStatusChannel) private readonly channel: OrderStatusChannel,
    @Inject(OrdersRepository) private readonly orders: OrdersRepository,
  ) {}

  /**
   * Subscribes first and reads the order second, so that a change committed in between is in
   * the buffer rather than lost. Another customer's order is not found.
   */
  async open(customerId: string, orderId: string): Promise<StatusFeed> {
    const buffered: OrderStatusUpdate[] = [];
    let deliver: (update: OrderStatusUpdate) => void = (update) => buffered.push(update);
    const unsubscribe = await this.channel
      .subscribe(orderId, (update) => deliver(update))
      .catch((error: unknown) => {
        // Redis is away: the stream still works, from its periodic re-reads of the order.
        this.logger.warn(
          `status of ${orderId} streamed without pub/sub: ${(error as Error).message}`,
        );
        return async () => undefined;
      });
    const order = await this.orders.find(orderId, customerId).catch(async (error: unknown) => {
      await unsubscribe();
      throw error;
    });
    if (!order) {
      await unsubscribe();
      throw new OrderNotFoundError(orderId);
    }
    return {
      current: statusUpdateOf(order),
      onUpdate: (listener) => {
        deliver = listener;
        buffered.splice(0).forEach(listener);
      },
      reload: async () => {
        const latest = await this.orders.find(orderId, customerId);
        if (!latest) throw new OrderNotFoundError(orderId);
        return statusUpdateOf(latest);
      },
      close: unsubscribe,
    };
  }
}
