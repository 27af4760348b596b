import { Module } from '@nestjs/common';
import { CartsModule } from '../carts/carts.module.js';
import { ORDER_CONFIG } from '../config/config.module.js';
import type { OrderConfig } from '../config/order.config.js';
import { PricesModule } from '../prices/prices.module.js';
import { AdminOrdersHttpController } from './api/admin-orders.http.controller.js';
import { OrderStreamHttpController } from './api/order-stream.http.controller.js';
import { OrdersHttpController } from './api/orders.http.controller.js';
import { StockEventsController } from './api/stock.events.controller.js';
import { CheckoutService } from './application/checkout.service.js';
import { OrderStatusFeeds } from './application/order-status-feeds.service.js';
import { OrdersService } from './application/orders.service.js';
import { SagaTimeoutSweeper } from './application/saga-timeout.service.js';
import { SagaService } from './application/saga.service.js';
import { StatusChanges } from './application/status-changes.service.js';
import { PAYMENT_GATEWAY } from './domain/payment-gateway.js';
import { IdempotencyKeysRepository } from './infrastructure/idempotency-keys.repository.js';
import { OrderStatusChannel } from './infrastructure/order-status.channel.js';
import { OrdersRepository } from './infrastructure/orders.repository.js';
import { SimulatedPaymentGateway } from './infrastructure/simulated-payment.gateway.js';

/** Checkout, the saga, the customers' and admins' order APIs, and the status streams. */
@Module({
  imports: [CartsModule, PricesModule],
  controllers: [
    OrdersHttpController,
    OrderStreamHttpController,
    AdminOrdersHttpController,
    StockEventsController,
  ],
  providers: [
    {
      provide: PAYMENT_GATEWAY,
      inject: [ORDER_CONFIG],
      useFactory: (config: OrderConfig) => new SimulatedPaymentGateway(config.payment),
    },
    OrdersRepository,
    IdempotencyKeysRepository,
    OrderStatusChannel,
    StatusChanges,
    CheckoutService,
    SagaService,
    SagaTimeoutSweeper,
    OrdersService,
    OrderStatusFeeds,
  ],
})
export class OrdersModule {}
