import 'reflect-metadata';
import { bootstrapHttpService } from '@shop/platform-http';
import { orderHttpOptions } from './config/http.config.js';
import { loadOrderConfigOrExit } from './config/order.config.js';
import { migrateOnly, migrateOnlyRequested } from './migrate.js';

// MIGRATE_ONLY=true: the chart's hook Job (docs/adr/0011-deployment.md). Otherwise the boot
// migrates too (DatabaseModule), so a pod without the Job, and `npm start`, still work.
if (migrateOnlyRequested()) {
  await migrateOnly();
} else {
  const config = loadOrderConfigOrExit();
  await bootstrapHttpService({
    ...orderHttpOptions(config),
    port: config.http.port,
    managementPort: config.http.managementPort,
    host: config.http.host,
  });
}
