import type { LoggerService } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { loadConfig } from '@shop/platform-config';
import { createHttpApp, parseTrustedProxies } from '@shop/platform-http';
import { devstackEnv, uniqueName } from '@shop/testing';
import { gatewayConfigSchema, type GatewayConfig } from '../../src/config/gateway.config.js';
import { gatewayHttpOptions } from '../../src/config/http.config.js';
import { AUDIENCE, ISSUER } from './auth.js';

/** The services a test stands in for, by their base URLs. */
export interface Upstreams {
  auth: string;
  catalog: string;
  inventory: string;
  order: string;
}

/**
 * One test file's gateway environment: its own Redis key prefix, the stand-ins as upstreams,
 * short timeouts so that failures show quickly. As strings, what a child process would get.
 */
export function testEnvironment(
  name: string,
  upstreams: Upstreams,
  jwksUrl: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    HOST: '127.0.0.1',
    REDIS_URL: devstackEnv().REDIS_URL,
    REDIS_KEY_PREFIX: `${uniqueName(name)}:`,
    AUTH_SERVICE_URL: upstreams.auth,
    CATALOG_SERVICE_URL: upstreams.catalog,
    INVENTORY_SERVICE_URL: upstreams.inventory,
    ORDER_SERVICE_URL: upstreams.order,
    AUTH_JWKS_URL: jwksUrl,
    AUTH_ISSUER: ISSUER,
    AUTH_AUDIENCE: AUDIENCE,
    UPSTREAM_TIMEOUT_MS: '1000',
    AVAILABILITY_TIMEOUT_MS: '300',
    CIRCUIT_FAILURE_THRESHOLD: '5',
    CIRCUIT_OPEN_MS: '1000',
    LOG_LEVEL: 'warn',
    ...overrides,
  };
}

/** One log call of the app. */
export interface LogEntry {
  level: string;
  message: unknown;
}

/** Keeps the app's log for assertions and prints nothing. */
export class CapturingLogger implements LoggerService {
  readonly entries: LogEntry[] = [];
  log = (message: unknown) => void this.entries.push({ level: 'log', message });
  error = (message: unknown) => void this.entries.push({ level: 'error', message });
  warn = (message: unknown) => void this.entries.push({ level: 'warn', message });
  debug = (message: unknown) => void this.entries.push({ level: 'debug', message });
  verbose = (message: unknown) => void this.entries.push({ level: 'verbose', message });
  fatal = (message: unknown) => void this.entries.push({ level: 'fatal', message });
}

export interface RunningGateway {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** `url` + `/api/v1`. */
  api: string;
  /** The management listener: probes and `/metrics`. */
  managementUrl: string;
  config: GatewayConfig;
  logger: CapturingLogger;
  /** What it logged as failures of its own (5xx it could not explain): must stay empty. */
  faults(): unknown[];
  close(): Promise<void>;
}

/** The gateway in this process, listening on a free port of 127.0.0.1. */
export async function startGateway(environment: Record<string, string>): Promise<RunningGateway> {
  const config = loadConfig(gatewayConfigSchema, environment);
  const logger = new CapturingLogger();
  const { app, management, shutdown } = await createHttpApp({
    ...gatewayHttpOptions(config, logger),
    // What the platform reads from the process's environment in main.ts, from the test's here.
    trustProxy: parseTrustedProxies(environment.TRUSTED_PROXIES),
    shutdownTimeoutMs: 15_000,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const managementUrl = await management.listen(0, '127.0.0.1');
  return {
    url,
    api: `${url}/api/v1`,
    managementUrl,
    config,
    logger,
    faults: () =>
      logger.entries
        .filter((entry) => entry.level === 'error' || entry.level === 'fatal')
        .map((entry) => entry.message),
    close: () => shutdown('test done'),
  };
}

/** Removes the file's rate-limit counters. */
export async function dropKeys(prefix: string): Promise<void> {
  const redis = new Redis(devstackEnv().REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } catch {
    // They expire with their window anyway.
  } finally {
    redis.disconnect();
  }
}
