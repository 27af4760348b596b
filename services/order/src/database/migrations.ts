import type { DataSource } from 'typeorm';
import { CreateInbox1763769600001, CreateOutbox1763769600000 } from '@shop/platform-messaging';
import { CreateOrderTables1763942400000 } from './create-order-tables.migration.js';

/** Every migration of the service's database, in order. */
export const orderMigrations = [
  CreateOutbox1763769600000,
  CreateInbox1763769600001,
  CreateOrderTables1763942400000,
];

/** Replicas starting together take turns; the id is this service's, per database. */
const MIGRATION_LOCK = 'order.migrations';

/**
 * Runs the pending migrations in one transaction while holding a Postgres advisory lock: TypeORM
 * takes none, and two replicas starting at once would both try to create the same tables.
 * @returns the names of the migrations this call applied (none when the schema was current).
 */
export async function migrateExclusively(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'all' });
      return applied.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
