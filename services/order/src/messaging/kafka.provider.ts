import { Logger, type Provider } from '@nestjs/common';
import { createKafka } from '@shop/platform-messaging';
import { ORDER_CONFIG } from '../config/config.module.js';
import type { OrderConfig } from '../config/order.config.js';

/** The KafkaJS client, as the messaging library makes it. */
export type KafkaClient = ReturnType<typeof createKafka>;

/** Injection token of the service's {@link KafkaClient} (relay and health probe). */
export const KAFKA = Symbol('KAFKA');

/** A KafkaJS client whose warnings and errors go to the service's log. */
export function orderKafka(config: OrderConfig, context = 'KafkaJS'): KafkaClient {
  const logger = new Logger(context);
  return createKafka(
    { clientId: 'order', brokers: config.kafka.brokers, security: config.kafka.security },
    (level, message) => (level === 'error' ? logger.error(message) : logger.warn(message)),
  );
}

export const kafkaProvider: Provider = {
  provide: KAFKA,
  inject: [ORDER_CONFIG],
  useFactory: (config: OrderConfig) => orderKafka(config),
};
