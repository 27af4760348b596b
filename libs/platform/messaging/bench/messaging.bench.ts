/**
 * `npm run bench:messaging`: what the messaging library costs on this machine, against the real
 * devstack Postgres and Kafka. Prints figures; asserts nothing (speed is measured, not tested).
 *
 * 1. Relay throughput: a backlog of events written first, then the time for the relay to drain it.
 * 2. Commit-to-publish latency: events committed at a steady rate while the relay runs; for each,
 *    the time from its commit to Kafka's acknowledgement.
 * 3. Produce-to-consume latency: single keyed messages at a steady rate through a bare KafkaJS
 *    producer and consumer, for the floor the relay stands on.
 */
import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { orderPlaced, topics } from '@shop/contracts';
import {
  createTestDatabase,
  describeLatencies,
  testKafka,
  testTopicPrefix,
  waitFor,
} from '@shop/testing';
import {
  CreateOutbox1763769600000,
  ensureTopics,
  EventPublisher,
  Outbox,
  OutboxRelay,
  silenceKafkaJsTimeoutWarning,
} from '../src/index.js';
import { orderPlacedEvent } from '../test/support.js';

const backlog = Number(process.env.BENCH_BACKLOG ?? 5000);
const rate = Number(process.env.BENCH_RATE ?? 200);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

async function writeEvents(
  dataSource: DataSource,
  outbox: Outbox,
  count: number,
  perTransaction: number,
): Promise<void> {
  for (let written = 0; written < count; written += perTransaction) {
    await dataSource.transaction(async (manager) => {
      for (let i = 0; i < Math.min(perTransaction, count - written); i++) {
        await outbox.add(manager, orderPlaced, orderPlacedEvent());
      }
    });
  }
}

async function relayThroughput(
  dataSource: DataSource,
  url: string,
  prefix: string,
  publisher: EventPublisher,
) {
  log(`relay throughput: writing a backlog of ${backlog} events…`);
  await writeEvents(dataSource, new Outbox(prefix), backlog, 100);
  const relay = new OutboxRelay({ dataSource, postgresUrl: url, publisher, batchSize: 500 });
  const started = performance.now();
  relay.start();
  await waitFor(async () => (await relay.pending()) === 0, {
    timeoutMs: 300_000,
    intervalMs: 20,
    what: 'the backlog to drain',
  });
  const elapsed = (performance.now() - started) / 1000;
  await relay.stop();
  log(
    `  relay throughput: ${Math.round(backlog / elapsed)} events/s (${backlog} events in ${elapsed.toFixed(2)} s, batches of 500)`,
  );
}

async function commitToPublish(
  dataSource: DataSource,
  url: string,
  prefix: string,
  publisher: EventPublisher,
) {
  log(`commit-to-publish: ${rate} events/s for ${seconds} s, one event per transaction…`);
  const latencies: number[] = [];
  const relay = new OutboxRelay({
    dataSource,
    postgresUrl: url,
    publisher,
    onPublished: (ms) => latencies.push(...ms),
  });
  relay.start();
  const outbox = new Outbox(prefix);
  const total = rate * seconds;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    await writeEvents(dataSource, outbox, 1, 1);
  }
  await waitFor(async () => (await relay.pending()) === 0, {
    timeoutMs: 60_000,
    what: 'the outbox to drain',
  });
  await relay.stop();
  log(`  commit-to-publish latency: ${describeLatencies(latencies)}`);
}

async function produceToConsume(prefix: string) {
  log(`produce-to-consume: ${rate} messages/s for ${seconds} s through bare KafkaJS…`);
  const kafka = testKafka('bench');
  const topic = `${prefix}bench.hop.v1`;
  await ensureTopics(kafka, [topic]);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `${prefix}bench`, maxWaitTimeInMs: 100 });
  const latencies: number[] = [];
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      latencies.push(
        performance.timeOrigin + performance.now() - Number(message.value?.toString()),
      );
    },
  });
  await sleep(3000); // the group join; messages before it would measure the join, not the hop
  const total = rate * seconds;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    await producer.send({
      topic,
      acks: -1,
      messages: [{ key: `k${i % 16}`, value: String(performance.timeOrigin + performance.now()) }],
    });
  }
  await waitFor(() => latencies.length >= total, {
    timeoutMs: 60_000,
    what: 'every message consumed',
  });
  await consumer.disconnect();
  await producer.disconnect();
  log(`  produce-to-consume latency: ${describeLatencies(latencies)}`);
}

async function main(): Promise<void> {
  silenceKafkaJsTimeoutWarning();
  const db = await createTestDatabase('bench_messaging');
  const dataSource = new DataSource({
    type: 'postgres',
    url: db.url,
    migrations: [CreateOutbox1763769600000],
    poolSize: 10,
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  const kafka = testKafka('bench');
  const prefix = testTopicPrefix('bench');
  await ensureTopics(kafka, [`${prefix}${topics.orderOrder}`]);
  const publisher = new EventPublisher(kafka);
  try {
    log(`messaging benchmark on ${process.platform}/${process.arch}, Node ${process.version}`);
    await relayThroughput(dataSource, db.url, prefix, publisher);
    await commitToPublish(dataSource, db.url, prefix, publisher);
    await produceToConsume(prefix);
  } finally {
    await publisher.disconnect();
    await dataSource.destroy();
    await db.drop();
  }
}

await main();
