import { Global, Module, type DynamicModule } from '@nestjs/common';
import { z } from 'zod';
import { env } from '@shop/platform-config';

/**
 * A service's base URL: an http(s) origin without path or query, because every route's upstream
 * path is absolute and a base path would silently be dropped.
 */
const serviceUrl = () =>
  env.url('http', 'https').refine(
    (value) => {
      const url = new URL(value);
      return url.pathname === '/' && !url.search && !url.hash && !url.username;
    },
    { message: 'must be an origin such as http://catalog:3002 (no path, query or credentials)' },
  );

/** A request count per window; the bound only keeps typos (an extra zero or three) visible. */
const limit = () => env.positiveInt().max(10_000_000);

/**
 * The gateway's environment. Every variable is documented in `.env.example`; a missing or bad
 * one stops the process at boot and is named (`loadConfigOrExit`).
 */
export const gatewayConfigSchema = z.object({
  PORT: env.port().default(3000),
  /** Probes and /metrics listen here, off the API port (0: a free port). */
  MANAGEMENT_PORT: z.coerce.number().int().min(0).max(65535).default(9000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: env.logLevel().default('info'),
  CORS_ORIGINS: env.list().default([]),
  REDIS_URL: env.url('redis', 'rediss'),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{0,64}$/, 'must be up to 64 letters, digits or _.:-')
    .default('gateway:'),
  AUTH_SERVICE_URL: serviceUrl(),
  CATALOG_SERVICE_URL: serviceUrl(),
  INVENTORY_SERVICE_URL: serviceUrl(),
  ORDER_SERVICE_URL: serviceUrl(),
  AUTH_JWKS_URL: env.url('http', 'https'),
  AUTH_ISSUER: z.string().min(1),
  AUTH_AUDIENCE: z.string().min(1),
  UPSTREAM_TIMEOUT_MS: env.positiveInt().max(120_000).default(5_000),
  AVAILABILITY_TIMEOUT_MS: env.positiveInt().max(10_000).default(300),
  CIRCUIT_FAILURE_THRESHOLD: env.positiveInt().max(1_000).default(5),
  CIRCUIT_OPEN_MS: env.positiveInt().max(600_000).default(5_000),
  RATE_LIMIT_WINDOW_SECONDS: env.positiveInt().max(86_400).default(60),
  RATE_LIMIT_PER_IP: limit().default(1_200),
  RATE_LIMIT_PER_CUSTOMER: limit().default(600),
  RATE_LIMIT_LOGIN_PER_IP: limit().default(20),
  RATE_LIMIT_CHECKOUT_PER_CUSTOMER: limit().default(30),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

/** Injection token of the validated {@link GatewayConfig}. */
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

/** Makes the validated config injectable everywhere (`@Inject(GATEWAY_CONFIG)`). */
@Global()
@Module({})
export class GatewayConfigModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayConfigModule,
      providers: [{ provide: GATEWAY_CONFIG, useValue: config }],
      exports: [GATEWAY_CONFIG],
    };
  }
}
