import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devstackEnv, uniqueName } from '@shop/testing';

describe('Cassandra through cassandra-driver', () => {
  const env = devstackEnv();
  const keyspace = uniqueName('cass_roundtrip');
  const client = new cassandra.Client({
    contactPoints: env.CASSANDRA_CONTACT_POINTS.split(','),
    localDataCenter: env.CASSANDRA_LOCAL_DATACENTER,
  });

  beforeAll(async () => {
    await client.connect();
    await client.execute(
      `CREATE KEYSPACE ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    );
    await client.execute(
      `CREATE TABLE ${keyspace}.stock (sku text PRIMARY KEY, available int, version int)`,
    );
  });

  afterAll(async () => {
    await client.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
    await client.shutdown();
  });

  it('applies INSERT … IF NOT EXISTS once and reports the second as not applied', async () => {
    const insert = `INSERT INTO ${keyspace}.stock (sku, available, version) VALUES (?, ?, ?) IF NOT EXISTS`;
    const first = await client.execute(insert, ['SKU-1', 50, 1], { prepare: true });
    expect(first.wasApplied()).toBe(true);

    const second = await client.execute(insert, ['SKU-1', 999, 1], { prepare: true });
    expect(second.wasApplied()).toBe(false);
    expect(second.first().get('available')).toBe(50);
  });

  it('refuses a conditional update on a stale version and applies one on the current version', async () => {
    const update = `UPDATE ${keyspace}.stock SET available = ?, version = ? WHERE sku = ? IF version = ?`;
    const fresh = await client.execute(update, [49, 2, 'SKU-1', 1], { prepare: true });
    expect(fresh.wasApplied()).toBe(true);

    const stale = await client.execute(update, [48, 2, 'SKU-1', 1], { prepare: true });
    expect(stale.wasApplied()).toBe(false);
    expect(stale.first().get('version')).toBe(2);

    const row = await client.execute(
      `SELECT available, version FROM ${keyspace}.stock WHERE sku = ?`,
      ['SKU-1'],
      {
        prepare: true,
        consistency: cassandra.types.consistencies.serial,
      },
    );
    expect(row.first().get('available')).toBe(49);
  });
});
