import { Logger } from '@nestjs/common';
import { topics } from '@shop/contracts';
import {
  bootstrapHttpService,
  type HttpService,
  type HttpServiceOptions,
} from '@shop/platform-http';
import { KafkaEventsServer } from '@shop/platform-messaging';
import { AppModule } from './app.module.js';
import type { InventoryConfig } from './config/inventory.config.js';
import { inventoryKafka } from './events/events.module.js';

/** The topics inventory consumes, with the environment's prefix. */
export function consumedTopics(config: InventoryConfig): string[] {
  const prefix = config.kafka.topicPrefix;
  return [`${prefix}${topics.orderOrder}`, `${prefix}${topics.catalogProduct}`];
}

/** Starts the service: HTTP on Fastify, the Kafka consumer of the saga's and catalog's events. */
export function startInventory(
  config: InventoryConfig,
  overrides: Partial<HttpServiceOptions> = {},
): Promise<HttpService> {
  const logger = new Logger('KafkaConsumer');
  return bootstrapHttpService({
    module: AppModule.forRoot(config),
    serviceName: 'inventory',
    port: config.http.port,
    managementPort: config.http.managementPort,
    host: config.http.host,
    cors: { origins: config.http.corsOrigins },
    openApi: { title: 'Inventory API', version: '1.0.0' },
    microservices: [
      new KafkaEventsServer({
        kafka: inventoryKafka(config),
        groupId: config.kafka.groupId,
        topics: consumedTopics(config),
        logger: {
          warn: (message) => logger.warn(message),
          error: (message) => logger.error(message),
        },
      }),
    ],
    ...overrides,
  });
}
