import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetterTopic, orderPlaced, topics } from '@shop/contracts';
import {
  createTestDatabase,
  testKafka,
  testTopicPrefix,
  waitFor,
  type TestDatabase,
} from '@shop/testing';
import { ensureTopics, EventConsumer, EventPublisher, Outbox, OutboxRelay } from '../src/index.js';
import { migratedDataSource, orderPlacedEvent } from './support.js';

describe('trace context across Kafka', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const kafka = testKafka('trace-test');
  const prefix = testTopicPrefix('trace');
  const topic = `${prefix}${topics.orderOrder}`;
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
    db = await createTestDatabase('trace');
    dataSource = await migratedDataSource(db.url);
    await ensureTopics(kafka, [topic, deadLetterTopic(topic, `${prefix}group`)]);
  });

  afterAll(async () => {
    trace.disable();
    propagation.disable();
    context.disable();
    await dataSource?.destroy();
    await db?.drop();
  });

  it('makes the consumer span a child of the producer span, which continues the writer’s trace', async () => {
    const event = orderPlacedEvent();
    const checkout = trace.getTracer('test').startSpan('POST /orders');
    await context.with(trace.setSpan(context.active(), checkout), () =>
      dataSource.transaction((manager) => new Outbox(prefix).add(manager, orderPlaced, event)),
    );
    checkout.end();

    const publisher = new EventPublisher(kafka);
    const relay = new OutboxRelay({
      dataSource,
      postgresUrl: db.url,
      publisher,
      pollIntervalMs: 200,
    });
    relay.start();
    const consumer = new EventConsumer({
      kafka,
      groupId: `${prefix}group`,
      topics: [topic],
      handlerFor: () => async () => undefined,
    });
    await consumer.start();
    try {
      await waitFor(
        () => exporter.getFinishedSpans().some((span) => span.name === `process ${topic}`),
        {
          timeoutMs: 30_000,
          what: 'the consumer span',
        },
      );
    } finally {
      await consumer.stop();
      await relay.stop();
      await publisher.disconnect();
    }

    const spans = exporter.getFinishedSpans();
    const producer = spans.find((span) => span.name === `send ${topic}`);
    const consumerSpan = spans.find((span) => span.name === `process ${topic}`);
    expect(producer?.spanContext().traceId).toBe(checkout.spanContext().traceId);
    expect(producer?.parentSpanContext?.spanId).toBe(checkout.spanContext().spanId);
    expect(consumerSpan?.spanContext().traceId).toBe(checkout.spanContext().traceId);
    expect(consumerSpan?.parentSpanContext?.spanId).toBe(producer?.spanContext().spanId);
    expect(consumerSpan?.attributes['messaging.message.id']).toBe(event.id);
  });
});
