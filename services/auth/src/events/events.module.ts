import { Module } from '@nestjs/common';
import { Outbox } from '@shop/platform-messaging';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth.config.js';
import { EventRelayService } from './event-relay.service.js';
import { kafkaProvider } from './kafka.provider.js';

/** The outbox the accounts write to, and the relay that publishes it. */
@Module({
  providers: [
    kafkaProvider,
    {
      provide: Outbox,
      inject: [AUTH_CONFIG],
      useFactory: (config: AuthConfig) => new Outbox(config.kafka.topicPrefix),
    },
    EventRelayService,
  ],
  exports: [Outbox, EventRelayService],
})
export class EventsModule {}
