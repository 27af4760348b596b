import { z } from 'zod';
import { env, loadConfig, loadConfigOrExit } from '@shop/platform-config';
import {
  checkKafkaSecurityEnv,
  kafkaSecurityEnv,
  kafkaSecurityFromEnv,
  type KafkaSecurity,
} from '@shop/platform-messaging';

/** A CQL identifier: the keyspace name is written into statements, so nothing else gets through. */
const keyspaceName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,47}$/, 'must be a lowercase CQL identifier (letters, digits, _)');

/** Kafka topic characters only: the prefix is prepended to every topic name. */
const topicPrefix = z.string().regex(/^[A-Za-z0-9._-]{0,100}$/, 'must be Kafka topic characters');

export const inventoryEnvSchema = z
  .object({
    // 0 asks the OS for a free port (tests start several instances side by side).
    PORT: z.coerce.number().int().min(0).max(65535).default(3003),
    /** Probes and /metrics listen here, off the API port (0: a free port). */
    MANAGEMENT_PORT: z.coerce.number().int().min(0).max(65535).default(9003),
    HOST: z.string().min(1).default('127.0.0.1'),
    CASSANDRA_CONTACT_POINTS: env.list().pipe(z.array(z.string().min(1)).min(1)),
    CASSANDRA_LOCAL_DATACENTER: z.string().min(1),
    CASSANDRA_KEYSPACE: keyspaceName.default('inventory'),
    /** Used only when the keyspace does not exist yet; operators create production keyspaces. */
    CASSANDRA_REPLICATION_FACTOR: env.positiveInt().max(9).default(1),
    KAFKA_BROKERS: env.list().pipe(z.array(z.string().min(1)).min(1)),
    ...kafkaSecurityEnv,
    KAFKA_TOPIC_PREFIX: topicPrefix.default(''),
    KAFKA_GROUP_ID: z.string().min(1).max(200).default('inventory'),
    RESERVATION_TTL_SECONDS: env.positiveInt().default(900),
    SWEEP_INTERVAL_MS: env.positiveInt().default(5_000),
    RELAY_INTERVAL_MS: env.positiveInt().default(5_000),
    RELAY_GRACE_MS: env.positiveInt().default(30_000),
    AUTH_JWKS_URL: env.url('http', 'https'),
    AUTH_ISSUER: z.string().min(1),
    AUTH_AUDIENCE: z.string().min(1).default('shop-api'),
    CORS_ORIGINS: env.list().default([]),
    LOG_LEVEL: env.logLevel().default('info'),
    /**
     * Fault injection for the crash test: SIGKILL the process after a reservation's outcome is
     * written and before its event is published. Never set it outside tests.
     */
    FAULT_KILL_BEFORE_PUBLISH: env.boolean().default(false),
  })
  .superRefine(checkKafkaSecurityEnv);

export type InventoryEnv = z.infer<typeof inventoryEnvSchema>;

/** The service's settings, grouped by what uses them. */
export interface InventoryConfig {
  http: { port: number; managementPort: number; host: string; corsOrigins: string[] };
  cassandra: {
    contactPoints: string[];
    localDataCenter: string;
    keyspace: string;
    replicationFactor: number;
  };
  kafka: { brokers: string[]; topicPrefix: string; groupId: string; security: KafkaSecurity };
  reservations: { ttlSeconds: number; sweepIntervalMs: number };
  relay: { intervalMs: number; graceMs: number };
  auth: { jwksUrl: string; issuer: string; audience: string };
  logLevel: InventoryEnv['LOG_LEVEL'];
  faults: { killBeforePublish: boolean };
}

/** Nest injection token of {@link InventoryConfig}. */
export const INVENTORY_CONFIG = Symbol('INVENTORY_CONFIG');

export function toInventoryConfig(values: InventoryEnv): InventoryConfig {
  return {
    http: {
      port: values.PORT,
      managementPort: values.MANAGEMENT_PORT,
      host: values.HOST,
      corsOrigins: values.CORS_ORIGINS,
    },
    cassandra: {
      contactPoints: values.CASSANDRA_CONTACT_POINTS,
      localDataCenter: values.CASSANDRA_LOCAL_DATACENTER,
      keyspace: values.CASSANDRA_KEYSPACE,
      replicationFactor: values.CASSANDRA_REPLICATION_FACTOR,
    },
    kafka: {
      brokers: values.KAFKA_BROKERS,
      topicPrefix: values.KAFKA_TOPIC_PREFIX,
      groupId: values.KAFKA_GROUP_ID,
      security: kafkaSecurityFromEnv(values),
    },
    reservations: {
      ttlSeconds: values.RESERVATION_TTL_SECONDS,
      sweepIntervalMs: values.SWEEP_INTERVAL_MS,
    },
    relay: { intervalMs: values.RELAY_INTERVAL_MS, graceMs: values.RELAY_GRACE_MS },
    auth: {
      jwksUrl: values.AUTH_JWKS_URL,
      issuer: values.AUTH_ISSUER,
      audience: values.AUTH_AUDIENCE,
    },
    logLevel: values.LOG_LEVEL,
    faults: { killBeforePublish: values.FAULT_KILL_BEFORE_PUBLISH },
  };
}

/** For tests: the config from a given environment, throwing `ConfigError` on a bad value. */
export function parseInventoryConfig(source: NodeJS.ProcessEnv): InventoryConfig {
  return toInventoryConfig(loadConfig(inventoryEnvSchema, source));
}

/** For `main.ts`: the config, or exit code 1 with each bad variable named. */
export function loadInventoryConfigOrExit(): InventoryConfig {
  return toInventoryConfig(loadConfigOrExit('inventory', inventoryEnvSchema));
}
