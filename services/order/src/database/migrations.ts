import { CreateInbox1763769600001, CreateOutbox1763769600000 } from '@shop/platform-messaging';
import { CreateOrderTables1763942400000 } from './create-order-tables.migration.js';

/** Every migration of the service's database, in order. */
export const orderMigrations = [
  CreateOutbox1763769600000,
  CreateInbox1763769600001,
  CreateOrderTables1763942400000,
];

/** Replicas starting together take turns; the id is this service's, per database. */
export const MIGRATION_LOCK = 'order.migrations';
