import { Module } from '@nestjs/common';
import { PriceProjection } from './price-projection.repository.js';
import { ProductsEventsController } from './products.events.controller.js';

/** The projection of the catalog's prices that carts and checkout read. */
@Module({
  controllers: [ProductsEventsController],
  providers: [PriceProjection],
  exports: [PriceProjection],
})
export class PricesModule {}
