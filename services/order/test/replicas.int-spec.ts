import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics, type OrderResponse } from '@shop/contracts';
import { ensureTopics } from '@shop/platform-messaging';
import {
  createTestDatabase,
  readTopic,
  testKafka,
  testTopicPrefix,
  waitFor,
  type TestDatabase,
} from '@shop/testing';
import type pg from 'pg';
import {
  Api,
  jsonOf,
  openStatusStream,
  OrderProcess,
  orderEnv,
  OtherServices,
  startOrder,
  testPool,
  TestAuth,
  waitForProjection,
  type RunningOrder,
  type TestSetup,
} from './support.js';

/**
 * Guarantees that only show with more than one process: an event committed by a process killed
 * before publishing it, and a status stream served by one replica while another changes the order.
 */
describe('order service across processes', () => {
  const kafka = testKafka('order-replicas-test');
  const prefix = testTopicPrefix('order_replicas');
  const orderTopic = `${prefix}${topics.orderOrder}`;
  let db: TestDatabase;
  let auth: TestAuth;
  let others: OtherServices;
  let pool: pg.Pool;
  let setup: TestSetup;
  /** A replica running `main.ts` in a child process: the one consumer of inventory's events. */
  let replica: OrderProcess | undefined;
  let front: RunningOrder | undefined;

  /** How many messages a topic has ever had (the sum of its partitions' high watermarks). */
  async function messagesOn(topic: string): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
    } finally {
      await admin.disconnect();
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase('order_replicas');
    auth = await TestAuth.start();
    await ensureTopics(kafka, [orderTopic]);
    pool = testPool(db.url);
    others = new OtherServices(kafka, prefix, pool);
    setup = { databaseUrl: db.url, topicPrefix: prefix, jwksUrl: auth.jwksUrl };
  });

  afterAll(async () => {
    await front?.close();
    await replica?.stop();
    await others?.disconnect();
    await pool?.end();
    await auth?.close();
    await db?.drop();
  });

  it('publishes order.placed exactly once although the process died between commit and publish', async () => {
    // Its own consumer group: a SIGKILLed member would hold up the next replica's group join
    // until its session timed out.
    const doomed = await OrderProcess.start({
      ...setup,
      extra: { FAULT_KILL_AFTER_CHECKOUT_COMMIT: 'true', KAFKA_GROUP_ID: `${prefix}doomed` },
    });
    try {
      await others.productCreated({
        productId: 'p-mug',
        sku: 'MUG-BLUE',
        name: 'Blue mug',
        price: 1250,
      });
      await waitForProjection(pool, 1);
      const customer = await auth.customer(doomed.url);
      await jsonOf(await customer.addToCart('MUG-BLUE', 2), 200);
      const key = randomUUID();
      await expect(customer.checkout(key)).rejects.toThrow();
      expect(await doomed.exited).toBe('SIGKILL');

      // Committed, and not published: the event waits in the outbox.
      const { rows } = await pool.query<{ id: string; message_key: string; event_type: string }>(
        'SELECT id, message_key, event_type FROM outbox',
      );
      expect(rows.map((row) => row.event_type)).toEqual(['order.placed']);
      expect(await messagesOn(orderTopic)).toBe(0);

      replica = await OrderProcess.start(setup);
      const published = await readTopic(kafka, orderTopic, 1, { settleMs: 1_500 });
      expect(published.map((message) => (JSON.parse(message.value) as { id: string }).id)).toEqual([
        rows[0].id,
      ]);

      // The key still answers with the order the dead process committed.
      const retried = await jsonOf<OrderResponse>(
        await new Api(replica.url, customer.token).checkout(key),
        202,
      );
      expect(retried).toMatchObject({ id: rows[0].message_key, status: 'PENDING' });
    } finally {
      doomed.kill('SIGKILL');
    }
  }, 150_000);

  it('streams each status change to a client of one replica while another replica makes it', async () => {
    if (!replica) replica = await OrderProcess.start(setup);
    // An API-only instance in this process: it consumes no events, so every change below is
    // made by the child process and reaches this one only through Redis.
    front = await startOrder(orderEnv(setup), { consumers: false });
    const customer = await auth.customer(front.url);
    const placed = await customer.placeOrder([{ sku: 'MUG-BLUE', quantity: 1 }]);

    const stream = await openStatusStream(front.url, customer.token!, placed.id);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    await waitFor(() => stream.updates.length === 1, { what: 'the current status' });
    expect(stream.updates[0]).toMatchObject({ status: 'PENDING', version: 1 });

    await others.stockReserved(placed);
    await waitFor(() => stream.updates.length === 2, {
      timeoutMs: 30_000,
      what: 'CONFIRMED on the stream',
    });
    const onReplica = new Api(replica.url, customer.token);
    await jsonOf(await onReplica.request('POST', `/orders/${placed.id}/cancel`), 200);

    await stream.ended;
    expect(stream.updates).toEqual([
      expect.objectContaining({ status: 'PENDING', version: 1 }),
      expect.objectContaining({ status: 'CONFIRMED', version: 2 }),
      expect.objectContaining({ status: 'CANCELLED', version: 3, statusReason: 'customer' }),
    ]);
  }, 120_000);
});
