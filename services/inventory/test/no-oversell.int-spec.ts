import type cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTopics } from '@shop/platform-messaging';
import {
  createTestKeyspace,
  testKafka,
  testTopicPrefix,
  waitFor,
  type TestKeyspace,
} from '@shop/testing';
import { InventoryProcess } from './support/child-process.js';
import { orderPlacedEvent, TestProducer, TopicCollector } from './support/events.js';
import { inventoryEnv, scopedTopics } from './support/inventory-env.js';
import { TestIssuer } from './support/tokens.js';

const STOCK = 50;
const ORDERS = 200;
const SKU = 'HOT-1';

describe('no oversell: two inventory processes, one hot SKU', () => {
  const kafka = testKafka('inventory-oversell');
  let keyspace: TestKeyspace;
  let issuer: TestIssuer;
  let instances: InventoryProcess[] = [];
  let topic: ReturnType<typeof scopedTopics>;
  let groupId: string;

  beforeAll(async () => {
    keyspace = await createTestKeyspace('inventory_oversell');
    issuer = await TestIssuer.start();
    const prefix = testTopicPrefix('inv-oversell');
    groupId = `${prefix}inventory`;
    const scope = { keyspace: keyspace.name, prefix, groupId, jwksUrl: issuer.jwksUrl };
    topic = scopedTopics(scope);
    // Six partitions, so that the group splits them between the two processes.
    await ensureTopics(kafka, [topic.orders], { partitions: 6 });
    await ensureTopics(kafka, [topic.products, topic.stock]);
    // Started together: they also race to migrate the same empty keyspace.
    instances = await Promise.all([
      InventoryProcess.start(inventoryEnv(scope)),
      InventoryProcess.start(inventoryEnv(scope)),
    ]);
  });

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await issuer?.close();
    await keyspace?.drop();
  });

  async function groupMembers(): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [group] = (await admin.describeGroups([groupId])).groups;
      return group.state === 'Stable' ? group.members.length : 0;
    } finally {
      await admin.disconnect();
    }
  }

  async function handledBy(instance: InventoryProcess): Promise<number> {
    const text = await (await fetch(`${instance.managementUrl}/metrics`)).text();
    const line = text
      .split('\n')
      .find(
        (l) =>
          l.startsWith('messaging_consumed_events_total{') &&
          l.includes('event_type="order.placed"') &&
          l.includes('outcome="handled"'),
      );
    return Number(line?.split(' ').pop() ?? 0);
  }

  it(`reserves exactly ${STOCK} of ${ORDERS} concurrent single-unit orders; the ledger adds up`, async () => {
    const put = await fetch(`${instances[0].url}/admin/stock/${SKU}`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${issuer.token('admin-1', ['admin'])}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ available: STOCK, reason: 'flash sale stock' }),
    });
    expect(put.status).toBe(200);
    await waitFor(async () => (await groupMembers()) === 2, {
      timeoutMs: 60_000,
      what: 'both processes in the consumer group',
    });

    const published = await TopicCollector.start(kafka, topic.stock);
    const producer = await TestProducer.connect(kafka);
    const orders = Array.from({ length: ORDERS }, () =>
      orderPlacedEvent([{ sku: SKU, quantity: 1 }]),
    );
    let lowest = STOCK;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const row = (
          await keyspace.client.execute(
            `SELECT DISTINCT available FROM ${keyspace.name}.stock WHERE sku = ?`,
            [SKU],
            { prepare: true },
          )
        ).first();
        lowest = Math.min(lowest, row.get('available') as number);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      await producer.send(topic.orders, orders);
      const outcomes = () =>
        published.events('stock.reserved').length +
        published.events('stock.reservation-failed').length;
      await waitFor(() => outcomes() >= ORDERS, {
        timeoutMs: 90_000,
        intervalMs: 200,
        what: `an outcome for each of ${ORDERS} orders (have ${outcomes()})`,
      });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    } finally {
      sampling = false;
      await sampler;
      await producer.disconnect();
      await published.stop();
    }

    const reserved = new Set(published.events('stock.reserved').map((e) => e.subject));
    const failed = new Set(published.events('stock.reservation-failed').map((e) => e.subject));
    expect(published.events('stock.reserved')).toHaveLength(STOCK);
    expect(reserved.size).toBe(STOCK);
    expect(failed.size).toBe(ORDERS - STOCK);
    expect([...reserved].filter((id) => failed.has(id))).toEqual([]);
    expect(lowest).toBeGreaterThanOrEqual(0);

    const level = (
      await keyspace.client.execute(
        `SELECT DISTINCT available, reserved, committed, version FROM ${keyspace.name}.stock WHERE sku = ?`,
        [SKU],
        { prepare: true },
      )
    ).first();
    const count = (column: string) => level.get(column) as number;
    expect([count('available'), count('reserved'), count('committed')]).toEqual([0, STOCK, 0]);

    // The ledger: one row per version, each applied once, never below zero, and its deltas
    // add up to the row.
    const days = await keyspace.client.execute(
      `SELECT day FROM ${keyspace.name}.movement_days WHERE sku = ?`,
      [SKU],
      {
        prepare: true,
      },
    );
    const movements: cassandra.types.Row[] = [];
    for (const day of days.rows) {
      const rows = await keyspace.client.execute(
        `SELECT * FROM ${keyspace.name}.movements WHERE sku = ? AND day = ?`,
        [SKU, day.get('day')],
        { prepare: true, fetchSize: 10_000 },
      );
      movements.push(...rows.rows);
    }
    const versions = movements.map((m) => m.get('version') as number).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: count('version') }, (_, i) => i + 1));
    const sum = (column: string) =>
      movements.reduce((total, m) => total + (m.get(column) as number), 0);
    expect(sum('delta_available')).toBe(count('available'));
    expect(sum('delta_reserved')).toBe(count('reserved'));
    expect(sum('delta_committed')).toBe(count('committed'));
    const stocked = movements
      .filter((m) => m.get('kind') === 'set' || m.get('kind') === 'adjust')
      .reduce((total, m) => total + (m.get('delta_available') as number), 0);
    expect(stocked).toBe(STOCK);
    expect(movements.every((m) => (m.get('available') as number) >= 0)).toBe(true);
    expect(movements.filter((m) => m.get('kind') === 'reserve')).toHaveLength(STOCK);

    const handled = await Promise.all(instances.map(handledBy));
    expect(
      handled.every((count) => count > 0),
      `orders handled per process: ${handled.join(', ')}`,
    ).toBe(true);
    expect(handled.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(ORDERS);
  });
});
