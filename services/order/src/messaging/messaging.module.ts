import { Global, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Outbox, PostgresInbox } from '@shop/platform-messaging';
import { ORDER_CONFIG } from '../config/config.module.js';
import type { OrderConfig } from '../config/order.config.js';
import { EventRelayService } from './event-relay.service.js';
import { kafkaProvider } from './kafka.provider.js';

/** The outbox every state change writes to, its relay, and the inbox of every consumer. */
@Global()
@Module({
  providers: [
    kafkaProvider,
    {
      provide: Outbox,
      inject: [ORDER_CONFIG],
      useFactory: (config: OrderConfig) => new Outbox(config.kafka.topicPrefix),
    },
    {
      provide: PostgresInbox,
      inject: [getDataSourceToken()],
      useFactory: (dataSource: DataSource) => new PostgresInbox(dataSource),
    },
    EventRelayService,
  ],
  exports: [Outbox, PostgresInbox],
})
export class MessagingModule {}
