import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetterTopic, topics } from '@shop/contracts';
import {
  createTestDatabase,
  readTopic,
  testKafka,
  testTopicPrefix,
  waitFor,
  type TestDatabase,
} from '@shop/testing';
import { deadLetterHeaders, ensureTopics, PostgresInbox, type EventHandler } from '../src/index.js';
import { startCountingConsumer } from './counting-consumer.js';
import { countRows, migratedDataSource, orderPlacedEvent } from './support.js';

describe('event consumer', () => {
  const kafka = testKafka('consumer-test');
  const producer = kafka.producer();
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('consumer');
    dataSource = await migratedDataSource(db.url);
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await dataSource?.destroy();
    await db?.drop();
  });

  const retry = { attempts: 3, initialDelayMs: 50, maxDelayMs: 200, outageBudgetMs: 5_000 };
  const startConsumer = (topic: string, groupId: string, handler: EventHandler) =>
    startCountingConsumer(kafka, { topic, groupId, retry }, handler);

  it('changes state once when the same event is delivered five times and the offsets are rewound', async () => {
    const prefix = testTopicPrefix('redelivery');
    const topic = `${prefix}${topics.orderOrder}`;
    const groupId = `${prefix}group`;
    await ensureTopics(kafka, [topic]);
    const event = orderPlacedEvent();
    const value = JSON.stringify(event);
    await producer.send({
      topic,
      messages: Array.from({ length: 5 }, () => ({ key: event.subject, value })),
    });

    const inbox = new PostgresInbox(dataSource);
    const handler: EventHandler = async (received) => {
      await inbox.runOnce(groupId, received, async (manager) => {
        await manager.query('INSERT INTO effects (event_id) VALUES ($1)', [received.id]);
      });
    };
    const first = await startConsumer(topic, groupId, handler);
    await waitFor(() => first.outcomes.length === 5, {
      timeoutMs: 30_000,
      what: 'five deliveries',
    });
    await first.consumer.stop();

    const admin = kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId, topic, earliest: true });
    await admin.disconnect();

    const second = await startConsumer(topic, groupId, handler);
    await waitFor(() => second.outcomes.length === 5, {
      timeoutMs: 30_000,
      what: 'five redeliveries',
    });
    await second.consumer.stop();

    expect([...first.outcomes, ...second.outcomes]).toEqual(Array(10).fill('handled'));
    expect(
      await countRows(dataSource, `SELECT count(*) FROM effects WHERE event_id = '${event.id}'`),
    ).toBe(1);
  });

  it('dead-letters a poison message and keeps processing the partition behind it', async () => {
    const prefix = testTopicPrefix('poison');
    const topic = `${prefix}${topics.orderOrder}`;
    const groupId = `${prefix}group`;
    await ensureTopics(kafka, [topic]);
    const key = 'one-partition';
    const before = orderPlacedEvent();
    const after = orderPlacedEvent();
    const wrongShape = { ...orderPlacedEvent(), data: { orderId: 42 } };
    await producer.send({
      topic,
      messages: [
        { key, value: JSON.stringify(before) },
        { key, value: '{"this is": not json' },
        { key, value: JSON.stringify(wrongShape) },
        { key, value: JSON.stringify(after) },
      ],
    });

    const handled: string[] = [];
    const { consumer, outcomes } = await startConsumer(topic, groupId, async (event) => {
      handled.push(event.id);
    });
    await waitFor(() => outcomes.length === 4, { timeoutMs: 30_000, what: 'four outcomes' });
    await consumer.stop();

    expect(handled).toEqual([before.id, after.id]);
    expect(outcomes).toEqual(['handled', 'dead-lettered', 'dead-lettered', 'handled']);
    const dead = await readTopic(kafka, deadLetterTopic(topic, groupId), 2);
    expect(dead).toHaveLength(2);
    expect(dead[0].value).toBe('{"this is": not json');
    expect(dead[0].headers[deadLetterHeaders.reason]).toBe('unreadable');
    expect(dead[0].headers[deadLetterHeaders.error]).toMatch(/not JSON/);
    expect(dead[1].headers[deadLetterHeaders.error]).toMatch(/invalid order.placed: data.orderId/);
    expect(dead.map((message) => message.headers[deadLetterHeaders.topic])).toEqual([topic, topic]);
  });

  it('retries a failing handler a bounded number of times, then dead-letters it with the error', async () => {
    const prefix = testTopicPrefix('failing');
    const topic = `${prefix}${topics.orderOrder}`;
    const groupId = `${prefix}group`;
    await ensureTopics(kafka, [topic]);
    const doomed = orderPlacedEvent();
    const fine = orderPlacedEvent();
    await producer.send({
      topic,
      messages: [
        { key: 'k', value: JSON.stringify(doomed) },
        { key: 'k', value: JSON.stringify(fine) },
      ],
    });

    const attempts: number[] = [];
    const { consumer, outcomes } = await startConsumer(topic, groupId, async (event, context) => {
      if (event.id === doomed.id) {
        attempts.push(context.attempt);
        throw new Error('payment provider exploded');
      }
    });
    await waitFor(() => outcomes.length === 2, { timeoutMs: 30_000, what: 'two outcomes' });
    await consumer.stop();

    expect(attempts).toEqual([1, 2, 3]);
    expect(outcomes).toEqual(['dead-lettered', 'handled']);
    const [dead] = await readTopic(kafka, deadLetterTopic(topic, groupId), 1);
    expect(JSON.parse(dead.value)).toMatchObject({ id: doomed.id });
    expect(dead.headers[deadLetterHeaders.reason]).toBe('handler-failed');
    expect(dead.headers[deadLetterHeaders.error]).toBe('payment provider exploded');
    expect(dead.headers[deadLetterHeaders.attempts]).toBe('3');
  });
});
