import { Module } from '@nestjs/common';
import { PricesModule } from '../prices/prices.module.js';
import { CartHttpController } from './api/cart.http.controller.js';
import { CartsService } from './application/carts.service.js';
import { RedisCartRepository } from './infrastructure/redis-cart.repository.js';

/** Carts in Redis, priced from the projection. */
@Module({
  imports: [PricesModule],
  controllers: [CartHttpController],
  providers: [CartsService, RedisCartRepository],
  exports: [RedisCartRepository],
})
export class CartsModule {}
