export { migrateExclusively, migrateOnly, type MigrateOnlyOptions } from './migrations.js';
