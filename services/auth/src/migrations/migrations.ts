import { CreateOutbox1763769600000 } from '@shop/platform-messaging';
import { CreateAuthTables1763856000000 } from './create-auth-tables.migration.js';

/** Every migration of the service's database, in order. */
export const authMigrations = [CreateOutbox1763769600000, CreateAuthTables1763856000000];

/** Replicas starting together take turns; the id is this service's, per database. */
export const MIGRATION_LOCK = 'auth.migrations';
