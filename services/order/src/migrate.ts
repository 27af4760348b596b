import { DataSource } from 'typeorm';
import { z } from 'zod';
import { loadConfigOrExit } from '@shop/platform-config';
import { createLogger } from '@shop/platform-telemetry';
import { orderEnvSchema } from './config/order.config.js';
import { migrateExclusively, orderMigrations } from './database/migrations.js';

/**
 * What `MIGRATE_ONLY=true` needs: the store and the log level, nothing else. The chart's hook Job
 * runs before the release's ConfigMap exists and gets only the Secret and a few inline values
 * (docs/adr/0011-deployment.md), so requiring Kafka, Redis or the token settings would fail it.
 */
export const orderMigrateEnvSchema = z.object({
  POSTGRES_URL: orderEnvSchema.shape.POSTGRES_URL,
  LOG_LEVEL: orderEnvSchema.shape.LOG_LEVEL,
});

/** `MIGRATE_ONLY`, validated like every variable (a typo stops the process, named). */
export function migrateOnlyRequested(source: NodeJS.ProcessEnv = process.env): boolean {
  const schema = z.object({ MIGRATE_ONLY: orderEnvSchema.shape.MIGRATE_ONLY });
  return loadConfigOrExit('order', schema, source).MIGRATE_ONLY;
}

/**
 * The migrations the boot runs (`DatabaseModule`), under the same advisory lock, then the process
 * ends: exit code 0 when the schema is current, 1 with the error logged otherwise. Nothing
 * listens; no Kafka consumer, relay or saga sweeper starts.
 */
export async function migrateOnly(source: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadConfigOrExit('order', orderMigrateEnvSchema, source);
  const logger = createLogger({ service: 'order', level: config.LOG_LEVEL });
  try {
    const dataSource = await new DataSource({
      type: 'postgres',
      url: config.POSTGRES_URL,
      migrations: orderMigrations,
    }).initialize();
    try {
      const applied = await migrateExclusively(dataSource);
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
