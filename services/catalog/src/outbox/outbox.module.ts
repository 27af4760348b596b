import {
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { HealthRegistry } from '@shop/platform-http';
import { createKafka, EventPublisher } from '@shop/platform-messaging';
import {
  CATALOG_CONFIG,
  catalogKafkaSecurity,
  type CatalogConfig,
} from '../config/catalog.config.js';
import { SingleFlight } from '../cache/single-flight.js';
import { PendingEventsRepository } from './pending-events.repository.js';
import { KAFKA, PendingEventsRelay } from './pending-events.relay.js';

type Kafka = ReturnType<typeof createKafka>;
type Admin = ReturnType<Kafka['admin']>;

/**
 * Readiness includes Kafka: a catalog that cannot publish keeps accepting writes (their events
 * wait in the documents), but it should not take traffic it was not meant to take alone.
 */
@Injectable()
class KafkaHealth implements OnModuleInit, OnApplicationShutdown {
  private admin?: Admin;
  // A broker that hangs would otherwise collect one stuck check per probe.
  private readonly checks = new SingleFlight();

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.health.register('kafka', () => this.checks.run('kafka', () => this.check()));
  }

  private async check(): Promise<void> {
    this.admin ??= this.kafka.admin({ retry: { retries: 0 } });
    try {
      await this.admin.connect();
      await this.admin.describeCluster();
    } catch (error) {
      const admin = this.admin;
      this.admin = undefined;
      await admin.disconnect().catch(() => undefined);
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }
}

@Module({
  providers: [
    {
      provide: KAFKA,
      inject: [CATALOG_CONFIG],
      useFactory: (config: CatalogConfig) => {
        const logger = new Logger('Kafka');
        return createKafka(
          {
            clientId: 'catalog',
            brokers: config.KAFKA_BROKERS,
            security: catalogKafkaSecurity(config),
          },
          (level, message, extra) =>
            level === 'error' || level === 'warn'
              ? logger.warn({ message, ...extra })
              : logger.debug({ message, ...extra }),
        );
      },
    },
    {
      provide: EventPublisher,
      inject: [KAFKA],
      // No prefix here: the relay sends events whose topics it has already prefixed.
      useFactory: (kafka: Kafka) => new EventPublisher(kafka),
    },
    KafkaHealth,
    PendingEventsRepository,
    PendingEventsRelay,
  ],
  exports: [PendingEventsRelay],
})
export class OutboxModule {}
