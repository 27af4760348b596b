import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, occupiedPort, runScript, type TestDatabase } from '@shop/testing';
import type { Server } from 'node:net';

/**
 * `main.ts` with MIGRATE_ONLY=true, as the chart's hook Job runs it: only the store's settings
 * (the full schema's Kafka, Redis and token settings are absent) and PORT set to a port in use,
 * so a process that tried to serve would fail. Killed after 90 s.
 */
function migrateOnly(env: NodeJS.ProcessEnv, port: number) {
  return runScript(
    'services/order/src/main.ts',
    {
      OTEL_SDK_DISABLED: 'true',
      MIGRATE_ONLY: 'true',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      ...env,
    },
    90_000,
  );
}

describe('MIGRATE_ONLY=true (the chart’s migration Job)', () => {
  let database: TestDatabase;
  let held: { port: number; server: Server };

  beforeAll(async () => {
    database = await createTestDatabase('order_migrate_only');
    held = await occupiedPort();
  });

  afterAll(async () => {
    held?.server.close();
    await database?.drop();
  });

  it('migrates an empty database and exits 0 without serving, then finds nothing to do', async () => {
    const first = await migrateOnly({ POSTGRES_URL: database.url }, held.port);
    expect(first.code, first.log).toBe(0);
    expect(first.log).toMatch(
      /applied 3 migration\(s\): CreateOutbox\d+, CreateInbox\d+, CreateOrderTables\d+/,
    );
    expect(first.log).not.toMatch(/listening/);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      expect(rows.map((row) => row.table_name)).toEqual(
        expect.arrayContaining([
          'orders',
          'order_lines',
          'idempotency_keys',
          'product_prices',
          'outbox',
          'inbox',
        ]),
      );
    } finally {
      await client.end();
    }

    const second = await migrateOnly({ POSTGRES_URL: database.url }, held.port);
    expect(second.code, second.log).toBe(0);
    expect(second.log).toMatch(/no migration to apply/);
    expect(second.log).not.toMatch(/listening/);
  }, 200_000);

  it('logs the error and exits 1 when the database cannot be reached', async () => {
    const failed = await migrateOnly(
      { POSTGRES_URL: 'postgres://shop:shop@127.0.0.1:1/nowhere' },
      held.port,
    );
    expect(failed.code, failed.log).toBe(1);
    expect(failed.log).toMatch(/ECONNREFUSED.*migrations failed/);
  }, 100_000);
});
