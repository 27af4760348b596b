import 'reflect-metadata';
import { bootstrapHttpService } from '@shop/platform-http';
import { orderHttpOptions } from './config/http.config.js';
import { loadOrderConfigOrExit } from './config/order.config.js';

const config = loadOrderConfigOrExit();
await bootstrapHttpService({
  ...orderHttpOptions(config),
  port: config.http.port,
  host: config.http.host,
});
