import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { topics } from '@shop/contracts';
import { HealthRegistry } from '@shop/platform-http';
import { CassandraInbox, createKafka, awaitTopics, EventPublisher } from '@shop/platform-messaging';
import { PeriodicTask } from '../background/periodic-task.js';
import { ScanCursorRepository } from '../background/scan-cursor.repository.js';
import { INVENTORY_CONFIG, type InventoryConfig } from '../config/inventory.config.js';
import { CassandraSession } from '../database/cassandra.session.js';
import { EventInbox } from './event-inbox.js';
import { EventPointerRepository } from './event-pointer.repository.js';
import { EventPublication } from './event-publication.service.js';
import { EventRelay } from './event-relay.service.js';

export const KAFKA = Symbol('KAFKA');

/** The Kafka client of the publisher and the readiness check, logging through Nest. */
export function inventoryKafka(config: InventoryConfig): Kafka {
  const logger = new Logger('Kafka');
  return createKafka(
    { clientId: 'inventory', brokers: config.kafka.brokers, security: config.kafka.security },
    (level, message) => (level === 'error' ? logger.error(message) : logger.warn(message)),
  );
}

/** Starts the relay once the app is up, stops it first on shutdown, closes Kafka clients last. */
@Injectable()
class EventsLifecycle
  implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown
{
  private readonly logger = new Logger('EventRelay');
  private readonly task: PeriodicTask;
  private admin?: Admin;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(INVENTORY_CONFIG) config: InventoryConfig,
    private readonly publisher: EventPublisher,
    private readonly relay: EventRelay,
    private readonly health: HealthRegistry,
  ) {
    this.task = new PeriodicTask(
      'event relay',
      config.relay.intervalMs,
      () => this.relay.run(),
      this.logger,
    );
  }

  async onModuleInit(): Promise<void> {
    this.admin = this.kafka.admin();
    await this.admin.connect();
    this.health.register('kafka', async () => {
      await this.admin?.describeCluster();
    });
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
    await this.admin?.disconnect();
  }
}

/** Kafka for the whole service: the publisher, the relay's pointers and loop, the inbox. */
@Global()
@Module({
  providers: [
    { provide: KAFKA, inject: [INVENTORY_CONFIG], useFactory: inventoryKafka },
    {
      provide: EventPublisher,
      inject: [KAFKA, INVENTORY_CONFIG],
      // Async, so the topic exists and the producer is connected before consumers start. The
      // topic is created before the services start (ADR 0015): this waits for it, bounded.
      useFactory: async (kafka: Kafka, config: InventoryConfig) => {
        const prefix = config.kafka.topicPrefix;
        const logger = new Logger('EventPublisher');
        await awaitTopics(kafka, [`${prefix}${topics.inventoryStock}`], {
          onWait: (missing) => logger.warn(`waiting for Kafka topics: ${missing.join(', ')}`),
        });
        const publisher = new EventPublisher(kafka, prefix);
        await publisher.connect();
        return publisher;
      },
    },
    {
      provide: EventPointerRepository,
      inject: [CassandraSession],
      useFactory: (session: CassandraSession) => new EventPointerRepository(session),
    },
    {
      provide: ScanCursorRepository,
      inject: [CassandraSession],
      useFactory: (session: CassandraSession) => new ScanCursorRepository(session),
    },
    {
      provide: EventPublication,
      inject: [EventPublisher, EventPointerRepository],
      useFactory: (publisher: EventPublisher, pointers: EventPointerRepository) =>
        new EventPublication(publisher, pointers),
    },
    {
      provide: EventRelay,
      inject: [EventPointerRepository, EventPublication, ScanCursorRepository, INVENTORY_CONFIG],
      useFactory: (
        pointers: EventPointerRepository,
        publication: EventPublication,
        cursors: ScanCursorRepository,
        config: InventoryConfig,
      ) =>
        new EventRelay(
          pointers,
          publication,
          cursors,
          { graceMs: config.relay.graceMs },
          new Logger('EventRelay'),
        ),
    },
    {
      provide: EventInbox,
      inject: [CassandraSession, INVENTORY_CONFIG],
      useFactory: (session: CassandraSession, config: InventoryConfig) =>
        new EventInbox(new CassandraInbox(session.client, session.keyspace), config.kafka.groupId),
    },
    EventsLifecycle,
  ],
  exports: [EventPublication, EventRelay, EventInbox, ScanCursorRepository],
})
export class EventsModule {}
