import { describeMigrateOnly } from '@shop/testing';

describeMigrateOnly({
  main: 'services/auth/src/main.ts',
  database: 'auth_migrate_only',
  migrations: ['CreateOutbox', 'CreateAuthTables'],
  tables: ['users', 'refresh_token_families', 'refresh_tokens', 'outbox'],
});
