import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockReleased, type StockReleased, type StockReserved } from '@shop/contracts';
import type { HttpService } from '@shop/platform-http';
import { createEnvelope, ensureTopics } from '@shop/platform-messaging';
import {
  createTestKeyspace,
  testKafka,
  testTopicPrefix,
  waitFor,
  type TestKeyspace,
} from '@shop/testing';
import { ScanCursorRepository } from '../src/background/scan-cursor.repository.js';
import { EventPublication } from '../src/events/event-publication.service.js';
import {
  defaultExpirySweeperOptions,
  ExpirySweeper,
} from '../src/reservations/application/expiry-sweeper.service.js';
import { ReservationsService } from '../src/reservations/application/reservations.service.js';
import { Reservation } from '../src/reservations/domain/reservation.entity.js';
import { ExpiryIndexRepository } from '../src/reservations/infrastructure/expiry-index.repository.js';
import { ReservationRepository } from '../src/reservations/infrastructure/reservation.repository.js';
import { StockService } from '../src/stock/application/stock.service.js';
import { orderPlacedEvent, TestProducer, TopicCollector } from './support/events.js';
import { startInProcess } from './support/in-process.js';
import { inventoryEnv, scopedTopics } from './support/inventory-env.js';

describe('expiry and the relay', () => {
  const kafka = testKafka('inventory-expiry');
  let keyspace: TestKeyspace;
  let topic: ReturnType<typeof scopedTopics>;
  let service: HttpService;
  let producer: TestProducer;
  let published: TopicCollector;
  let stock: StockService;

  beforeAll(async () => {
    keyspace = await createTestKeyspace('inventory_expiry');
    const prefix = testTopicPrefix('inv-expiry');
    const scope = { keyspace: keyspace.name, prefix, groupId: `${prefix}inventory` };
    topic = scopedTopics(scope);
    await ensureTopics(kafka, [topic.orders, topic.products, topic.stock]);
    service = await startInProcess(
      inventoryEnv(scope, {
        RESERVATION_TTL_SECONDS: '2',
        SWEEP_INTERVAL_MS: '250',
        RELAY_INTERVAL_MS: '250',
        RELAY_GRACE_MS: '1000',
      }),
    );
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

  it('releases a hold not confirmed in time and publishes stock.released', async () => {
    await stock.setAvailable({ sku: 'EXP-1', available: 5, reason: 'test', userId: 'test' });
    const order = orderPlacedEvent([{ sku: 'EXP-1', quantity: 2 }]);
    await producer.send(topic.orders, [order]);
    const [reserved] = (await published.waitFor(
      'stock.reserved',
      order.subject,
    )) as StockReserved[];
    const [released] = (await published.waitFor(
      'stock.released',
      order.subject,
      1,
      20_000,
    )) as StockReleased[];
    expect(released.data).toEqual({
      orderId: order.subject,
      reservationId: reserved.data.reservationId,
      reason: 'expired',
      lines: [{ sku: 'EXP-1', quantity: 2 }],
    });
    expect(Date.parse(released.time)).toBeGreaterThanOrEqual(Date.parse(reserved.data.expiresAt));
    expect(await stock.level('EXP-1')).toMatchObject({ available: 5, reserved: 0 });
  });

  it('releases each expired hold once while three sweepers race for them', async () => {
    await stock.setAvailable({ sku: 'EXP-RACE', available: 20, reason: 'test', userId: 'test' });
    const orders = Array.from({ length: 8 }, () =>
      orderPlacedEvent([{ sku: 'EXP-RACE', quantity: 1 }]),
    );
    await producer.send(topic.orders, orders);
    // Two more replicas' sweepers, besides the one the service runs every 250 ms.
    const sweepers = [1, 2].map(
      () =>
        new ExpirySweeper(
          service.app.get(ExpiryIndexRepository),
          service.app.get(ReservationsService),
          service.app.get(ScanCursorRepository),
          defaultExpirySweeperOptions,
          new Logger('TestSweeper'),
        ),
    );
    const deadline = Date.now() + 20_000;
    while (orders.some((o) => published.events('stock.released', o.subject).length === 0)) {
      if (Date.now() > deadline) throw new Error('holds were not all released');
      await Promise.all(sweepers.map((sweeper) => sweeper.run()));
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const order of orders) {
      expect(published.events('stock.released', order.subject)).toHaveLength(1);
    }
    expect(await stock.level('EXP-RACE')).toMatchObject({ available: 20, reserved: 0 });
    const releases = (await stock.movements('EXP-RACE', 100)).items.filter(
      (m) => m.kind === 'release',
    );
    expect(releases).toHaveLength(8);
  });

  it('republishes an event that was written but never published, with its id', async () => {
    // As a process leaves it when killed between the write and the publish.
    const orderId = randomUUID();
    const reservations = service.app.get(ReservationRepository);
    const publication = service.app.get(EventPublication);
    const envelope = createEnvelope(stockReleased, {
      source: 'inventory',
      subject: orderId,
      data: {
        orderId,
        reservationId: randomUUID(),
        reason: 'cancelled',
        lines: [{ sku: 'X-1', quantity: 1 }],
      },
    });
    const pending = await publication.prepare(reservations, orderId, stockReleased, envelope);
    const cancelled = Reservation.cancelledUnplaced({
      orderId,
      reservationId: envelope.data.reservationId,
      now: new Date(),
      cause: { correlationId: orderId, causationId: orderId },
    });
    expect(await reservations.create(cancelled, pending)).toBe('applied');

    const [relayed] = await published.waitFor('stock.released', orderId, 1, 20_000);
    expect(relayed.id).toBe(envelope.id);
    await waitFor(async () => (await reservations.pendingEvents(orderId)).length === 0, {
      what: 'the event to be marked published',
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(published.events('stock.released', orderId)).toHaveLength(1);
  });
});
