import 'reflect-metadata';
import { loadConfigOrExit } from '@shop/platform-config';
import { bootstrapHttpService } from '@shop/platform-http';
import { createLogger, NestPinoLogger } from '@shop/platform-telemetry';
import { AppModule } from './app.module.js';
import { catalogConfigSchema } from './config/catalog.config.js';

const config = loadConfigOrExit('catalog', catalogConfigSchema);

await bootstrapHttpService({
  module: AppModule.forRoot(config),
  serviceName: 'catalog',
  port: config.PORT,
  managementPort: config.MANAGEMENT_PORT,
  host: config.HOST,
  cors: { origins: config.CORS_ORIGINS },
  logger: new NestPinoLogger(createLogger({ service: 'catalog', level: config.LOG_LEVEL })),
  openApi: { title: 'Catalog API', version: '1.0.0' },
});
