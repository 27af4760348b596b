import { z } from 'zod';
import { currencySchema } from '@shop/contracts';
import { env, loadConfig, loadConfigOrExit } from '@shop/platform-config';
import {
  checkKafkaSecurityEnv,
  kafkaSecurityEnv,
  kafkaSecurityFromEnv,
  type KafkaSecurity,
} from '@shop/platform-messaging';

/** `host:port`, as KafkaJS wants each broker. */
const brokerSchema = z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'must be host:port');

/** The service's environment. `.env.example` describes every variable. */
export const orderEnvSchema = z
  .object({
    PORT: env.port().default(3004),
    /** Probes and /metrics listen here, off the API port (0: a free port). */
    MANAGEMENT_PORT: z.coerce.number().int().min(0).max(65535).default(9004),
    HOST: z.string().min(1).default('127.0.0.1'),
    POSTGRES_URL: env.url('postgres', 'postgresql'),
    REDIS_URL: env.url('redis', 'rediss'),
    /** Namespaces cart keys and status channels, so environments (or test files) can share a Redis. */
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{0,64}$/, 'must be up to 64 letters, digits or _.:-')
      .default('order:'),
    KAFKA_BROKERS: env.list().pipe(z.array(brokerSchema).min(1, 'must name at least one broker')),
    ...kafkaSecurityEnv,
    KAFKA_TOPIC_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9._-]{0,100}$/, 'must be letters, digits, . _ or -')
      .default(''),
    KAFKA_GROUP_ID: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,200}$/, 'must be 1-200 letters, digits, . _ or -')
      .default('order'),
    SAGA_TIMEOUT_SECONDS: env.positiveInt().max(86_400).default(300),
    CART_TTL_SECONDS: env
      .positiveInt()
      .max(90 * 86_400)
      .default(7 * 86_400),
    /** The store's one currency: an empty cart's total, and the only one a cart accepts. */
    STORE_CURRENCY: currencySchema.default('EUR'),
    PAYMENT_DECLINE_RATE: z.coerce.number().min(0).max(1).default(0),
    PAYMENT_LATENCY_MS: z.coerce.number().int().min(0).max(30_000).default(50),
    PAYMENT_OUTAGE: env.boolean().default(false),
    AUTH_JWKS_URL: env.url('http', 'https'),
    AUTH_ISSUER: z.string().min(1),
    AUTH_AUDIENCE: z.string().min(1),
    CORS_ORIGINS: env.list().default([]),
    LOG_LEVEL: env.logLevel().default('info'),
    /** Run the migrations and exit, without serving: the chart's hook Job (src/migrate.ts). */
    MIGRATE_ONLY: env.boolean().default(false),
    /** Fault injection for the crash-window test: SIGKILL right after a checkout commits. */
    FAULT_KILL_AFTER_CHECKOUT_COMMIT: env.boolean().default(false),
  })
  .superRefine(checkKafkaSecurityEnv);

export type OrderEnv = z.infer<typeof orderEnvSchema>;

/** The service's configuration, grouped by concern. */
export interface OrderConfig {
  http: { port: number; managementPort: number; host: string; corsOrigins: string[] };
  logLevel: OrderEnv['LOG_LEVEL'];
  postgresUrl: string;
  redis: { url: string; keyPrefix: string };
  kafka: { brokers: string[]; topicPrefix: string; groupId: string; security: KafkaSecurity };
  saga: {
    /** A PENDING order older than this is cancelled (`saga-timeout`). */
    timeoutMs: number;
    /** How often each replica looks for overdue orders. */
    sweepIntervalMs: number;
  };
  cart: { ttlSeconds: number; currency: string };
  payment: { declineRate: number; latencyMs: number; outage: boolean };
  auth: { jwksUrl: string; issuer: string; audience: string };
  faults: { killAfterCheckoutCommit: boolean };
}

/**
 * A quarter of the timeout, between 200 ms and 5 s: an overdue order waits at most that long past
 * its deadline, and a long timeout does not need a busy sweep.
 */
export function sweepIntervalFor(timeoutMs: number): number {
  return Math.min(5_000, Math.max(200, Math.round(timeoutMs / 4)));
}

export function toOrderConfig(vars: OrderEnv): OrderConfig {
  const timeoutMs = vars.SAGA_TIMEOUT_SECONDS * 1_000;
  return {
    http: {
      port: vars.PORT,
      managementPort: vars.MANAGEMENT_PORT,
      host: vars.HOST,
      corsOrigins: vars.CORS_ORIGINS,
    },
    logLevel: vars.LOG_LEVEL,
    postgresUrl: vars.POSTGRES_URL,
    redis: { url: vars.REDIS_URL, keyPrefix: vars.REDIS_KEY_PREFIX },
    kafka: {
      brokers: vars.KAFKA_BROKERS,
      topicPrefix: vars.KAFKA_TOPIC_PREFIX,
      groupId: vars.KAFKA_GROUP_ID,
      security: kafkaSecurityFromEnv(vars),
    },
    saga: { timeoutMs, sweepIntervalMs: sweepIntervalFor(timeoutMs) },
    cart: { ttlSeconds: vars.CART_TTL_SECONDS, currency: vars.STORE_CURRENCY },
    payment: {
      declineRate: vars.PAYMENT_DECLINE_RATE,
      latencyMs: vars.PAYMENT_LATENCY_MS,
      outage: vars.PAYMENT_OUTAGE,
    },
    auth: { jwksUrl: vars.AUTH_JWKS_URL, issuer: vars.AUTH_ISSUER, audience: vars.AUTH_AUDIENCE },
    faults: { killAfterCheckoutCommit: vars.FAULT_KILL_AFTER_CHECKOUT_COMMIT },
  };
}

/** The configuration from `source`; throws `ConfigError` naming every bad variable. */
export function parseOrderConfig(source: NodeJS.ProcessEnv = process.env): OrderConfig {
  return toOrderConfig(loadConfig(orderEnvSchema, source));
}

/** For `main.ts`: the configuration, or one line per bad variable and exit code 1. */
export function loadOrderConfigOrExit(source: NodeJS.ProcessEnv = process.env): OrderConfig {
  return toOrderConfig(loadConfigOrExit('order', orderEnvSchema, source));
}
