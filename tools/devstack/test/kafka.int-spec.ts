import { Kafka, logLevel, type Consumer, type EachMessagePayload } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devstackEnv, uniqueName, waitFor } from '@shop/testing';

interface Received {
  key: string;
  value: string;
  partition: number;
  offset: string;
}

describe('Kafka through kafkajs', () => {
  const kafka = new Kafka({
    clientId: 'devstack-roundtrip',
    brokers: devstackEnv().KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const producer = kafka.producer();
  const topic = uniqueName('kafka_roundtrip');
  const groupId = `${topic}_group`;
  const consumers: Consumer[] = [];

  /** A consumer of the group that commits each message's offset itself, after handling it. */
  async function startConsumer(received: Received[]): Promise<Consumer> {
    const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }: EachMessagePayload) => {
        received.push({
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
          partition,
          offset: message.offset,
        });
        await consumer.commitOffsets([
          { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
        ]);
      },
    });
    return consumer;
  }

  async function produce(batch: string, keys: string[], perKey: number): Promise<void> {
    const messages = keys.flatMap((key) =>
      Array.from({ length: perKey }, (_, i) => ({ key, value: `${batch}:${key}:${i}` })),
    );
    await producer.send({ topic, messages, acks: -1 });
  }

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.disconnect()));
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('keeps per-key order within a group, and a second member resumes after the committed offsets', async () => {
    const keys = ['order-1', 'order-2', 'order-3', 'order-4'];
    await produce('first', keys, 5);

    const firstReceived: Received[] = [];
    const first = await startConsumer(firstReceived);
    await waitFor(() => firstReceived.length >= 20, {
      timeoutMs: 30_000,
      what: '20 messages in the first consumer',
    });
    for (const key of keys) {
      const values = firstReceived.filter((m) => m.key === key).map((m) => m.value);
      expect(values).toEqual([0, 1, 2, 3, 4].map((i) => `first:${key}:${i}`));
      // Keyed messages land on one partition, which is what keeps them in order.
      expect(new Set(firstReceived.filter((m) => m.key === key).map((m) => m.partition)).size).toBe(
        1,
      );
    }
    await first.disconnect();

    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committedTotal = committed[0].partitions.reduce((sum, p) => sum + Number(p.offset), 0);
    expect(committedTotal).toBe(20);

    await produce('second', keys, 2);
    const secondReceived: Received[] = [];
    await startConsumer(secondReceived);
    await waitFor(() => secondReceived.length >= 8, {
      timeoutMs: 30_000,
      what: '8 new messages in the second consumer',
    });
    expect(secondReceived.every((m) => m.value.startsWith('second:'))).toBe(true);
    expect(secondReceived).toHaveLength(8);
  });
});
