/**
 * What a TypeORM transaction throws when Postgres ends its connection (a restart, a failover), on
 * a real server: each shape must read as an outage, so that HTTP answers 503 with Retry-After and
 * consumers wait, rather than a 500 the client gives up on. The server's end is played by
 * `pg_terminate_backend`, which is what a fast shutdown does to every session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource, type EntityManager } from 'typeorm';
import { createTestDatabase, waitFor, type TestDatabase } from '@shop/testing';
import { isUnavailable } from '../src/index.js';

let database: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  database = await createTestDatabase('resilience');
  dataSource = new DataSource({ type: 'postgres', url: database.url });
  await dataSource.initialize();
});

afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

/** Ends the session behind `manager` from another connection, as a server shutdown would. */
async function terminate(manager: EntityManager): Promise<void> {
  const [{ pid }] = await manager.query<[{ pid: number }]>('SELECT pg_backend_pid() AS pid');
  await dataSource.query('SELECT pg_terminate_backend($1)', [pid]);
}

/** Runs `work` in a transaction and returns what it threw. */
async function failure(work: (manager: EntityManager) => Promise<unknown>): Promise<unknown> {
  return dataSource.transaction(work).then(
    () => new Error('the transaction committed'),
    (error: unknown) => error,
  );
}

describe('a transaction whose connection Postgres ends', () => {
  it('is an outage when the next statement finds the query runner released', async () => {
    // TypeORM releases a query runner as soon as its connection reports an error, so a statement
    // sent between two others (a checkout pricing its lines) meets the released runner: the
    // 500 a Postgres restart used to give.
    const error = await failure(async (manager) => {
      await terminate(manager);
      await waitFor(() => manager.queryRunner?.isReleased, { what: 'the runner released' });
      return manager.query('SELECT 1');
    });
    expect(error).toMatchObject({ name: 'QueryRunnerProviderAlreadyReleasedError' });
    expect(isUnavailable(error)).toBe(true);
  });

  it('is an outage when a statement is running as the connection ends', async () => {
    const error = await failure(async (manager) => {
      const running = manager.query('SELECT pg_sleep(5)');
      // It may reject while the terminate below is still awaited: handled there, not unhandled.
      running.catch(() => undefined);
      const pid = await waitFor(
        async () => {
          const rows = await dataSource.query<{ pid: number }[]>(
            `SELECT pid FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(5)' AND datname = $1`,
            [database.name],
          );
          return rows[0]?.pid;
        },
        { what: 'the statement running on the server' },
      );
      await dataSource.query('SELECT pg_terminate_backend($1)', [pid]);
      return running;
    });
    expect(isUnavailable(error)).toBe(true);
  });

  it('is not an outage when the statement itself is wrong', async () => {
    const error = await failure((manager) => manager.query('SELECT * FROM no_such_table'));
    expect(isUnavailable(error)).toBe(false);
  });
});
