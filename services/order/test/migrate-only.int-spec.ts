import type { Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  occupiedPort,
  publicTables,
  runMigrateOnly,
  type TestDatabase,
} from '@shop/testing';

/** The chart's migration Job runs main.ts with MIGRATE_ONLY=true; PORT is held, so serving fails. */
const MAIN = 'services/order/src/main.ts';

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
    const first = await runMigrateOnly(MAIN, database.url, held.port);
    expect(first.code, first.log).toBe(0);
    expect(first.log).toMatch(
      /applied 3 migration\(s\): CreateOutbox\d+, CreateInbox\d+, CreateOrderTables\d+/,
    );
    expect(first.log).not.toMatch(/listening/);
    expect(await publicTables(database.url)).toEqual(
      expect.arrayContaining([
        'orders',
        'order_lines',
        'idempotency_keys',
        'product_prices',
        'outbox',
        'inbox',
      ]),
    );

    const second = await runMigrateOnly(MAIN, database.url, held.port);
    expect(second.code, second.log).toBe(0);
    expect(second.log).toMatch(/no migration to apply/);
    expect(second.log).not.toMatch(/listening/);
  }, 200_000);

  it('logs the error and exits 1 when the database cannot be reached', async () => {
    const unreachable = 'postgres://shop:shop@127.0.0.1:1/nowhere';
    const failed = await runMigrateOnly(MAIN, unreachable, held.port);
    expect(failed.code, failed.log).toBe(1);
    expect(failed.log).toMatch(/ECONNREFUSED.*migrations failed/);
  }, 100_000);
});
