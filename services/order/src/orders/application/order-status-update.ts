import type { OrderStatus } from '@shop/contracts';
import type { Order } from '../domain/order.js';

/** One status of an order, as status streams carry it. */
export interface OrderStatusUpdate {
  orderId: string;
  status: OrderStatus;
  statusReason?: string;
  /** The order's version: a stream never goes back to a lower one. */
  version: number;
  updatedAt: string;
}

export function statusUpdateOf(order: Order): OrderStatusUpdate {
  const { id, status, statusReason, version, updatedAt } = order.state;
  return { orderId: id, status, statusReason, version, updatedAt: updatedAt.toISOString() };
}
