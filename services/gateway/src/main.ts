// Started with `node --import @shop/platform-telemetry/register`, so the HTTP and undici
// instrumentations are in place before any module below loads: every upstream call carries
// `traceparent`.
import 'reflect-metadata';
import { loadConfigOrExit } from '@shop/platform-config';
import { bootstrapHttpService } from '@shop/platform-http';
import { gatewayConfigSchema } from './config/gateway.config.js';
import { gatewayHttpOptions } from './config/http.config.js';

const config = loadConfigOrExit('gateway', gatewayConfigSchema);

await bootstrapHttpService({
  ...gatewayHttpOptions(config),
  port: config.PORT,
  managementPort: config.MANAGEMENT_PORT,
  host: config.HOST,
});
