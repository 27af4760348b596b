import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestKeyspace, type TestKeyspace } from '@shop/testing';
import { CassandraInbox, cassandraInboxTableCql } from '../src/index.js';
import { orderPlacedEvent } from './support.js';

describe('Cassandra inbox', () => {
  let keyspace: TestKeyspace;
  let inbox: CassandraInbox;

  beforeAll(async () => {
    keyspace = await createTestKeyspace('inbox');
    await keyspace.client.execute(cassandraInboxTableCql(keyspace.name));
    inbox = new CassandraInbox(keyspace.client, keyspace.name);
  });

  afterAll(async () => {
    await keyspace?.drop();
  });

  it('runs the effect once for an event delivered five times', async () => {
    const event = orderPlacedEvent();
    let effects = 0;
    const results: boolean[] = [];
    for (let delivery = 0; delivery < 5; delivery++) {
      results.push(await inbox.runOnce('inventory', event, async () => void effects++));
    }
    expect(results).toEqual([true, false, false, false, false]);
    expect(effects).toBe(1);
  });

  it('keeps consumers apart: another consumer handles the same event once too', async () => {
    const event = orderPlacedEvent();
    expect(await inbox.runOnce('inventory', event, async () => undefined)).toBe(true);
    expect(await inbox.runOnce('reporting', event, async () => undefined)).toBe(true);
    expect(await inbox.seen('inventory', event.id)).toBe(true);
  });

  it('records nothing when the effect fails, so the redelivery runs it again', async () => {
    const event = orderPlacedEvent();
    await expect(
      inbox.runOnce('inventory', event, () => Promise.reject(new Error('timeout'))),
    ).rejects.toThrow('timeout');
    expect(await inbox.seen('inventory', event.id)).toBe(false);
    expect(await inbox.runOnce('inventory', event, async () => undefined)).toBe(true);
  });
});
