// Checkout under a fixed arrival rate, against the devstack's Postgres, Redis and Kafka:
// accepted checkouts per second, and the time from `POST /orders` to CONFIRMED.
//
//   npm run bench:order          (BENCH_RATE checkouts/s, default 10, for BENCH_SECONDS, default 30)
//
// The service runs as its own process (`src/main.ts`); this process plays the customers (a new
// customer per checkout: add one line to the cart, then check out) and inventory (a consumer of
// `order.placed` that answers `stock.reserved` at once), and sees CONFIRMED when
// `order.confirmed` reaches Kafka.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  causedBy,
  createEnvelope,
  ensureTopics,
  EventPublisher,
  silenceKafkaJsTimeoutWarning,
} from '@shop/platform-messaging';
import { stockReserved, topics, type EventEnvelope, type OrderPlaced } from '@shop/contracts';
import {
  createTestDatabase,
  describeLatencies,
  percentile,
  testKafka,
  testTopicPrefix,
  waitFor,
} from '@shop/testing';
import {
  Api,
  OrderProcess,
  OtherServices,
  testPool,
  TestAuth,
  waitForProjection,
} from '../test/support.js';

silenceKafkaJsTimeoutWarning();
const rate = Number(process.env.BENCH_RATE ?? 10);
const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const paymentLatencyMs = process.env.BENCH_PAYMENT_LATENCY_MS ?? '50';
const products = 20;

const db = await createTestDatabase('order_bench');
const prefix = testTopicPrefix('order_bench');
const kafka = testKafka('order-bench');
const auth = await TestAuth.start();
const pool = testPool(db.url);
await ensureTopics(kafka, [`${prefix}${topics.orderOrder}`]);
let service: OrderProcess | undefined;
const responder = kafka.consumer({ groupId: `${prefix}inventory` });
const publisher = new EventPublisher(kafka, prefix);
const catalog = new OtherServices(kafka, prefix);

try {
  service = await OrderProcess.start({
    databaseUrl: db.url,
    topicPrefix: prefix,
    jwksUrl: auth.jwksUrl,
    extra: { PAYMENT_LATENCY_MS: paymentLatencyMs, LOG_LEVEL: 'error' },
  });
  for (let i = 0; i < products; i++) {
    await catalog.productCreated({
      productId: `p-${i}`,
      sku: `SKU-${i}`,
      name: `Product ${i}`,
      price: 100 + i,
    });
  }
  await waitForProjection(pool, products);

  // Inventory: every order.placed is answered with stock.reserved; order.confirmed is the finish.
  const confirmedAt = new Map<string, number>();
  await responder.connect();
  await responder.subscribe({ topics: [`${prefix}${topics.orderOrder}`], fromBeginning: true });
  await responder.run({
    eachMessage: async ({ message }) => {
      const event = JSON.parse(message.value!.toString()) as EventEnvelope;
      if (event.type === 'order.confirmed') confirmedAt.set(event.subject, performance.now());
      if (event.type !== 'order.placed') return;
      const placed = event as OrderPlaced;
      await publisher.publish(
        stockReserved,
        createEnvelope(stockReserved, {
          source: 'inventory',
          subject: placed.subject,
          ...causedBy(placed),
          data: {
            orderId: placed.data.orderId,
            // As inventory does: the hold the order asked for, or the saga dead-letters it.
            reservationId: placed.data.reservationId ?? randomUUID(),
            lines: placed.data.lines.map(({ sku, quantity }) => ({ sku, quantity })),
            expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
          },
        }),
      );
    },
  });

  // Warm-up (connections, JIT, the consumer group), not measured.
  const url = service.url;
  for (let i = 0; i < 5; i++) await checkout(new Api(url, await auth.token(randomUUID())), i);

  const total = Math.round(rate * seconds);
  const customers = await Promise.all(
    Array.from({ length: total }, async () => new Api(url, await auth.token(randomUUID()))),
  );
  const accepted: { orderId: string; postedAt: number }[] = [];
  const checkoutMs: number[] = [];
  let refused = 0;
  const started = performance.now();
  const arrivals: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    arrivals.push(
      checkout(customers[i], i).then(
        (result) => {
          accepted.push({ orderId: result.orderId, postedAt: result.postedAt });
          checkoutMs.push(result.ms);
        },
        () => void (refused += 1),
      ),
    );
  }
  await Promise.all(arrivals);
  const lastAnswer = performance.now();
  await waitFor(() => accepted.every((order) => confirmedAt.has(order.orderId)), {
    timeoutMs: 120_000,
    intervalMs: 100,
    what: 'every accepted order to be confirmed',
  }).catch(() => undefined);

  const toConfirmed = accepted
    .filter((order) => confirmedAt.has(order.orderId))
    .map((order) => confirmedAt.get(order.orderId)! - order.postedAt);
  const elapsed = (lastAnswer - started) / 1000;
  console.log(
    [
      `order checkout at ${rate}/s for ${seconds} s (payment latency ${paymentLatencyMs} ms):`,
      `  offered ${total}, accepted ${accepted.length}, refused ${refused}`,
      `  accepted checkouts/s: ${(accepted.length / elapsed).toFixed(1)}`,
      `  POST /orders (202):   ${describeLatencies(checkoutMs)}`,
      `  POST /orders → CONFIRMED: ${describeLatencies(toConfirmed)}, max ${percentile(toConfirmed, 100).toFixed(1)} ms`,
      `  not confirmed within 120 s: ${accepted.length - toConfirmed.length}`,
    ].join('\n'),
  );
} finally {
  await responder.disconnect().catch(() => undefined);
  await publisher.disconnect();
  await catalog.disconnect();
  await service?.stop();
  await pool.end();
  await auth.close();
  await db.drop();
}

/** One customer: one line in the cart, then the checkout. */
async function checkout(
  api: Api,
  i: number,
): Promise<{ orderId: string; postedAt: number; ms: number }> {
  const added = await api.addToCart(`SKU-${i % products}`, 1 + (i % 3));
  if (added.status !== 200) throw new Error(`cart: ${added.status}`);
  const postedAt = performance.now();
  const response = await api.checkout(randomUUID());
  const ms = performance.now() - postedAt;
  const body = (await response.json()) as { id: string };
  if (response.status !== 202) throw new Error(`checkout: ${response.status}`);
  return { orderId: body.id, postedAt, ms };
}
