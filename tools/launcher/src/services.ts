/**
 * The five services as processes on this machine: what each runs and the environment it gets.
 * `npm start` and the end-to-end suite build their processes from here, so the suite tests the
 * platform the way people run it.
 */
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..', '..');

export type ServiceName = 'auth' | 'catalog' | 'inventory' | 'order' | 'gateway';

/** Started in this order: auth first (everyone fetches its key set), the gateway last. */
export const SERVICE_NAMES: readonly ServiceName[] = [
  'auth',
  'catalog',
  'inventory',
  'order',
  'gateway',
];

export const DEFAULT_PORTS: Record<ServiceName, number> = {
  gateway: 3000,
  auth: 3001,
  catalog: 3002,
  inventory: 3003,
  order: 3004,
};

/** Each service's management listener (probes, `/metrics`): never on its API port. */
export const DEFAULT_MANAGEMENT_PORTS: Record<ServiceName, number> = {
  gateway: 9000,
  auth: 9001,
  catalog: 9002,
  inventory: 9003,
  order: 9004,
};

export interface ServiceSpec {
  name: ServiceName;
  port: number;
  /** Where its probes and `/metrics` are. */
  managementPort: number;
  /** `node` arguments: the TypeScript loader, the telemetry preload, the service's entry. */
  args: string[];
  env: Record<string, string>;
}

/** What differs between `npm start` and one end-to-end run. */
export interface PlatformSettings {
  /** The devstack's connection settings (`.devstack/devstack.env`). */
  devstack: Record<string, string>;
  ports: Record<ServiceName, number>;
  managementPorts: Record<ServiceName, number>;
  /** Postgres database of auth and of order. */
  databases: { auth: string; order: string };
  mongoDatabase: string;
  cassandraKeyspace: string;
  /** Prepended to every Redis key prefix and to every Kafka topic and group. */
  namespace: string;
  otlpEndpoint: string;
  admin: { email: string; password: string };
  logLevel: string;
  /** Per-service extras over the defaults (fault injection, rate limits). */
  overrides?: Partial<Record<ServiceName, Record<string, string>>>;
  /**
   * Whether each service listens on a port of its own behind a front on its public port, as
   * pods behind a Kubernetes Service, so that `Platform.rollingRestart` can replace it while its
   * port stays open. Off by default (`npm start`, the benches): a front is one more hop.
   */
  fronts?: boolean;
}

/** The issuer every token carries and every service expects. */
export const ISSUER = 'https://auth.shop.local';
export const AUDIENCE = 'shop-api';

function postgresUrl(devstackUrl: string, database: string): string {
  const url = new URL(devstackUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

function baseUrl(port: number): string {
  return `http://127.0.0.1:${port}`;
}

function required(devstack: Record<string, string>, name: string): string {
  const value = devstack[name];
  if (!value)
    throw new Error(`${name} is missing from the devstack settings: run npm run infra -- up`);
  return value;
}

function ownEnv(name: ServiceName, s: PlatformSettings): Record<string, string> {
  const d = s.devstack;
  const prefix = (own: string) => `${s.namespace}${own}`;
  switch (name) {
    case 'auth':
      return {
        POSTGRES_URL: postgresUrl(required(d, 'POSTGRES_URL'), s.databases.auth),
        AUTH_REDIS_KEY_PREFIX: prefix('auth:'),
        AUTH_DEV_KEYS: 'true',
        AUTH_DEV_KEYS_FILE: join(ROOT, '.devstack', 'auth', 'dev-signing-key.json'),
        AUTH_ADMIN_EMAIL: s.admin.email,
        AUTH_ADMIN_PASSWORD: s.admin.password,
      };
    case 'catalog':
      return {
        MONGODB_URL: required(d, 'MONGODB_URL'),
        MONGODB_DATABASE: s.mongoDatabase,
        REDIS_KEY_PREFIX: prefix('catalog:'),
      };
    case 'inventory':
      return {
        CASSANDRA_CONTACT_POINTS: required(d, 'CASSANDRA_CONTACT_POINTS'),
        CASSANDRA_LOCAL_DATACENTER: required(d, 'CASSANDRA_LOCAL_DATACENTER'),
        CASSANDRA_KEYSPACE: s.cassandraKeyspace,
        KAFKA_GROUP_ID: prefix('inventory'),
      };
    case 'order':
      return {
        POSTGRES_URL: postgresUrl(required(d, 'POSTGRES_URL'), s.databases.order),
        REDIS_KEY_PREFIX: prefix('order:'),
        KAFKA_GROUP_ID: prefix('order'),
      };
    case 'gateway':
      return {
        REDIS_KEY_PREFIX: prefix('gateway:'),
        AUTH_SERVICE_URL: baseUrl(s.ports.auth),
        CATALOG_SERVICE_URL: baseUrl(s.ports.catalog),
        INVENTORY_SERVICE_URL: baseUrl(s.ports.inventory),
        ORDER_SERVICE_URL: baseUrl(s.ports.order),
      };
  }
}

/** The process of one service, with the settings every service shares and its own. */
export function serviceSpec(name: ServiceName, s: PlatformSettings): ServiceSpec {
  const env: Record<string, string> = {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(s.ports[name]),
    MANAGEMENT_PORT: String(s.managementPorts[name]),
    ...trustedProxies(name),
    LOG_LEVEL: s.logLevel,
    REDIS_URL: required(s.devstack, 'REDIS_URL'),
    KAFKA_BROKERS: required(s.devstack, 'KAFKA_BROKERS'),
    KAFKA_TOPIC_PREFIX: s.namespace,
    AUTH_JWKS_URL: `${baseUrl(s.ports.auth)}/.well-known/jwks.json`,
    AUTH_ISSUER: ISSUER,
    AUTH_AUDIENCE: AUDIENCE,
    OTEL_SERVICE_NAME: name,
    OTEL_EXPORTER_OTLP_ENDPOINT: s.otlpEndpoint,
    ...ownEnv(name, s),
    ...s.overrides?.[name],
  };
  const args = [
    // The telemetry preload's loader hook resolves in a thread of its own, which the SWC loader's
    // in-thread hooks do not reach: the condition must be Node's own for workspace packages to
    // resolve to their sources there too.
    '--conditions=@shop/source',
    '--import',
    join(ROOT, 'tools', 'ts-loader', 'register.mjs'),
    '--import',
    join(ROOT, 'libs', 'platform', 'telemetry', 'src', 'register.ts'),
    join(ROOT, 'services', name, 'src', 'main.ts'),
  ];
  return { name, port: s.ports[name], managementPort: s.managementPorts[name], args, env };
}

/**
 * The gateway trusts no proxy: clients reach it directly here, so the address it sees is the
 * client's (a run that stands for an ingress in front says `TRUSTED_PROXIES: '1'` in its
 * overrides). Every other service is reached only through the gateway, which sends the one
 * address it resolved: they trust that one hop, as on the cluster.
 */
function trustedProxies(name: ServiceName): Record<string, string> {
  return name === 'gateway' ? {} : { TRUSTED_PROXIES: '1' };
}

export function serviceUrl(spec: ServiceSpec): string {
  return baseUrl(spec.port);
}

/** Base URL of the service's management listener: `/health/ready`, `/metrics`. */
export function managementUrl(spec: ServiceSpec): string {
  return baseUrl(spec.managementPort);
}
