import type { LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { loadConfig } from '@shop/platform-config';
import { createHttpApp } from '@shop/platform-http';
import { devstackEnv, provisionTestTopics, testTopicPrefix, uniqueName } from '@shop/testing';
import { AppModule } from '../../src/app.module.js';
import { catalogConfigSchema, type CatalogConfig } from '../../src/config/catalog.config.js';
import { connectMongo } from '../../src/database/database.module.js';
import { AUDIENCE, ISSUER } from './auth.js';

/**
 * The environment of one test file's catalog: its own MongoDB database, Redis key prefix and
 * Kafka topic prefix, so files never see each other's data. As strings, exactly what a child
 * process gets; `testConfig` parses it with the service's own schema.
 */
export function testEnvironment(name: string, jwksUrl: string): Record<string, string> {
  const devstack = devstackEnv();
  return {
    PORT: '3002',
    HOST: '127.0.0.1',
    MONGODB_URL: devstack.MONGODB_URL,
    MONGODB_DATABASE: uniqueName(name),
    REDIS_URL: devstack.REDIS_URL,
    REDIS_KEY_PREFIX: `${uniqueName(name)}:`,
    KAFKA_BROKERS: devstack.KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: testTopicPrefix(name),
    AUTH_JWKS_URL: jwksUrl,
    AUTH_ISSUER: ISSUER,
    AUTH_AUDIENCE: AUDIENCE,
    LOG_LEVEL: 'warn',
  };
}

export function testConfig(environment: Record<string, string>): CatalogConfig {
  return loadConfig(catalogConfigSchema, environment);
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

export interface RunningCatalog {
  url: string;
  app: NestFastifyApplication;
  /** The management listener: probes and `/metrics`. */
  managementUrl: string;
  config: CatalogConfig;
  logger: CapturingLogger;
  close(): Promise<void>;
}

/** The catalog in this process (`createHttpApp`), listening on a free port of 127.0.0.1. */
export async function startCatalog(config: CatalogConfig): Promise<RunningCatalog> {
  const logger = new CapturingLogger();
  await provisionTestTopics({ KAFKA_TOPIC_PREFIX: config.KAFKA_TOPIC_PREFIX });
  const { app, management, shutdown } = await createHttpApp({
    module: AppModule.forRoot(config),
    serviceName: 'catalog',
    cors: { origins: [] },
    logger,
    shutdownTimeoutMs: 15_000,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    managementUrl: await management.listen(0, '127.0.0.1'),
    app,
    config,
    logger,
    close: () => shutdown('test done'),
  };
}

/** What the app logged as a failed request: every 5xx, with its cause. */
export function unexpectedFailures(catalog: RunningCatalog): unknown[] {
  return catalog.logger.entries
    .filter((entry) => entry.level === 'error')
    .map((entry) => entry.message)
    .filter((message) => /request failed/.test(JSON.stringify(message)));
}

/** A connection to the test file's database, for seeding and for looking behind the API. */
export function openDatabase(config: CatalogConfig): Promise<Connection> {
  return connectMongo(config.MONGODB_URL, config.MONGODB_DATABASE);
}

/** Drops the file's database and its Redis keys. */
export async function cleanUp(
  config: CatalogConfig,
  connection: Connection | undefined,
): Promise<void> {
  await connection?.dropDatabase();
  await connection?.close();
  const redis = new Redis(devstackEnv().REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const keys = await redis.keys(`${config.REDIS_KEY_PREFIX}*`);
    if (keys.length > 0) await redis.del(...keys);
  } catch {
    // The keys expire within the cache TTL anyway; a test that stopped Redis must not fail here.
  } finally {
    redis.disconnect();
  }
}
