import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the devstack's own sources are (pom files, the FerretDB wrapper). */
export const devstackDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = resolve(devstackDir, '..', '..');

/**
 * Everything the devstack writes (downloads, data, logs, pid files, the env file) lives under
 * one ignored folder, so that `rm -rf .devstack` is a full reset.
 */
export const home = resolve(process.env.DEVSTACK_HOME ?? join(repoRoot, '.devstack'));

export const paths = {
  home,
  // A second stack beside the first (the chaos suite restarts servers of its own) shares the
  // downloads instead of fetching Kafka and Cassandra again.
  downloads: resolve(process.env.DEVSTACK_DOWNLOADS ?? join(home, 'downloads')),
  data: join(home, 'data'),
  logs: join(home, 'logs'),
  run: join(home, 'run'),
  envFile: join(home, 'devstack.env'),
};

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0 || value > 65535 * 1024) {
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}

function stringFromEnv(name: string, fallback: string): string {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? fallback : raw;
}

/**
 * Ports sit away from each server's usual one so that the devstack never collides with a
 * Postgres or Redis a developer already runs. Heap sizes fit a 2-core, 24 GiB machine that
 * also runs five services and the tests.
 */
export const settings = {
  host: '127.0.0.1',
  postgres: {
    port: intFromEnv('DEVSTACK_POSTGRES_PORT', 54329),
    sharedBuffersMb: intFromEnv('DEVSTACK_POSTGRES_SHARED_BUFFERS_MB', 128),
    maxConnections: intFromEnv('DEVSTACK_POSTGRES_MAX_CONNECTIONS', 300),
    user: 'shop',
    password: 'shop',
    database: 'shop',
    serviceDatabases: ['auth', 'order'],
    superPassword: 'postgres',
  },
  redis: {
    port: intFromEnv('DEVSTACK_REDIS_PORT', 63799),
    maxMemoryMb: intFromEnv('DEVSTACK_REDIS_MAXMEMORY_MB', 256),
  },
  kafka: {
    version: '3.9.1',
    port: intFromEnv('DEVSTACK_KAFKA_PORT', 19092),
    controllerPort: intFromEnv('DEVSTACK_KAFKA_CONTROLLER_PORT', 19093),
    /** A second listener that takes only SASL SCRAM logins, for the security tests. */
    saslPort: intFromEnv('DEVSTACK_KAFKA_SASL_PORT', 19094),
    /** A third listener that speaks TLS only, with a self-signed certificate made on first start. */
    tlsPort: intFromEnv('DEVSTACK_KAFKA_TLS_PORT', 19095),
    /** The SCRAM user (both SHA-256 and SHA-512) the devstack writes on every `up`. */
    scramUser: 'shop',
    scramPassword: 'shop-scram-secret',
    heapMb: intFromEnv('DEVSTACK_KAFKA_HEAP_MB', 512),
    partitions: intFromEnv('DEVSTACK_KAFKA_PARTITIONS', 3),
  },
  cassandra: {
    version: '5.0.9',
    port: intFromEnv('DEVSTACK_CASSANDRA_PORT', 19042),
    storagePort: intFromEnv('DEVSTACK_CASSANDRA_STORAGE_PORT', 17000),
    jmxPort: intFromEnv('DEVSTACK_CASSANDRA_JMX_PORT', 17199),
    heapMb: intFromEnv('DEVSTACK_CASSANDRA_HEAP_MB', 1024),
    datacenter: 'datacenter1',
  },
  ferretdb: {
    port: intFromEnv('DEVSTACK_FERRETDB_PORT', 27019),
  },
  java: stringFromEnv('DEVSTACK_JAVA', ''),
  /** How long `up` waits for one server to answer its first query. */
  readyTimeoutMs: intFromEnv('DEVSTACK_READY_TIMEOUT_MS', 180_000),
};
