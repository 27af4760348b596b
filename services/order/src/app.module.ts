import { Module, type DynamicModule } from '@nestjs/common';
import { JwtAuthModule } from '@shop/platform-http';
import { CartsModule } from './carts/carts.module.js';
import { OrderConfigModule } from './config/config.module.js';
import type { OrderConfig } from './config/order.config.js';
import { DatabaseModule } from './database/database.module.js';
import { MessagingModule } from './messaging/messaging.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { PricesModule } from './prices/prices.module.js';
import { RedisModule } from './redis/redis.module.js';

/** The order service, configured by `config`. */
@Module({})
export class AppModule {
  static forRoot(config: OrderConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        OrderConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        MessagingModule,
        JwtAuthModule.forRoot({
          jwksUrl: config.auth.jwksUrl,
          issuer: config.auth.issuer,
          audience: config.auth.audience,
        }),
        PricesModule,
        CartsModule,
        OrdersModule,
      ],
    };
  }
}
