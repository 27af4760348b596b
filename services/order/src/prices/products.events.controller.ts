import { Controller, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import type { ProductArchived, ProductCreated, ProductUpdated } from '@shop/contracts';
import { PostgresInbox } from '@shop/platform-messaging';
import { metrics } from '@shop/platform-telemetry';
import { ORDER_CONFIG } from '../config/config.module.js';
import type { OrderConfig } from '../config/order.config.js';
import { PriceProjection } from './price-projection.repository.js';

const projected = metrics.counter(
  'order_price_projection_events_total',
  'Catalog events applied to the price projection, or dropped as older than what it holds.',
  ['outcome'],
);

/** Feeds the price projection from `catalog.product.v1`, each event once (inbox). */
@Controller()
export class ProductsEventsController {
  private readonly logger = new Logger(ProductsEventsController.name);

  constructor(
    @Inject(ORDER_CONFIG) private readonly config: OrderConfig,
    @Inject(PostgresInbox) private readonly inbox: PostgresInbox,
    @Inject(PriceProjection) private readonly prices: PriceProjection,
  ) {}

  @EventPattern('product.created')
  async onCreated(@Payload() event: ProductCreated): Promise<void> {
    await this.once(event, (manager) => this.prices.apply(manager, event.data));
  }

  @EventPattern('product.updated')
  async onUpdated(@Payload() event: ProductUpdated): Promise<void> {
    await this.once(event, (manager) => this.prices.apply(manager, event.data));
  }

  @EventPattern('product.archived')
  async onArchived(@Payload() event: ProductArchived): Promise<void> {
    await this.once(event, (manager) => this.prices.archive(manager, event.data));
  }

  private async once(
    event: ProductCreated | ProductUpdated | ProductArchived,
    apply: (manager: EntityManager) => Promise<boolean>,
  ): Promise<void> {
    let applied = false;
    const handled = await this.inbox.runOnce(this.config.kafka.groupId, event, async (manager) => {
      applied = await apply(manager);
    });
    if (!handled) return;
    projected.inc({ outcome: applied ? 'applied' : 'stale' });
    if (!applied) {
      this.logger.debug(
        `${event.type} v${event.data.productVersion} of ${event.subject} is older than the projection; dropped`,
      );
    }
  }
}
