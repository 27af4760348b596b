import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StockReservationFailed, StockReserved } from '@shop/contracts';
import { ensureTopics } from '@shop/platform-messaging';
import type { HttpService } from '@shop/platform-http';
import {
  createTestKeyspace,
  readTopic,
  testKafka,
  testTopicPrefix,
  waitFor,
  type TestKeyspace,
} from '@shop/testing';
import { ReservationsService } from '../src/reservations/application/reservations.service.js';
import { StockService } from '../src/stock/application/stock.service.js';
import {
  orderCancelledEvent,
  orderConfirmedEvent,
  orderPlacedEvent,
  productCreatedEvent,
  TestProducer,
  TopicCollector,
} from './support/events.js';
import { startInProcess } from './support/in-process.js';
import { inventoryEnv, scopedTopics, type TestScope } from './support/inventory-env.js';

describe('inventory in the checkout saga (driven over Kafka)', () => {
  const kafka: Kafka = testKafka('inventory-saga');
  let keyspace: TestKeyspace;
  let scope: TestScope;
  let topic: ReturnType<typeof scopedTopics>;
  let service: HttpService;
  let producer: TestProducer;
  let published: TopicCollector;
  let stock: StockService;

  const stockUp = (sku: string, available: number) =>
    stock.setAvailable({ sku, available, reason: 'test stock', userId: 'test' });
  const level = (sku: string) => stock.level(sku);

  beforeAll(async () => {
    keyspace = await createTestKeyspace('inventory_saga');
    const prefix = testTopicPrefix('inv-saga');
    scope = { keyspace: keyspace.name, prefix, groupId: `${prefix}inventory` };
    topic = scopedTopics(scope);
    await ensureTopics(kafka, [topic.orders, topic.products, topic.stock]);
    service = await startInProcess(inventoryEnv(scope));
    stock = service.app.get(StockService);
    producer = await TestProducer.connect(kafka);
    published = await TopicCollector.start(kafka, topic.stock);
  });

  afterAll(async () => {
    await published?.stop();
    await producer?.disconnect();
    await service?.close();
    await keyspace?.drop();
  });

  it('gives a new product a stock row at zero', async () => {
    await producer.send(topic.products, [productCreatedEvent('NEW-1')]);
    const created = await waitFor(() => level('NEW-1').catch(() => undefined), {
      timeoutMs: 30_000,
      what: 'the stock row of NEW-1',
    });
    expect(created).toMatchObject({ available: 0, reserved: 0, committed: 0 });
  });

  it('holds every line of an order and publishes stock.reserved with the expiry', async () => {
    await stockUp('HOLD-A', 10);
    await stockUp('HOLD-B', 10);
    const order = orderPlacedEvent([
      { sku: 'HOLD-B', quantity: 3 },
      { sku: 'HOLD-A', quantity: 2 },
    ]);
    await producer.send(topic.orders, [order]);
    const [reserved] = (await published.waitFor(
      'stock.reserved',
      order.subject,
    )) as StockReserved[];
    expect(reserved.data.lines).toEqual([
      { sku: 'HOLD-A', quantity: 2 },
      { sku: 'HOLD-B', quantity: 3 },
    ]);
    expect(reserved.correlationId).toBe(order.correlationId);
    expect(reserved.causationId).toBe(order.id);
    const ttl = Date.parse(reserved.data.expiresAt) - Date.parse(reserved.time);
    expect(ttl).toBeGreaterThan(899_000);
    expect(await level('HOLD-A')).toMatchObject({ available: 8, reserved: 2 });
    expect(await level('HOLD-B')).toMatchObject({ available: 7, reserved: 3 });
  });

  it('names the hold as the order asked, which the order checks stock.reserved against', async () => {
    await stockUp('NAMED-1', 5);
    const asked = randomUUID();
    const order = orderPlacedEvent([{ sku: 'NAMED-1', quantity: 1 }], randomUUID(), asked);
    const legacy = orderPlacedEvent([{ sku: 'NAMED-1', quantity: 1 }]);
    await producer.send(topic.orders, [order, legacy]);
    const [reserved] = (await published.waitFor(
      'stock.reserved',
      order.subject,
    )) as StockReserved[];
    expect(reserved.data.reservationId).toBe(asked);
    const [legacyReserved] = (await published.waitFor(
      'stock.reserved',
      legacy.subject,
    )) as StockReserved[];
    expect(legacyReserved.data.reservationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('holds nothing of a multi-line order with a short line, and lists every short line', async () => {
    await stockUp('SHORT-A', 5);
    await stockUp('SHORT-B', 1);
    await stockUp('SHORT-C', 5);
    const order = orderPlacedEvent([
      { sku: 'SHORT-A', quantity: 2 },
      { sku: 'SHORT-B', quantity: 3 },
      { sku: 'SHORT-C', quantity: 9 },
    ]);
    await producer.send(topic.orders, [order]);
    const [failed] = (await published.waitFor(
      'stock.reservation-failed',
      order.subject,
    )) as StockReservationFailed[];
    expect(failed.data.shortLines).toEqual([
      { sku: 'SHORT-B', requested: 3, available: 1 },
      { sku: 'SHORT-C', requested: 9, available: 5 },
    ]);
    for (const [sku, available] of [
      ['SHORT-A', 5],
      ['SHORT-B', 1],
      ['SHORT-C', 5],
    ] as const) {
      expect(await level(sku)).toMatchObject({ available, reserved: 0, committed: 0 });
    }
    // SHORT-A was held, then given back: both are in its ledger.
    const ledger = await stock.movements('SHORT-A', 10);
    expect(ledger.items.map((m) => [m.kind, m.reason, m.delta.available])).toEqual([
      ['release', 'reservation-failed', 2],
      ['reserve', 'order-placed', -2],
      ['set', 'test stock', 5],
    ]);
    expect(published.events('stock.reserved', order.subject)).toEqual([]);
  });

  it('handles one order.placed delivered five times once: one hold, one stock.reserved', async () => {
    await stockUp('DUP-1', 10);
    const order = orderPlacedEvent([{ sku: 'DUP-1', quantity: 4 }]);
    await producer.send(topic.orders, [order, order, order, order, order]);
    const [reserved] = (await published.waitFor(
      'stock.reserved',
      order.subject,
    )) as StockReserved[];
    // Same key, same partition: handled after the five deliveries.
    await producer.send(topic.orders, [
      orderConfirmedEvent(order.subject, reserved.data.reservationId),
    ]);
    await published.waitFor('stock.committed', order.subject);
    expect(published.events('stock.reserved', order.subject)).toHaveLength(1);
    expect(await level('DUP-1')).toMatchObject({ available: 6, reserved: 0, committed: 4 });
    const ledger = await stock.movements('DUP-1', 10);
    expect(ledger.items.map((m) => m.kind)).toEqual(['commit', 'reserve', 'set']);
  });

  it('commits on order.confirmed, then restocks when the confirmed order is cancelled', async () => {
    await stockUp('SALE-1', 10);
    const order = orderPlacedEvent([{ sku: 'SALE-1', quantity: 3 }]);
    await producer.send(topic.orders, [order]);
    const [reserved] = (await published.waitFor(
      'stock.reserved',
      order.subject,
    )) as StockReserved[];
    await producer.send(topic.orders, [
      orderConfirmedEvent(order.subject, reserved.data.reservationId),
    ]);
    await published.waitFor('stock.committed', order.subject);
    expect(await level('SALE-1')).toMatchObject({ available: 7, reserved: 0, committed: 3 });

    await producer.send(topic.orders, [
      orderCancelledEvent(order.subject, 'CONFIRMED', reserved.data.reservationId),
    ]);
    const [released] = await published.waitFor('stock.released', order.subject);
    expect(released.data).toMatchObject({
      reason: 'cancelled',
      lines: [{ sku: 'SALE-1', quantity: 3 }],
    });
    expect(await level('SALE-1')).toMatchObject({ available: 10, reserved: 0, committed: 0 });
  });

  it('releases a held order that is cancelled', async () => {
    await stockUp('DROP-1', 4);
    const order = orderPlacedEvent([{ sku: 'DROP-1', quantity: 4 }]);
    await producer.send(topic.orders, [order]);
    await published.waitFor('stock.reserved', order.subject);
    expect(await level('DROP-1')).toMatchObject({ available: 0, reserved: 4 });
    await producer.send(topic.orders, [orderCancelledEvent(order.subject, 'PENDING')]);
    await published.waitFor('stock.released', order.subject);
    expect(await level('DROP-1')).toMatchObject({ available: 4, reserved: 0 });
  });

  it('reserves nothing for an order whose cancellation arrived first', async () => {
    await stockUp('LATE-1', 4);
    const order = orderPlacedEvent([{ sku: 'LATE-1', quantity: 1 }]);
    await producer.send(topic.orders, [orderCancelledEvent(order.subject, 'PENDING'), order]);
    const reservations = service.app.get(ReservationsService);
    await waitFor(
      async () => (await reservations.load(order.subject))?.reservation.status === 'CANCELLED',
      {
        timeoutMs: 30_000,
        what: 'the cancellation to be recorded',
      },
    );
    await waitFor(
      async () =>
        (
          await keyspace.client.execute(
            `SELECT event_id FROM ${keyspace.name}.inbox WHERE consumer = ? AND event_id = ?`,
            [scope.groupId, order.id],
            { prepare: true },
          )
        ).rowLength === 1,
      { timeoutMs: 30_000, what: 'the late order.placed to be handled' },
    );
    expect(await level('LATE-1')).toMatchObject({ available: 4, reserved: 0 });
  });

  it('dead-letters poison messages and keeps the partition flowing', async () => {
    await stockUp('AFTER-1', 5);
    const order = orderPlacedEvent([{ sku: 'AFTER-1', quantity: 1 }]);
    const broken = { ...orderPlacedEvent([{ sku: 'AFTER-1', quantity: 1 }], order.subject) };
    broken.data = { ...broken.data, total: { amount: 1, currency: 'EUR' } };
    // Same key: same partition, behind the poison.
    await producer.sendRaw(topic.orders, order.subject, 'not json {');
    await producer.sendRaw(topic.orders, order.subject, JSON.stringify(broken));
    // Readable, but contradicts inventory's state: no reservation to confirm.
    await producer.send(topic.orders, [orderConfirmedEvent(order.subject, order.id)]);
    await producer.send(topic.orders, [order]);

    await published.waitFor('stock.reserved', order.subject);
    const dead = await readTopic(kafka, topic.ordersDeadLetters, 3, { timeoutMs: 30_000 });
    expect(dead.map((message) => message.headers['dlq-reason'])).toEqual([
      'unreadable',
      'unreadable',
      'handler-failed',
    ]);
    expect(dead[2].headers['dlq-error']).toMatch(/INVENTORY\.RESERVATION_NOT_FOUND/);
  });
});
