import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  OrderStatus,
  StockReleased,
  StockReservationFailed,
  StockReserved,
} from '@shop/contracts';
import { causedBy, NonRetryableError, PostgresInbox } from '@shop/platform-messaging';
import { ORDER_CONFIG } from '../../config/config.module.js';
import type { OrderConfig } from '../../config/order.config.js';
import type { Order } from '../domain/order.js';
import {
  PAYMENT_GATEWAY,
  PaymentUnavailableError,
  type PaymentGateway,
} from '../domain/payment-gateway.js';
import { OrdersRepository } from '../infrastructure/orders.repository.js';
import { orderMetrics } from './order-metrics.js';
import { StatusChanges } from './status-changes.service.js';

type StockEvent = StockReserved | StockReservationFailed | StockReleased;

/**
 * The order side of the checkout saga: inventory's answers move an order through the state
 * machine. Each event is handled once (inbox) under the order's row lock, and an event the state
 * machine no longer accepts (stale, or about another hold) is recorded as handled and dropped.
 */
@Injectable()
export class SagaService {
  private readonly logger = new Logger(SagaService.name);
  private readonly consumer: string;

  constructor(
    @Inject(PostgresInbox) private readonly inbox: PostgresInbox,
    @Inject(OrdersRepository) private readonly orders: OrdersRepository,
    @Inject(PAYMENT_GATEWAY) private readonly payments: PaymentGateway,
    @Inject(StatusChanges) private readonly changes: StatusChanges,
    @Inject(ORDER_CONFIG) config: OrderConfig,
  ) {
    this.consumer = config.kafka.groupId;
  }

  /**
   * Stock is held: authorize the payment, then confirm or cancel. Only a hold that names the
   * order's reservation and exactly its lines counts (`Order.mismatchOfHold`). The provider is asked while
   * the order is locked, so the timeout sweep (which skips locked orders) and a customer's
   * cancellation wait for the answer instead of racing it. A provider that cannot answer fails
   * the handler: the consumer retries, then dead-letters, and the timeout sweep cancels.
   */
  async onStockReserved(event: StockReserved): Promise<void> {
    const { reservationId, lines } = event.data;
    await this.decide(event, async (order) => {
      // Checked before the state: a forged event is dead-lettered (with the reason) for a person
      // whenever it comes, not dropped as stale when the real answer came first. It never
      // confirms; the order waits for inventory's real answer or the saga timeout.
      const mismatch = order.mismatchOfHold(reservationId, lines);
      if (mismatch !== undefined) {
        orderMetrics.mismatchedHolds.inc();
        throw new NonRetryableError(
          `stock.reserved ${event.id} is not order ${order.id}'s hold: ${mismatch}`,
        );
      }
      if (!order.canBecome('CONFIRMED')) return false;
      const authorization = await this.authorize(order);
      const now = new Date();
      if (authorization.outcome === 'approved') {
        order.confirm(reservationId, authorization.paymentId, now);
      } else {
        order.cancel('payment-declined', now, reservationId);
      }
      return true;
    });
  }

  /** Nothing was held: the order is rejected, with nothing to undo. */
  async onReservationFailed(event: StockReservationFailed): Promise<void> {
    await this.decide(event, async (order) => {
      if (!order.canBecome('REJECTED')) return false;
      order.reject('insufficient-stock', new Date(), event.data.shortLines);
      return true;
    });
  }

  /**
   * The hold ended before the order was over (it expired): without stock the order cannot be
   * fulfilled, so it is cancelled, a CONFIRMED one too (its payment is then to be refunded).
   * A release of another hold, or of an order already over, is stale.
   */
  async onStockReleased(event: StockReleased): Promise<void> {
    await this.decide(event, async (order) => {
      if (!order.canBecome('CANCELLED') || !order.holdsReservation(event.data.reservationId)) {
        return false;
      }
      order.cancel('reservation-expired', new Date(), event.data.reservationId);
      return true;
    });
  }

  /**
   * Runs `apply` once per event on the locked order; `apply` says whether it changed the order.
   * The change and its outbox event commit with the inbox record.
   */
  private async decide(
    event: StockEvent,
    apply: (order: Order) => Promise<boolean>,
  ): Promise<void> {
    let changed: { order: Order; from: OrderStatus } | undefined;
    await this.inbox.runOnce(this.consumer, event, async (manager: EntityManager) => {
      const order = await this.orders.lock(manager, event.data.orderId);
      // Inventory answers only orders this service published: an unknown one needs a person.
      if (!order)
        throw new NonRetryableError(`${event.type} for unknown order ${event.data.orderId}`);
      const from = order.status;
      if (!(await apply(order))) {
        orderMetrics.ignoredEvents.inc({ event_type: event.type });
        this.logger.log(`${event.type} ${event.id} ignored: order ${order.id} is ${from}`);
        return;
      }
      await this.orders.save(manager, order, causedBy(event));
      changed = { order, from };
    });
    if (changed) await this.changes.committed(changed.order, changed.from);
  }

  private async authorize(order: Order) {
    try {
      const authorization = await this.payments.authorize({
        orderId: order.id,
        customerId: order.state.customerId,
        amount: order.state.total,
        idempotencyKey: `order-${order.id}`,
      });
      orderMetrics.payments.inc({ outcome: authorization.outcome });
      return authorization;
    } catch (error) {
      if (error instanceof PaymentUnavailableError)
        orderMetrics.payments.inc({ outcome: 'unavailable' });
      throw error;
    }
  }
}
