import { z } from 'zod';
import { loadConfigOrExit } from '@shop/platform-config';
import { migrateOnly as runMigrateOnly } from '@shop/platform-postgres';
import { orderEnvSchema } from './config/order.config.js';
import { orderMigrations, MIGRATION_LOCK } from './database/migrations.js';

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

/** The migrations the boot runs, under the same lock, then the process ends (the hook Job). */
export async function migrateOnly(source: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadConfigOrExit('order', orderMigrateEnvSchema, source);
  await runMigrateOnly({
    service: 'order',
    postgresUrl: config.POSTGRES_URL,
    logLevel: config.LOG_LEVEL,
    migrations: orderMigrations,
    lock: MIGRATION_LOCK,
  });
}
