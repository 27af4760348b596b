import type { LoggerService } from '@nestjs/common';
import type { HttpAppOptions } from '@shop/platform-http';
import { createLogger, NestPinoLogger } from '@shop/platform-telemetry';
import { AppModule } from '../app.module.js';
import type { AuthConfig } from './auth.config.js';

/**
 * Every request body here is a few hundred bytes (the longest: a 254-character email and a
 * 128-character password); 16 KiB leaves room and refuses the rest with 413 before parsing.
 */
export const AUTH_BODY_LIMIT_BYTES = 16 * 1024;

/** How the auth service's HTTP app is built: by `main.ts`, and by the tests and the benchmark. */
export function authHttpOptions(
  config: AuthConfig,
  logger: LoggerService = new NestPinoLogger(
    createLogger({ service: 'auth', level: config.logLevel }),
  ),
): HttpAppOptions {
  return {
    module: AppModule.forRoot(config),
    serviceName: 'auth',
    cors: { origins: config.http.corsOrigins },
    bodyLimitBytes: AUTH_BODY_LIMIT_BYTES,
    logger,
    openApi: {
      title: 'Auth API',
      version: '1.0.0',
      description: 'Accounts, login, token refresh and the signing keys of access tokens.',
    },
  };
}
