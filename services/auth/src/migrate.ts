import { z } from 'zod';
import { loadConfigOrExit } from '@shop/platform-config';
import { migrateOnly as runMigrateOnly } from '@shop/platform-postgres';
import { authEnvSchema } from './config/auth.config.js';
import { authMigrations, MIGRATION_LOCK } from './migrations/migrations.js';

/**
 * What `MIGRATE_ONLY=true` needs: the store and the log level, nothing else. The chart's hook Job
 * runs before the release's ConfigMap exists and gets only the Secret and a few inline values
 * (docs/adr/0011-deployment.md), so requiring Kafka, Redis or the token settings would fail it.
 */
export const authMigrateEnvSchema = z.object({
  POSTGRES_URL: authEnvSchema.shape.POSTGRES_URL,
  LOG_LEVEL: authEnvSchema.shape.LOG_LEVEL,
});

/** `MIGRATE_ONLY`, validated like every variable (a typo stops the process, named). */
export function migrateOnlyRequested(source: NodeJS.ProcessEnv = process.env): boolean {
  const schema = z.object({ MIGRATE_ONLY: authEnvSchema.shape.MIGRATE_ONLY });
  return loadConfigOrExit('auth', schema, source).MIGRATE_ONLY;
}

/** The migrations the boot runs, under the same lock, then the process ends (the hook Job). */
export async function migrateOnly(source: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadConfigOrExit('auth', authMigrateEnvSchema, source);
  await runMigrateOnly({
    service: 'auth',
    postgresUrl: config.POSTGRES_URL,
    logLevel: config.LOG_LEVEL,
    migrations: authMigrations,
    lock: MIGRATION_LOCK,
  });
}
