import { describeMigrateOnly } from '@shop/testing';

describeMigrateOnly({
  main: 'services/order/src/main.ts',
  database: 'order_migrate_only',
  migrations: ['CreateOutbox', 'CreateInbox', 'CreateOrderTables'],
  tables: ['orders', 'order_lines', 'idempotency_keys', 'product_prices', 'outbox', 'inbox'],
});
