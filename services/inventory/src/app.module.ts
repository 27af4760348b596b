import { Global, Module, type DynamicModule } from '@nestjs/common';
import { JwtAuthModule } from '@shop/platform-http';
import { INVENTORY_CONFIG, type InventoryConfig } from './config/inventory.config.js';
import { DatabaseModule } from './database/database.module.js';
import { EventsModule } from './events/events.module.js';
import { ReservationsModule } from './reservations/reservations.module.js';
import { StockModule } from './stock/stock.module.js';

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: InventoryConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: INVENTORY_CONFIG, useValue: config }],
      exports: [INVENTORY_CONFIG],
    };
  }
}

/** The inventory service: stock and reservations on Cassandra, driven over Kafka and HTTP. */
@Module({})
export class AppModule {
  static forRoot(config: InventoryConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        EventsModule,
        JwtAuthModule.forRoot(config.auth),
        StockModule,
        ReservationsModule,
      ],
    };
  }
}
