import {
  Global,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { HealthRegistry } from '@shop/platform-http';
import { INVENTORY_CONFIG, type InventoryConfig } from '../config/inventory.config.js';
import { CassandraSession } from './cassandra.session.js';

/** Registers the readiness check and closes the driver once consumers and requests are done. */
@Injectable()
class CassandraLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly session: CassandraSession,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.health.register('cassandra', () => this.session.ping());
  }

  // Shutdown hooks run after Nest closed the Kafka consumers: no handler still needs the driver.
  async onApplicationShutdown(): Promise<void> {
    await this.session.close();
  }
}

/**
 * The Cassandra session. It is an async provider, so the connection and the migrations are done
 * while Nest builds the application: before the Kafka consumers start, which happens before
 * `onModuleInit` runs.
 */
@Global()
@Module({
  providers: [
    {
      provide: CassandraSession,
      inject: [INVENTORY_CONFIG],
      useFactory: (config: InventoryConfig) => {
        const logger = new Logger('Cassandra');
        return CassandraSession.open(config.cassandra, (message) => logger.log(message));
      },
    },
    CassandraLifecycle,
  ],
  exports: [CassandraSession],
})
export class DatabaseModule {}
