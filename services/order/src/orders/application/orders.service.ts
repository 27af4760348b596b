import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type {
  AdminOrderSearchQuery,
  OrderListQuery,
  OrderPage,
  OrderResponse,
} from '@shop/contracts';
import { OrderNotFoundError } from '../domain/order.errors.js';
import type { Order } from '../domain/order.js';
import { decodeCursor, encodeCursor } from '../infrastructure/order-cursor.js';
import { OrdersRepository, type OrderFilter } from '../infrastructure/orders.repository.js';
import { toOrderResponse } from './order-view.js';
import { StatusChanges } from './status-changes.service.js';

/**
 * Reading orders and customers' cancellations. A customer's order is always looked up by its id
 * and its owner: another customer's order is not found (404), never forbidden.
 */
@Injectable()
export class OrdersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(OrdersRepository) private readonly orders: OrdersRepository,
    @Inject(StatusChanges) private readonly changes: StatusChanges,
  ) {}

  async get(customerId: string, orderId: string): Promise<Order> {
    const order = await this.orders.find(orderId, customerId);
    if (!order) throw new OrderNotFoundError(orderId);
    return order;
  }

  /** The customer's orders, newest first. */
  list(customerId: string, query: OrderListQuery): Promise<OrderPage> {
    return this.page({ customerId }, query.limit, query.cursor);
  }

  /** Everyone's orders, by status, customer and creation time (admins). */
  search(query: AdminOrderSearchQuery): Promise<OrderPage> {
    const filter: OrderFilter = {
      status: query.status,
      customerId: query.customerId,
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
    };
    return this.page(filter, query.limit, query.cursor);
  }

  /** Where the state machine allows it (PENDING or CONFIRMED); `order.cancelled`, reason customer. */
  async cancel(customerId: string, orderId: string, requestId: string): Promise<Order> {
    let from: Order['status'] = 'PENDING';
    const order = await this.dataSource.transaction(async (manager) => {
      const locked = await this.orders.lock(manager, orderId, customerId);
      if (!locked) throw new OrderNotFoundError(orderId);
      from = locked.status;
      locked.cancel('customer', new Date());
      await this.orders.save(manager, locked, { causationId: requestId });
      return locked;
    });
    await this.changes.committed(order, from);
    return order;
  }

  private async page(filter: OrderFilter, limit: number, cursor?: string): Promise<OrderPage> {
    const filters = { ...filter, from: filter.from?.toISOString(), to: filter.to?.toISOString() };
    const after = cursor === undefined ? undefined : decodeCursor(cursor, filters);
    // One more than asked: whether it exists says whether there is a next page.
    const orders = await this.orders.page(filter, after, limit + 1);
    const items: OrderResponse[] = orders.slice(0, limit).map(toOrderResponse);
    const last = orders.length > limit ? orders[limit - 1] : undefined;
    return {
      items,
      nextCursor: last
        ? encodeCursor({ createdAt: last.state.createdAt, id: last.id }, filters)
        : null,
    };
  }
}
