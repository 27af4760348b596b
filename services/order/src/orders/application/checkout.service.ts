import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { Money, OrderResponse } from '@shop/contracts';
import { ORDER_CONFIG } from '../../config/config.module.js';
import type { OrderConfig } from '../../config/order.config.js';
import type { Cart } from '../../carts/domain/cart.js';
import {
  CartEmptyError,
  CartTotalChangedError,
  CurrencyUnsupportedError,
  ProductUnavailableError,
} from '../../carts/domain/cart.errors.js';
import { RedisCartRepository } from '../../carts/infrastructure/redis-cart.repository.js';
import { PriceProjection } from '../../prices/price-projection.repository.js';
import { requestHash } from '../domain/idempotency.js';
import { Order, type OrderLine } from '../domain/order.js';
import { IdempotencyKeysRepository } from '../infrastructure/idempotency-keys.repository.js';
import { OrdersRepository } from '../infrastructure/orders.repository.js';
import { orderMetrics } from './order-metrics.js';
import { toOrderResponse } from './order-view.js';

export interface CheckoutCommand {
  customerId: string;
  idempotencyKey: string;
  /** The parsed request body: what the key's request hash is made of. */
  body: { expectedTotal?: Money };
  /** The HTTP request's id: the cause of `order.placed`. */
  requestId: string;
}

export interface CheckoutResult {
  orderId: string;
  status: number;
  body: OrderResponse;
  replayed: boolean;
}

/**
 * Checkout: the cart becomes a PENDING order priced from the projection, `order.placed` goes to
 * the outbox, and the answer is stored under the idempotency key, all in one transaction. The
 * same key and request get that answer again, however many times and however concurrently.
 */
@Injectable()
export class CheckoutService {
  private readonly logger = new Logger(CheckoutService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(IdempotencyKeysRepository) private readonly keys: IdempotencyKeysRepository,
    @Inject(OrdersRepository) private readonly orders: OrdersRepository,
    @Inject(RedisCartRepository) private readonly carts: RedisCartRepository,
    @Inject(PriceProjection) private readonly prices: PriceProjection,
    @Inject(ORDER_CONFIG) private readonly config: OrderConfig,
  ) {}

  async checkout(command: CheckoutCommand): Promise<CheckoutResult> {
    const { customerId, idempotencyKey } = command;
    const hash = requestHash({ method: 'POST', path: '/orders', body: command.body });
    let placedFrom: Cart | undefined;
    const result = await this.dataSource.transaction(async (manager): Promise<CheckoutResult> => {
      // First, before anything is read: a retry must get the first answer even though the
      // first checkout emptied the cart.
      const claim = await this.keys.claim(manager, customerId, idempotencyKey, hash);
      if (claim.kind === 'replay') {
        const { orderId, status, body } = claim.response;
        return { orderId, status, body: JSON.parse(body) as OrderResponse, replayed: true };
      }
      const cart = await this.carts.load(customerId);
      const order = Order.place({
        id: uuidv7(),
        customerId,
        lines: await this.priceLines(manager, cart),
        // Random, not time-ordered: only readers of the order topic (inventory) can learn it.
        reservationId: randomUUID(),
        now: new Date(),
      });
      checkExpectedTotal(command.body.expectedTotal, order.state.total);
      await this.orders.insert(manager, order, { causationId: command.requestId });
      const body = toOrderResponse(order);
      await this.keys.complete(manager, customerId, idempotencyKey, {
        orderId: order.id,
        status: 202,
        body: JSON.stringify(body),
      });
      placedFrom = cart;
      return { orderId: order.id, status: 202, body, replayed: false };
    });
    orderMetrics.checkouts.inc({ outcome: result.replayed ? 'replayed' : 'placed' });
    if (placedFrom) await this.afterCommit(placedFrom);
    return result;
  }

  /** Every line priced from the projection; anything it cannot sell stops the checkout. */
  private async priceLines(manager: EntityManager, cart: Cart): Promise<OrderLine[]> {
    if (cart.isEmpty) throw new CartEmptyError();
    const prices = await this.prices.findBySkus(
      cart.lines.map((line) => line.sku),
      manager,
    );
    const unavailable = cart.lines.filter((line) => !prices.get(line.sku)?.available);
    if (unavailable.length > 0) throw new ProductUnavailableError(unavailable.map((l) => l.sku));
    return cart.lines.map((line) => {
      const product = prices.get(line.sku)!;
      if (product.price.currency !== this.config.cart.currency) {
        throw new CurrencyUnsupportedError(
          line.sku,
          product.price.currency,
          this.config.cart.currency,
        );
      }
      return {
        sku: line.sku,
        name: product.name,
        quantity: line.quantity,
        unitPrice: product.price,
      };
    });
  }

  private async afterCommit(cart: Cart): Promise<void> {
    if (this.config.faults.killAfterCheckoutCommit) {
      // Fault injection: die between the commit and the relay's publish (crash-window test).
      process.kill(process.pid, 'SIGKILL');
    }
    try {
      // Only the cart that was ordered: lines added during the checkout stay for next time.
      await this.carts.clear(cart.customerId, cart.version);
    } catch (error) {
      // The order is committed; a cart left full is a nuisance, not a reason to fail the answer.
      this.logger.warn(`cart of ${cart.customerId} not cleared: ${(error as Error).message}`);
    }
  }
}

function checkExpectedTotal(expected: Money | undefined, actual: Money): void {
  if (!expected) return;
  if (expected.amount !== actual.amount || expected.currency !== actual.currency) {
    throw new CartTotalChangedError(expected.amount, actual.amount, actual.currency);
  }
}
