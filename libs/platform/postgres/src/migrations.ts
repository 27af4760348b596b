import { DataSource, type MixedList } from 'typeorm';
import { createLogger } from '@shop/platform-telemetry';

/**
 * Runs the pending migrations, all in one transaction, while holding a Postgres advisory lock
 * named `lock`: TypeORM takes none, and two replicas starting at once would otherwise both try
 * to create the same tables. The second one finds nothing left to do.
 * @returns the names of the migrations this call applied (none when the schema was current).
 */
export async function migrateExclusively(dataSource: DataSource, lock: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [lock]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'all' });
      return applied.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [lock]);
    }
  } finally {
    await runner.release();
  }
}

export interface MigrateOnlyOptions {
  service: string;
  postgresUrl: string;
  logLevel: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type
  migrations: MixedList<Function | string>;
  lock: string;
}

/**
 * `MIGRATE_ONLY=true` (the chart's hook Job): the migrations the boot runs, under the same lock,
 * then the process ends: exit code 0 when the schema is current, 1 with the error logged
 * otherwise. Nothing listens; no Kafka client, relay or sweeper starts.
 */
export async function migrateOnly(options: MigrateOnlyOptions): Promise<void> {
  const logger = createLogger({ service: options.service, level: options.logLevel });
  try {
    const dataSource = await new DataSource({
      type: 'postgres',
      url: options.postgresUrl,
      migrations: options.migrations,
    }).initialize();
    try {
      const applied = await migrateExclusively(dataSource, options.lock);
      logger.info(
        { applied },
        applied.length > 0
          ? `applied ${applied.length} migration(s): ${applied.join(', ')}`
          : 'no migration to apply: the schema is current',
      );
    } finally {
      await dataSource.destroy();
    }
    exitWhenDone(0);
  } catch (error) {
    logger.error({ err: error }, 'migrations failed');
    exitWhenDone(1);
  }
}

/**
 * Lets the process end by itself once every connection is closed (telemetry flushes on
 * `beforeExit`), but never later than a few seconds: a stray handle must not keep a hook Job
 * running until its deadline.
 */
function exitWhenDone(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 5_000).unref();
}
