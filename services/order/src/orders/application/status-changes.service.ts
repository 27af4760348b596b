import { Inject, Injectable } from '@nestjs/common';
import type { OrderStatus } from '@shop/contracts';
import type { Order } from '../domain/order.js';
import { OrderStatusChannel } from '../infrastructure/order-status.channel.js';
import { recordTransition } from './order-metrics.js';
import { statusUpdateOf } from './order-status-update.js';

/**
 * What follows a committed status change: its metrics, and the broadcast that status streams on
 * every replica listen to. Called only after the commit, so no stream ever shows a status that
 * was rolled back.
 */
@Injectable()
export class StatusChanges {
  constructor(@Inject(OrderStatusChannel) private readonly channel: OrderStatusChannel) {}

  async committed(order: Order, from: OrderStatus): Promise<void> {
    recordTransition(order.status, order.state.statusReason, from, order.state.createdAt);
    await this.channel.publish(statusUpdateOf(order));
  }
}
