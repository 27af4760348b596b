import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetterTopic, orderPlaced, topics, type OrderPlaced } from '@shop/contracts';
import { metrics } from '@shop/platform-telemetry';
import {
  createTestDatabase,
  readTopic,
  testKafka,
  testTopicPrefix,
  waitFor,
  type TestDatabase,
} from '@shop/testing';
import {
  ensureTopics,
  EventConsumer,
  EventPublisher,
  Outbox,
  OutboxRelay,
  PostgresInbox,
  toOutgoing,
} from '../src/index.js';
import { countRows, migratedDataSource, orderPlacedEvent } from './support.js';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const crashes = 50;

describe('transactional outbox', () => {
  const kafka = testKafka('outbox-test');
  const prefix = testTopicPrefix('outbox');
  const topic = `${prefix}${topics.orderOrder}`;
  let db: TestDatabase;
  let dataSource: DataSource;
  let publisher: EventPublisher;

  /** Starts the writer, waits for its commit, kills it with SIGKILL, returns the committed event id. */
  function commitThenKill(): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          join(root, 'tools/ts-loader/register.mjs'),
          join(import.meta.dirname, 'fixtures/outbox-writer.ts'),
        ],
        {
          cwd: root,
          env: { ...process.env, TEST_DATABASE_URL: db.url, TEST_TOPIC_PREFIX: prefix },
        },
      );
      let output = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /committed (\S+)\n/.exec(output);
        if (match) {
          child.kill('SIGKILL');
          resolve(match[1]);
        }
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('exit', () => {
        clearTimeout(timer);
        if (!/committed/.test(output))
          reject(new Error(`writer died before committing:\n${output}`));
      });
    });
  }

  beforeAll(async () => {
    db = await createTestDatabase('outbox');
    dataSource = await migratedDataSource(db.url);
    await ensureTopics(kafka, [topic, deadLetterTopic(topic, `${prefix}consumer`)]);
    publisher = new EventPublisher(kafka);
  });

  afterAll(async () => {
    await publisher?.disconnect();
    await dataSource?.destroy();
    await db?.drop();
  });

  it(`publishes every event of ${crashes} writers killed between commit and publish; consumers apply each once`, async () => {
    const committed: string[] = [];
    for (let i = 0; i < crashes; i++) committed.push(await commitThenKill());
    expect(await countRows(dataSource, 'SELECT count(*) FROM outbox')).toBe(crashes);
    expect(await countRows(dataSource, 'SELECT count(*) FROM business_orders')).toBe(crashes);

    // Kafka acknowledged the first ten, then the relay died before deleting them: they go out twice.
    const rows: { payload: string }[] = await dataSource.query(
      'SELECT payload FROM outbox ORDER BY seq LIMIT 10',
    );
    await publisher.send(
      rows.map((row) => toOutgoing(orderPlaced, JSON.parse(row.payload) as OrderPlaced, prefix)),
    );

    const relay = new OutboxRelay({
      dataSource,
      postgresUrl: db.url,
      publisher,
      pollIntervalMs: 200,
    });
    relay.start();
    await waitFor(async () => (await relay.pending()) === 0, {
      timeoutMs: 30_000,
      what: 'the outbox to drain',
    });
    const scraped = await metrics.render();
    await relay.stop();
    expect(scraped).toMatch(/^outbox_pending_events 0$/m);
    expect(scraped).toMatch(/^outbox_oldest_event_age_seconds 0$/m);
    expect(Number(/^outbox_published_events_total (\d+)$/m.exec(scraped)?.[1])).toBe(crashes);

    const onKafka = await readTopic(kafka, topic, crashes + 10);
    const ids = onKafka.map((message) => (JSON.parse(message.value) as { id: string }).id);
    expect(ids).toHaveLength(crashes + 10);
    expect(new Set(ids)).toEqual(new Set(committed));

    const inbox = new PostgresInbox(dataSource);
    let handled = 0;
    const consumer = new EventConsumer({
      kafka,
      groupId: `${prefix}consumer`,
      topics: [topic],
      handlerFor: () => async (event) => {
        await inbox.runOnce('outbox-test', event, async (manager) => {
          await manager.query('INSERT INTO effects (event_id) VALUES ($1)', [event.id]);
        });
      },
      onOutcome: (outcome) => (handled += outcome === 'handled' ? 1 : 0),
    });
    await consumer.start();
    try {
      await waitFor(() => handled === crashes + 10, {
        timeoutMs: 30_000,
        what: `${crashes + 10} deliveries`,
      });
    } finally {
      await consumer.stop();
    }
    expect(await countRows(dataSource, 'SELECT count(*) FROM effects')).toBe(crashes);
    expect(await countRows(dataSource, 'SELECT count(DISTINCT event_id) FROM effects')).toBe(
      crashes,
    );
  }, 300_000);

  it('refuses to write outside a transaction', async () => {
    await expect(
      new Outbox().add(dataSource.manager, orderPlaced, orderPlacedEvent()),
    ).rejects.toThrow(/open transaction/);
  });

  it('refuses an event that breaks its contract, and writes nothing', async () => {
    const broken = { ...orderPlacedEvent(), data: { orderId: 'not-a-uuid' } };
    const before = await countRows(dataSource, 'SELECT count(*) FROM outbox');
    const attempt = dataSource.transaction((manager) =>
      new Outbox().add(manager, orderPlaced, broken as never),
    );
    await expect(attempt).rejects.toThrow(/orderId/);
    expect(await countRows(dataSource, 'SELECT count(*) FROM outbox')).toBe(before);
  });
});
