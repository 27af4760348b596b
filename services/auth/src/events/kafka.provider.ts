import { Logger, type Provider } from '@nestjs/common';
import { createKafka } from '@shop/platform-messaging';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth.config.js';

/** The KafkaJS client, as the messaging library makes it. */
export type KafkaClient = ReturnType<typeof createKafka>;

/** Injection token of the service's {@link KafkaClient}. */
export const KAFKA = Symbol('KAFKA');

export const kafkaProvider: Provider = {
  provide: KAFKA,
  inject: [AUTH_CONFIG],
  useFactory: (config: AuthConfig): KafkaClient => {
    const logger = new Logger('KafkaJS');
    return createKafka(
      { clientId: 'auth', brokers: config.kafka.brokers, security: config.kafka.security },
      (level, message) => (level === 'error' ? logger.error(message) : logger.warn(message)),
    );
  },
};
