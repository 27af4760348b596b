import 'reflect-metadata';
import { bootstrapHttpService } from '@shop/platform-http';
import { loadAuthConfigOrExit } from './config/auth.config.js';
import { authHttpOptions } from './config/http.config.js';

const config = loadAuthConfigOrExit();
await bootstrapHttpService({
  ...authHttpOptions(config),
  port: config.http.port,
  host: config.http.host,
});
