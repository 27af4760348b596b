import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetterTopic, stockReserved, topics } from '@shop/contracts';
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
import { PAYMENT_GATEWAY } from '../src/orders/domain/payment-gateway.js';
import type { SimulatedPaymentGateway } from '../src/orders/infrastructure/simulated-payment.gateway.js';
import {
  count,
  jsonOf,
  OrderEvents,
  orderEnv,
  OtherServices,
  problemOf,
  startOrder,
  testPool,
  TestAuth,
  waitForProjection,
  waitForStatus,
  type Api,
  type RunningOrder,
} from './support.js';

const SAGA_TIMEOUT_SECONDS = 5;

describe('checkout saga', () => {
  const kafka = testKafka('order-saga-test');
  const prefix = testTopicPrefix('order_saga');
  let db: TestDatabase;
  let auth: TestAuth;
  let order: RunningOrder;
  let others: OtherServices;
  let events: OrderEvents;
  let pool: pg.Pool;
  let customer: Api;
  let payments: SimulatedPaymentGateway;

  beforeAll(async () => {
    db = await createTestDatabase('order_saga');
    auth = await TestAuth.start();
    await ensureTopics(kafka, [`${prefix}${topics.orderOrder}`]);
    events = new OrderEvents(kafka, prefix);
    const setup = {
      databaseUrl: db.url,
      topicPrefix: prefix,
      jwksUrl: auth.jwksUrl,
      extra: { SAGA_TIMEOUT_SECONDS: String(SAGA_TIMEOUT_SECONDS) },
    };
    // A fast retry policy: the outage case dead-letters in a fraction of a second.
    const consumerRetry = {
      attempts: 3,
      initialDelayMs: 50,
      maxDelayMs: 100,
      outageBudgetMs: 5_000,
    };
    [order] = await Promise.all([startOrder(orderEnv(setup), { consumerRetry }), events.start()]);
    payments = order.app.get(PAYMENT_GATEWAY, { strict: false });
    pool = testPool(db.url);
    others = new OtherServices(kafka, prefix, pool);
    await others.productCreated({
      productId: 'p-mug',
      sku: 'MUG-BLUE',
      name: 'Blue mug',
      price: 1250,
    });
    await others.productCreated({
      productId: 'p-tee',
      sku: 'TEE-M-01',
      name: 'T-shirt',
      price: 1999,
    });
    await waitForProjection(pool, 2);
    customer = await auth.customer(order.url);
  });

  afterAll(async () => {
    await order?.close();
    await events?.stop();
    await others?.disconnect();
    await pool?.end();
    await auth?.close();
    await db?.drop();
  });

  it('confirms an order once its stock is reserved and its payment approved', async () => {
    const placed = await customer.placeOrder([
      { sku: 'MUG-BLUE', quantity: 2 },
      { sku: 'TEE-M-01', quantity: 1 },
    ]);
    expect(placed).toMatchObject({ status: 'PENDING', total: { amount: 4499, currency: 'EUR' } });

    const orderPlaced = await events.waitFor(placed.id, 'order.placed');
    expect(orderPlaced).toMatchObject({ source: 'order', subject: placed.id });
    expect(orderPlaced.data).toEqual({
      orderId: placed.id,
      customerId: customer.subject,
      lines: [
        { sku: 'MUG-BLUE', quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } },
        { sku: 'TEE-M-01', quantity: 1, unitPrice: { amount: 1999, currency: 'EUR' } },
      ],
      total: { amount: 4499, currency: 'EUR' },
      placedAt: placed.createdAt,
      reservationId: await others.reservationOf(placed.id),
    });

    const reserved = await others.stockReserved(placed);
    const confirmed = await waitForStatus(customer, placed.id, 'CONFIRMED');
    expect(confirmed.updatedAt > placed.updatedAt).toBe(true);
    const event = await events.waitFor(placed.id, 'order.confirmed');
    const confirmation = event.data as {
      orderId: string;
      reservationId: string;
      paymentId: string;
    };
    expect(confirmation).toMatchObject({
      orderId: placed.id,
      reservationId: reserved.data.reservationId,
    });
    expect(confirmation.paymentId).toMatch(/^pay_[0-9a-f]{32}$/);
    expect(event).toMatchObject({
      causationId: reserved.id,
      correlationId: orderPlaced.correlationId,
    });
  });

  it('rejects an order whose reservation failed, with the short lines', async () => {
    const placed = await customer.placeOrder([{ sku: 'MUG-BLUE', quantity: 3 }]);
    await others.reservationFailed(placed);
    const rejected = await waitForStatus(customer, placed.id, 'REJECTED');
    expect(rejected.statusReason).toBe('insufficient-stock');
    const event = await events.waitFor(placed.id, 'order.rejected');
    expect(event.data).toEqual({
      orderId: placed.id,
      reason: 'insufficient-stock',
      shortLines: [{ sku: 'MUG-BLUE', requested: 3, available: 0 }],
    });
  });

  it('cancels an order whose payment is declined, naming the hold to release', async () => {
    payments.configure({ declineRate: 1 });
    try {
      const placed = await customer.placeOrder([{ sku: 'TEE-M-01', quantity: 1 }]);
      const reserved = await others.stockReserved(placed);
      const cancelled = await waitForStatus(customer, placed.id, 'CANCELLED');
      expect(cancelled.statusReason).toBe('payment-declined');
      const event = await events.waitFor(placed.id, 'order.cancelled');
      expect(event.data).toMatchObject({
        orderId: placed.id,
        reason: 'payment-declined',
        previousStatus: 'PENDING',
        reservationId: reserved.data.reservationId,
      });
      expect(events.of(placed.id, 'order.confirmed')).toEqual([]);
    } finally {
      payments.configure({ declineRate: 0 });
    }
  });

  it('cancels orders that get no decisive answer within the saga timeout', async () => {
    const silent = await customer.placeOrder([{ sku: 'MUG-BLUE', quantity: 1 }]);
    // The payment provider is down: `stock.reserved` is retried, dead-lettered, and the order
    // waits for the timeout like one inventory never answered.
    payments.configure({ outage: true });
    let unpaid;
    try {
      unpaid = await customer.placeOrder([{ sku: 'TEE-M-01', quantity: 2 }]);
      const reserved = await others.stockReserved(unpaid);
      const dlq = deadLetterTopic(`${prefix}${topics.inventoryStock}`, order.config.kafka.groupId);
      const [deadLetter] = await readTopic(kafka, dlq, 1, { settleMs: 0 });
      expect(JSON.parse(deadLetter.value)).toMatchObject({ id: reserved.id });
      expect(deadLetter.headers['dlq-error']).toMatch(/payment provider outage/);
    } finally {
      payments.configure({ outage: false });
    }

    for (const placed of [silent, unpaid]) {
      const cancelled = await waitForStatus(customer, placed.id, 'CANCELLED');
      expect(cancelled.statusReason).toBe('saga-timeout');
      const elapsed = Date.parse(cancelled.updatedAt) - Date.parse(placed.createdAt);
      expect(elapsed).toBeGreaterThanOrEqual(SAGA_TIMEOUT_SECONDS * 1000);
      const event = await events.waitFor(placed.id, 'order.cancelled');
      expect(event.data).toMatchObject({ reason: 'saga-timeout', previousStatus: 'PENDING' });
      // The hold it asked for, which inventory may have made without its answer arriving.
      expect(event.data).toHaveProperty('reservationId', await others.reservationOf(placed.id));
    }
  }, 60_000);

  it('ignores stale and duplicate stock events, then cancels on the expiry of its own hold', async () => {
    const placed = await customer.placeOrder([{ sku: 'MUG-BLUE', quantity: 1 }]);
    const reserved = await others.stockReserved(placed);
    await waitForStatus(customer, placed.id, 'CONFIRMED');

    // A redelivery (same id), a failure that comes too late, and the release of another hold.
    // All are keyed by the order, so they arrive in this order on one partition.
    await others.redeliver(stockReserved, reserved);
    const lateFailure = await others.reservationFailed(placed);
    const otherHold = await others.stockReleased(placed, '0190b6c8-0000-7000-8000-00000000dead');
    await waitFor(
      async () =>
        (await count(pool, 'SELECT count(*) FROM inbox WHERE event_id = ANY($1::uuid[])', [
          [lateFailure.id, otherHold.id],
        ])) === 2,
      { timeoutMs: 20_000, what: 'the stale events to be consumed' },
    );
    await waitFor(async () => (await count(pool, 'SELECT count(*) FROM outbox')) === 0, {
      what: 'the outbox to drain',
    });
    expect((await customer.order(placed.id)).status).toBe('CONFIRMED');
    expect(await count(pool, 'SELECT count(*) FROM inbox WHERE event_id = $1', [reserved.id])).toBe(
      1,
    );
    expect(events.of(placed.id).map((event) => event.type)).toEqual([
      'order.placed',
      'order.confirmed',
    ]);

    // Its own hold expiring is not stale: a confirmed order without stock is called off.
    await others.stockReleased(placed, reserved.data.reservationId);
    const cancelled = await waitForStatus(customer, placed.id, 'CANCELLED');
    expect(cancelled.statusReason).toBe('reservation-expired');
    const event = await events.waitFor(placed.id, 'order.cancelled');
    expect(event.data).toMatchObject({
      reason: 'reservation-expired',
      previousStatus: 'CONFIRMED',
      reservationId: reserved.data.reservationId,
    });
  });

  it('lets the customer cancel a confirmed order once, and not a cancelled one', async () => {
    const placed = await customer.placeOrder([{ sku: 'TEE-M-01', quantity: 1 }]);
    const reserved = await others.stockReserved(placed);
    await waitForStatus(customer, placed.id, 'CONFIRMED');

    const cancelled = await jsonOf<{ status: string; statusReason: string }>(
      await customer.request('POST', `/orders/${placed.id}/cancel`),
      200,
    );
    expect(cancelled).toMatchObject({ status: 'CANCELLED', statusReason: 'customer' });
    const event = await events.waitFor(placed.id, 'order.cancelled');
    expect(event.data).toMatchObject({
      reason: 'customer',
      previousStatus: 'CONFIRMED',
      reservationId: reserved.data.reservationId,
    });

    const again = await customer.request('POST', `/orders/${placed.id}/cancel`);
    expect(again.status).toBe(409);
    expect(await problemOf(again)).toMatchObject({ code: 'ORDER.INVALID_TRANSITION' });
  });

  // Issue 18, finding 3: anyone who can write to the stock topic could confirm an order without
  // stock, as the saga checked only the order id.
  it('never confirms on a stock.reserved that is not its hold, and still confirms on the real one', async () => {
    const placed = await customer.placeOrder([{ sku: 'MUG-BLUE', quantity: 2 }]);
    const forged = [
      await others.stockReserved(placed, { lines: [{ sku: 'MUG-BLUE', quantity: 1 }] }),
      await others.stockReserved(placed, {
        lines: [
          { sku: 'MUG-BLUE', quantity: 2 },
          { sku: 'TEE-M-01', quantity: 1 },
        ],
      }),
      await others.stockReserved(placed, { reservationId: randomUUID() }),
    ];
    // Inventory's real answer comes behind them on the same partition (keyed by the order): once
    // it has confirmed the order, every forged event before it was handled.
    const genuine = await others.stockReserved(placed);
    await waitForStatus(customer, placed.id, 'CONFIRMED');
    const confirmed = await events.waitFor(placed.id, 'order.confirmed');
    expect(confirmed).toMatchObject({
      causationId: genuine.id,
      data: { reservationId: genuine.data.reservationId },
    });
    expect(events.of(placed.id, 'order.confirmed')).toHaveLength(1);

    const dlq = deadLetterTopic(`${prefix}${topics.inventoryStock}`, order.config.kafka.groupId);
    const forgedIds = forged.map((event) => event.id);
    const deadLetters = (await readTopic(kafka, dlq, forged.length)).filter((message) =>
      forgedIds.includes((JSON.parse(message.value) as { id: string }).id),
    );
    expect(deadLetters).toHaveLength(3);
    for (const message of deadLetters) {
      expect(message.headers['dlq-error']).toMatch(/is not order .* hold/);
    }
  });
});
