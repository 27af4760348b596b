// Reservation throughput and latency against the devstack's Cassandra (and Kafka):
//   npm run bench:inventory
// Sizes: BENCH_ORDERS (default 2000), BENCH_CONCURRENCY (16), BENCH_SKUS (1000), BENCH_KAFKA_ORDERS (600; 0 skips).
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { orderPlaced, topics, type OrderPlaced } from '@shop/contracts';
import {
  createEnvelope,
  ensureTopics,
  silenceKafkaJsTimeoutWarning,
} from '@shop/platform-messaging';
import { createLogger, metrics, NestPinoLogger } from '@shop/platform-telemetry';
import {
  createTestKeyspace,
  devstackEnv,
  percentile,
  provisionTestTopics,
  testKafka,
  testTopicPrefix,
  uniqueName,
  waitFor,
} from '@shop/testing';
import { startInventory } from '../src/bootstrap.js';
import { parseInventoryConfig } from '../src/config/inventory.config.js';
import { CassandraSession } from '../src/database/cassandra.session.js';
import { EventPointerRepository } from '../src/events/event-pointer.repository.js';
import { EventPublication } from '../src/events/event-publication.service.js';
import { ReservationsService } from '../src/reservations/application/reservations.service.js';
import { ExpiryIndexRepository } from '../src/reservations/infrastructure/expiry-index.repository.js';
import { ReservationRepository } from '../src/reservations/infrastructure/reservation.repository.js';
import { StockService } from '../src/stock/application/stock.service.js';
import { StockWriter } from '../src/stock/application/stock-writer.service.js';
import { LedgerRepository } from '../src/stock/infrastructure/ledger.repository.js';
import { StockRepository } from '../src/stock/infrastructure/stock.repository.js';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SKUS = Number(process.env.BENCH_SKUS ?? 1000);
const KAFKA_ORDERS = Number(process.env.BENCH_KAFKA_ORDERS ?? 600);

function order(sku: string): OrderPlaced {
  const orderId = randomUUID();
  return createEnvelope(orderPlaced, {
    source: 'bench',
    subject: orderId,
    data: {
      orderId,
      customerId: randomUUID(),
      lines: [{ sku, quantity: 1, unitPrice: { amount: 1000, currency: 'EUR' } }],
      total: { amount: 1000, currency: 'EUR' },
      placedAt: new Date().toISOString(),
    },
  });
}

async function casCounts(): Promise<Record<string, number>> {
  const metric = metrics.registry.getSingleMetric('inventory_stock_cas_total');
  if (!metric) return {};
  const { values } = await metric.get();
  return Object.fromEntries(values.map((v) => [String(v.labels.outcome), v.value]));
}

interface Result {
  scenario: string;
  orders: number;
  concurrency: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  reserved: number;
  failed: number;
  casApplied: number;
  casLost: number;
  casUnknown: number;
  errors: number;
}

/** Calls `place` for each order from `concurrency` workers; latency per call. */
async function run(
  scenario: string,
  reservations: ReservationsService,
  orders: OrderPlaced[],
  concurrency: number,
): Promise<Result> {
  const before = await casCounts();
  const latencies: number[] = [];
  let reserved = 0;
  let failed = 0;
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < orders.length) {
        const event = orders[next++];
        const t0 = performance.now();
        try {
          const record = await reservations.place(event);
          if (record.reservation.status === 'RESERVED') reserved++;
          else failed++;
        } catch (error) {
          errors++;
          if (errors <= 3) console.error(`${scenario}: ${String(error)}`);
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const after = await casCounts();
  const delta = (key: string) => (after[key] ?? 0) - (before[key] ?? 0);
  return {
    scenario,
    orders: orders.length,
    concurrency,
    seconds: Number(seconds.toFixed(2)),
    perSecond: Math.round(orders.length / seconds),
    p50: Number(percentile(latencies, 50).toFixed(1)),
    p99: Number(percentile(latencies, 99).toFixed(1)),
    max: Number(Math.max(...latencies).toFixed(1)),
    reserved,
    failed,
    casApplied: delta('applied'),
    casLost: delta('lost'),
    casUnknown: delta('unknown'),
    errors,
  };
}

/** The same orders through Kafka into a running service: produce all, wait for every outcome. */
async function throughKafka(keyspace: string, count: number): Promise<Result> {
  const kafka = testKafka('inventory-bench');
  const prefix = testTopicPrefix('inv-bench');
  const orderTopic = `${prefix}${topics.orderOrder}`;
  const stockTopic = `${prefix}${topics.inventoryStock}`;
  await ensureTopics(kafka, [orderTopic, `${prefix}${topics.catalogProduct}`, stockTopic], {
    partitions: 6,
  });
  // The dead-letter topics too: the service waits for every topic it uses (ADR 0015).
  await provisionTestTopics({ KAFKA_TOPIC_PREFIX: prefix });
  const env = devstackEnv();
  const config = parseInventoryConfig({
    PORT: '0',
    CASSANDRA_CONTACT_POINTS: env.CASSANDRA_CONTACT_POINTS,
    CASSANDRA_LOCAL_DATACENTER: env.CASSANDRA_LOCAL_DATACENTER,
    CASSANDRA_KEYSPACE: keyspace,
    KAFKA_BROKERS: env.KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_GROUP_ID: `${prefix}inventory`,
    AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json',
    AUTH_ISSUER: 'bench',
  });
  const service = await startInventory(config, {
    handleSignals: false,
    logger: new NestPinoLogger(createLogger({ service: 'inventory-bench', level: 'error' })),
  });
  const consumer = kafka.consumer({ groupId: uniqueName('bench-reader') });
  try {
    const stock = service.app.get(StockService);
    const skus = Array.from({ length: 100 }, (_, i) => `KAFKA-SPREAD-${i}`);
    for (const sku of skus)
      await stock.setAvailable({ sku, available: 1_000_000, reason: 'bench', userId: 'bench' });
    const placedAt = new Map<string, number>();
    const latencies: number[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [stockTopic], fromBeginning: false });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const event = JSON.parse(message.value?.toString() ?? '{}') as {
          type: string;
          subject: string;
        };
        const sent = placedAt.get(event.subject);
        if (event.type === 'stock.reserved' && sent !== undefined)
          latencies.push(performance.now() - sent);
      },
    });
    // Let the reader and the service's consumer join their groups first.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    const producer = kafka.producer();
    await producer.connect();
    const orders = Array.from({ length: count }, (_, i) => order(skus[i % skus.length]));
    const started = performance.now();
    for (let i = 0; i < orders.length; i += 50) {
      const batch = orders.slice(i, i + 50);
      for (const event of batch) placedAt.set(event.subject, performance.now());
      await producer.send({
        topic: orderTopic,
        messages: batch.map((event) => ({ key: event.subject, value: JSON.stringify(event) })),
      });
    }
    await producer.disconnect();
    await waitFor(() => latencies.length >= count, {
      timeoutMs: 300_000,
      intervalMs: 100,
      what: 'every stock.reserved',
    });
    const seconds = (performance.now() - started) / 1000;
    return {
      scenario: 'through Kafka: 1 instance, 6 partitions, 100 SKUs',
      orders: count,
      concurrency: 1,
      seconds: Number(seconds.toFixed(2)),
      perSecond: Math.round(count / seconds),
      p50: Number(percentile(latencies, 50).toFixed(1)),
      p99: Number(percentile(latencies, 99).toFixed(1)),
      max: Number(Math.max(...latencies).toFixed(1)),
      reserved: latencies.length,
      failed: 0,
      casApplied: 0,
      casLost: 0,
      casUnknown: 0,
      errors: 0,
    };
  } finally {
    await consumer.disconnect();
    await service.close();
  }
}

