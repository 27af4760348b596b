import type { LoggerService } from '@nestjs/common';
import type { HttpAppOptions } from '@shop/platform-http';
import { createLogger, NestPinoLogger } from '@shop/platform-telemetry';
import { AppModule } from '../app.module.js';
import type { GatewayConfig } from './gateway.config.js';

/**
 * The largest body a storefront or admin request needs is a product with its description,
 * attributes and images (about 50 KB at the catalog's own limits); anything larger is refused
 * with 413 before it reaches a service.
 */
export const GATEWAY_BODY_LIMIT_BYTES = 64 * 1024;

/** How the gateway's HTTP app is built: by `main.ts` and by the tests. */
export function gatewayHttpOptions(
  config: GatewayConfig,
  logger: LoggerService = new NestPinoLogger(
    createLogger({ service: 'gateway', level: config.LOG_LEVEL }),
  ),
): HttpAppOptions {
  return {
    module: AppModule.forRoot(config),
    serviceName: 'gateway',
    globalPrefix: 'api/v1',
    cors: { origins: config.CORS_ORIGINS },
    bodyLimitBytes: GATEWAY_BODY_LIMIT_BYTES,
    logger,
    // No `openApi`: the platform would describe the gateway's generated handlers; the gateway
    // serves the storefront document it builds from its route table instead (DocsModule).
  };
}
