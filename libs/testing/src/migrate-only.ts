import type { Server } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { occupiedPort } from './ports.js';
import { createTestDatabase, type TestDatabase } from './postgres.js';
import { runScript } from './script.js';

export interface MigrateOnlyCase {
  /** The service's entry point, e.g. `services/order/src/main.ts`. */
  main: string;
  /** Prefix of the test database's name. */
  database: string;
  /** The migrations a first run applies, in order, by class name without the timestamp. */
  migrations: string[];
  /** Tables the migrated database must have. */
  tables: string[];
}

/**
 * A service's `main.ts` with MIGRATE_ONLY=true, as the chart's hook Job runs it: only the store's
 * settings (the full schema's Kafka, Redis and token settings are absent) and PORT set to a port
 * in use, so that a process that tried to serve would fail. Killed after 90 s.
 */
function migrateOnly(main: string, postgresUrl: string, busyPort: number) {
  return runScript(
    main,
    {
      OTEL_SDK_DISABLED: 'true',
      MIGRATE_ONLY: 'true',
      HOST: '127.0.0.1',
      PORT: String(busyPort),
      LOG_LEVEL: 'info',
      POSTGRES_URL: postgresUrl,
    },
    90_000,
  );
}

async function publicTables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    return rows.map((row) => row.table_name);
  } finally {
    await client.end();
  }
}

/**
 * The migration Job's contract, for every service that owns a Postgres database: it migrates an
 * empty database and exits 0 without serving, finds nothing to do the second time, and exits 1
 * with the error logged when the database cannot be reached.
 */
export function describeMigrateOnly(service: MigrateOnlyCase): void {
  describe('MIGRATE_ONLY=true (the chart’s migration Job)', () => {
    let database: TestDatabase;
    let held: { port: number; server: Server };

    beforeAll(async () => {
      database = await createTestDatabase(service.database);
      held = await occupiedPort();
    });

    afterAll(async () => {
      held?.server.close();
      await database?.drop();
    });

    it('migrates an empty database and exits 0 without serving, then finds nothing to do', async () => {
      const first = await migrateOnly(service.main, database.url, held.port);
      expect(first.code, first.log).toBe(0);
      const applied = service.migrations.map((name) => `${name}\\d+`).join(', ');
      expect(first.log).toMatch(
        new RegExp(`applied ${service.migrations.length} migration\\(s\\): ${applied}`),
      );
      expect(first.log).not.toMatch(/listening/);
      expect(await publicTables(database.url)).toEqual(expect.arrayContaining(service.tables));

      const second = await migrateOnly(service.main, database.url, held.port);
      expect(second.code, second.log).toBe(0);
      expect(second.log).toMatch(/no migration to apply/);
      expect(second.log).not.toMatch(/listening/);
    }, 200_000);

    it('logs the error and exits 1 when the database cannot be reached', async () => {
      const unreachable = 'postgres://shop:shop@127.0.0.1:1/nowhere';
      const failed = await migrateOnly(service.main, unreachable, held.port);
      expect(failed.code, failed.log).toBe(1);
      expect(failed.log).toMatch(/ECONNREFUSED.*migrations failed/);
    }, 100_000);
  });
}
