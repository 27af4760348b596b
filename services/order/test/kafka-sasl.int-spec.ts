import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  devstackScram,
  provisionTestTopics,
  testKafka,
  testTopicPrefix,
  type TestDatabase,
} from '@shop/testing';
import type pg from 'pg';
import {
  OrderEvents,
  orderEnv,
  OtherServices,
  startOrder,
  testPool,
  TestAuth,
  waitForProjection,
  waitForStatus,
  type RunningOrder,
} from './support.js';

// The service's own wiring, not only the platform's mapping: with KAFKA_SASL_* set, its relay,
// its consumers and its health check all log in through the devstack's SCRAM listener.
describe('order service on a SASL SCRAM listener', () => {
  const scram = devstackScram();
  const kafka = testKafka('order-sasl-test');
  const prefix = testTopicPrefix('order_sasl');
  let db: TestDatabase;
  let auth: TestAuth;
  let order: RunningOrder;
  let others: OtherServices;
  let events: OrderEvents;
  let pool: pg.Pool;

  beforeAll(async () => {
    db = await createTestDatabase('order_sasl');
    auth = await TestAuth.start();
    events = new OrderEvents(kafka, prefix);
    const env = orderEnv({
      databaseUrl: db.url,
      topicPrefix: prefix,
      jwksUrl: auth.jwksUrl,
      extra: {
        KAFKA_BROKERS: scram.brokers,
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: scram.username,
        KAFKA_SASL_PASSWORD: scram.password,
      },
    });
    // The service only waits for its topics (ADR 0015), and startOrder creates them only on the
    // devstack's plaintext listener: created here, for the group the service joins.
    await provisionTestTopics(
      { KAFKA_TOPIC_PREFIX: prefix },
      { order: env.KAFKA_GROUP_ID ?? 'order' },
    );
    [order] = await Promise.all([startOrder(env), events.start()]);
    pool = testPool(db.url);
    others = new OtherServices(kafka, prefix, pool);
  });

  afterAll(async () => {
    await order?.close();
    await events?.stop();
    await others?.disconnect();
    await pool?.end();
    await auth?.close();
    await db?.drop();
  });

  it('consumes and publishes every hop of a checkout through SASL', async () => {
    expect(order.config.kafka.security.sasl?.username).toBe(scram.username);
    await others.productCreated({ productId: 'p-mug', sku: 'MUG-BLUE', name: 'Mug', price: 1250 });
    await waitForProjection(pool, 1);
    const customer = await auth.customer(order.url);
    const placed = await customer.placeOrder([{ sku: 'MUG-BLUE', quantity: 1 }]);
    await events.waitFor(placed.id, 'order.placed');
    await others.stockReserved(placed);
    await waitForStatus(customer, placed.id, 'CONFIRMED');
    await events.waitFor(placed.id, 'order.confirmed');
  });
});