async function main(): Promise<void> {
  silenceKafkaJsTimeoutWarning();
  const testKeyspace = await createTestKeyspace('inventory_bench');
  const env = devstackEnv();
  const session = await CassandraSession.open({
    contactPoints: env.CASSANDRA_CONTACT_POINTS.split(','),
    localDataCenter: env.CASSANDRA_LOCAL_DATACENTER,
    keyspace: testKeyspace.name,
    replicationFactor: 1,
  });
  const logger = new Logger('bench');
  const stock = new StockRepository(session);
  const ledger = new LedgerRepository(session);
  const writer = new StockWriter(stock, ledger);
  const reservationsRepo = new ReservationRepository(session);
  // Kafka stands aside here: this measures what inventory does in Cassandra per order.
  const publication = new EventPublication(
    { publish: async () => undefined },
    new EventPointerRepository(session),
  );
  const stockService = new StockService(stock, ledger, writer, publication);
  const reservations = new ReservationsService(
    reservationsRepo,
    new ExpiryIndexRepository(session),
    writer,
    stock,
    publication,
    { ttlSeconds: 900 },
    logger,
  );
  const results: Result[] = [];
  try {
    console.log(`stocking ${SKUS} SKUs...`);
    const spreadSkus = Array.from({ length: SKUS }, (_, i) => `SPREAD-${i}`);
    for (let i = 0; i < spreadSkus.length; i += 50) {
      await Promise.all(
        spreadSkus.slice(i, i + 50).map((sku) =>
          stockService.setAvailable({
            sku,
            available: 1_000_000,
            reason: 'bench',
            userId: 'bench',
          }),
        ),
      );
    }
    await stockService.setAvailable({
      sku: 'HOT-1',
      available: 1_000_000,
      reason: 'bench',
      userId: 'bench',
    });
    await stockService.setAvailable({
      sku: 'SALE-1',
      available: Math.floor(ORDERS / 4),
      reason: 'bench',
      userId: 'bench',
    });

    // Warm-up: prepared statements, connections, JIT.
    await run(
      'warm-up',
      reservations,
      Array.from({ length: 200 }, (_, i) => order(spreadSkus[i % SKUS])),
      CONCURRENCY,
    );

    results.push(
      await run(
        `spread: ${SKUS} SKUs`,
        reservations,
        Array.from({ length: ORDERS }, () => order(spreadSkus[Math.floor(Math.random() * SKUS)])),
        CONCURRENCY,
      ),
    );
    results.push(
      await run(
        'hot: one SKU',
        reservations,
        Array.from({ length: ORDERS }, () => order('HOT-1')),
        CONCURRENCY,
      ),
    );
    results.push(
      await run(
        'hot: one SKU, 4 callers',
        reservations,
        Array.from({ length: ORDERS / 2 }, () => order('HOT-1')),
        4,
      ),
    );
    results.push(
      await run(
        `flash sale: ${ORDERS} orders, ${Math.floor(ORDERS / 4)} units`,
        reservations,
        Array.from({ length: ORDERS }, () => order('SALE-1')),
        CONCURRENCY,
      ),
    );
    const sale = await stock.find('SALE-1');
    console.log(`flash sale SKU after the run: ${JSON.stringify(sale?.level)}`);
    await session.close();
    if (KAFKA_ORDERS > 0) results.push(await throughKafka(testKeyspace.name, KAFKA_ORDERS));
    console.table(results);
    console.log(JSON.stringify(results));
  } finally {
    await session.close().catch(() => undefined);
    await testKeyspace.drop();
  }
}

await main();
