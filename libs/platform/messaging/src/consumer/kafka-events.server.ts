import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { Kafka } from 'kafkajs';
import type { EventEnvelope } from '@shop/contracts';
import { EventConsumer, type EventConsumerOptions, type MessageContext } from './event-consumer.js';

export type KafkaEventsServerOptions = Omit<
  EventConsumerOptions,
  'handlerFor' | 'kafka' | 'onFailure'
> & {
  kafka: Kafka;
};

/**
 * A Nest microservice transport over {@link EventConsumer}. Handlers are ordinary
 * `@EventPattern('order.placed')` methods; the pattern is the event's wire name. Unlike Nest's
 * own Kafka transport, a handler's error is retried, then dead-lettered, and never swallowed.
 * It is listening once subscribed, before the group join ends (see {@link EventConsumer.start}).
 *
 * ```ts
 * app.connectMicroservice({ strategy: new KafkaEventsServer({ kafka, groupId: 'order', topics }) });
 * await app.startAllMicroservices();
 * ```
 */
export class KafkaEventsServer extends Server implements CustomTransportStrategy {
  // Handler errors must reach the consumer's retry loop instead of being logged and dropped.
  override readonly propagatesEventHandlerErrors = true;
  private consumer?: EventConsumer;

  constructor(private readonly options: KafkaEventsServerOptions) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    this.consumer = new EventConsumer({
      ...this.options,
      // Nest's transport status: `createHttpApp` fails `/health/live` on `failed`.
      onFailure: () => this._status$.next('failed'),
      handlerFor: (eventType) => {
        const handler = this.getHandlerByPattern(eventType);
        if (!handler) return undefined;
        return async (event: EventEnvelope, context: MessageContext) => {
          const result: unknown = await handler(event, context);
          await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
        };
      },
    });
    this.consumer.start().then(() => callback(), callback);
  }

  async close(): Promise<void> {
    await this.consumer?.stop();
  }

  on(): never {
    throw new Error('KafkaEventsServer does not emit transport events');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }
}
