import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetterTopic, topics, type OrderPlaced } from '@shop/contracts';
import { testKafka, testTopicPrefix, waitFor } from '@shop/testing';
import { ensureTopics, KafkaEventsServer } from '../src/index.js';
import { orderPlacedEvent } from './support.js';

const received: string[] = [];
let failuresLeft = 2;

@Controller()
class OrdersEventsController {
  @EventPattern('order.placed')
  async onOrderPlaced(@Payload() event: OrderPlaced): Promise<void> {
    // Fails twice first: the transport must retry, not log and drop like Nest's own Kafka server.
    if (failuresLeft-- > 0) throw new Error('transient');
    received.push(event.data.orderId);
  }
}

@Module({ controllers: [OrdersEventsController] })
class TestModule {}

describe('KafkaEventsServer (a Nest microservice transport)', () => {
  const kafka = testKafka('nest-transport-test');
  const prefix = testTopicPrefix('nest');
  const topic = `${prefix}${topics.orderOrder}`;
  let app: Awaited<ReturnType<typeof NestFactory.createMicroservice>>;

  beforeAll(async () => {
    await ensureTopics(kafka, [topic, deadLetterTopic(topic, `${prefix}group`)]);
    app = await NestFactory.createMicroservice(TestModule, {
      strategy: new KafkaEventsServer({
        kafka,
        groupId: `${prefix}group`,
        topics: [topic],
        retry: { attempts: 3, initialDelayMs: 20, maxDelayMs: 50, outageBudgetMs: 5_000 },
      }),
      logger: false,
    });
    await app.listen();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('routes an event to its @EventPattern handler by wire name, retrying a failing one', async () => {
    const event = orderPlacedEvent();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [{ key: event.subject, value: JSON.stringify(event) }],
    });
    await producer.disconnect();

    await waitFor(() => received.length > 0, {
      timeoutMs: 30_000,
      what: 'the handler to receive the event',
    });
    expect(received).toEqual([event.data.orderId]);
    expect(failuresLeft).toBe(-1);
  });
});
