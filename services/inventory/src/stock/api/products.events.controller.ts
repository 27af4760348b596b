import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { ProductCreated } from '@shop/contracts';
import { EventInbox } from '../../events/event-inbox.js';
import { StockService } from '../application/stock.service.js';

/** The catalog's events: a new product's SKU gets a stock row at zero. */
@Controller()
export class ProductsEventsController {
  constructor(
    private readonly stock: StockService,
    private readonly inbox: EventInbox,
  ) {}

  @EventPattern('product.created')
  async onProductCreated(@Payload() event: ProductCreated): Promise<void> {
    await this.inbox.handle(event, () => this.stock.stockNewSku(event.data.sku));
  }
}
