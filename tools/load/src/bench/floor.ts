/**
 * The checkout floor: the least work a checkout's saga must do on these servers, done bare.
 * One "checkout" here is: a Postgres commit (the order and its outbox row), a Kafka produce →
 * consume hop (order.placed), one Cassandra lightweight transaction (the reservation), a second
 * produce → consume hop (stock.reserved) and a second Postgres commit (CONFIRMED). No HTTP, no
 * Nest, no validation, no tracing: what is left when every layer of the platform is removed.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Consumer, Producer } from 'kafkajs';
import {
  createTestDatabase,
  createTestKeyspace,
  percentile,
  testKafka,
  testTopicPrefix,
} from '@shop/testing';

export interface FloorResult {
  samples: number;
  p50Ms: number;
  p99Ms: number;
}

export async function measureFloor(samples = 200): Promise<FloorResult> {
  const database = await createTestDatabase('load_floor');
  const keyspace = await createTestKeyspace('load_floor');
  const client = new pg.Client({ connectionString: database.url });
  const kafka = testKafka('load-floor');
  const prefix = testTopicPrefix('floor');
  const topics = [`${prefix}placed`, `${prefix}reserved`];
  let producer: Producer | undefined;
  let consumer: Consumer | undefined;
  try {
    await client.connect();
    await client.query('CREATE TABLE orders (id uuid PRIMARY KEY, status text NOT NULL)');
    await client.query('CREATE TABLE outbox (id uuid PRIMARY KEY, payload text NOT NULL)');
    await keyspace.client.execute(
      `CREATE TABLE ${keyspace.name}.stock (sku text PRIMARY KEY, available int, version int)`,
    );
    await keyspace.client.execute(
      `INSERT INTO ${keyspace.name}.stock (sku, available, version) VALUES ('floor', 1000000, 0)`,
    );
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: topics.map((topic) => ({ topic, numPartitions: 1 })),
      waitForLeaders: true,
    });
    await admin.disconnect();
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    consumer = kafka.consumer({ groupId: `${prefix}group`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    const waiting = new Map<string, () => void>();
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        waiting.get(`${topic}/${message.key?.toString()}`)?.();
      },
    });
    const hop = async (topic: string, key: string) => {
      const arrived = new Promise<void>((resolve) => waiting.set(`${topic}/${key}`, resolve));
      await producer!.send({ topic, acks: -1, messages: [{ key, value: key }] });
      await arrived;
      waiting.delete(`${topic}/${key}`);
    };
    // The consumer joins its group before the first sample counts.
    await hop(topics[0], 'warm-up');
    await hop(topics[1], 'warm-up');
    let version = 0;
    const latencies: number[] = [];
    for (let i = 0; i < samples + 10; i++) {
      const id = randomUUID();
      const started = performance.now();
      await client.query('BEGIN');
      await client.query(`INSERT INTO orders (id, status) VALUES ($1, 'PENDING')`, [id]);
      await client.query('INSERT INTO outbox (id, payload) VALUES ($1, $2)', [randomUUID(), id]);
      await client.query('COMMIT');
      await hop(topics[0], id);
      const cas = await keyspace.client.execute(
        `UPDATE ${keyspace.name}.stock SET available = ?, version = ? WHERE sku = 'floor' IF version = ?`,
        [1_000_000 - version - 1, version + 1, version],
        { prepare: true },
      );
      if (!cas.wasApplied()) throw new Error('the floor LWT was not applied');
      version++;
      await hop(topics[1], id);
      await client.query(`UPDATE orders SET status = 'CONFIRMED' WHERE id = $1`, [id]);
      if (i >= 10) latencies.push(performance.now() - started);
    }
    return { samples, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
  } finally {
    await consumer?.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    await client.end().catch(() => undefined);
    await keyspace.drop().catch(() => undefined);
    await database.drop().catch(() => undefined);
  }
}
