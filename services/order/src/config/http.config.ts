import { Logger, type LoggerService } from '@nestjs/common';
import { topics } from '@shop/contracts';
import type { HttpAppOptions } from '@shop/platform-http';
import { defaultRetryPolicy, KafkaEventsServer, type RetryPolicy } from '@shop/platform-messaging';
import { createLogger, NestPinoLogger } from '@shop/platform-telemetry';
import { AppModule } from '../app.module.js';
import { orderKafka } from '../messaging/kafka.provider.js';
import type { OrderConfig } from './order.config.js';

/** The largest body is a checkout's or a cart line's: a few hundred bytes. */
export const ORDER_BODY_LIMIT_BYTES = 16 * 1024;

/**
 * Retries of a failing handler before its event is dead-lettered: about 7.5 s of backoff, enough
 * to ride out a blip of the payment provider; a longer payment outage dead-letters the
 * `stock.reserved` and the saga timeout cancels the order (ADR 0008). An outage of Postgres or
 * Kafka is waited out for the platform's default budget instead, without spending these tries.
 */
export const CONSUMER_RETRY: RetryPolicy = {
  ...defaultRetryPolicy,
  attempts: 5,
  initialDelayMs: 500,
  maxDelayMs: 4_000,
};

export interface OrderAppOptions {
  logger?: LoggerService;
  /** False: an API-only instance that consumes no events (tests of cross-replica streams). */
  consumers?: boolean;
  consumerRetry?: RetryPolicy;
}

/** How the order service's HTTP app is built: by `main.ts`, the tests and the benchmark. */
export function orderHttpOptions(
  config: OrderConfig,
  options: OrderAppOptions = {},
): HttpAppOptions {
  const logger =
    options.logger ??
    new NestPinoLogger(createLogger({ service: 'order', level: config.logLevel }));
  return {
    module: AppModule.forRoot(config),
    serviceName: 'order',
    cors: { origins: config.http.corsOrigins },
    bodyLimitBytes: ORDER_BODY_LIMIT_BYTES,
    logger,
    openApi: {
      title: 'Order API',
      version: '1.0.0',
      description:
        'Carts, checkout, orders and their status streams; the order side of the checkout saga.',
    },
    microservices:
      options.consumers === false
        ? []
        : [eventsServer(config, options.consumerRetry ?? CONSUMER_RETRY)],
  };
}

/** The consumer of inventory's answers and the catalog's prices, one group for both. */
function eventsServer(config: OrderConfig, retry: RetryPolicy): KafkaEventsServer {
  const logger = new Logger('EventConsumer');
  const prefix = config.kafka.topicPrefix;
  return new KafkaEventsServer({
    kafka: orderKafka(config, 'KafkaJS consumer'),
    groupId: config.kafka.groupId,
    topics: [`${prefix}${topics.inventoryStock}`, `${prefix}${topics.catalogProduct}`],
    retry,
    logger: { warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
  });
}
