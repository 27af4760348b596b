import {
  createTestDatabase,
  devstackEnv,
  freePort,
  testTopicPrefix,
  uniqueName,
  type TestDatabase,
} from '@shop/testing';
import { Platform } from './platform.ts';
import { seedDemo, type Credentials } from './seed.ts';
import { SERVICE_NAMES, type ServiceName } from './services.ts';

/**
 * Gateway rate limits for runs that load the platform from one client address with a handful
 * of customers (load, bench, flash sale, faults, fuzzing): high enough that the runs measure the
 * services, not the limiter. The attack suite keeps the real ones, because it proves them.
 */
export const LOAD_RATE_LIMITS: Readonly<Record<string, string>> = {
  RATE_LIMIT_PER_IP: '10000000',
  RATE_LIMIT_PER_CUSTOMER: '10000000',
  RATE_LIMIT_LOGIN_PER_IP: '10000000',
  RATE_LIMIT_CHECKOUT_PER_CUSTOMER: '10000000',
};

export interface IsolatedPlatformOptions {
  /** Names its databases, keyspace, Redis prefixes and topics: `e2e`, `load`, `bench`. */
  name: string;
  products: number;
  admin: Credentials;
  customer: Credentials & { displayName: string };
  /** Where spans go (default: a port where nothing listens, so they are dropped). */
  otlpEndpoint?: string;
  /** Per-service environment over the launcher's defaults. */
  overrides?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Progress lines (starting, seeding); the services' own output is kept for `lastOutput`. */
  log?: (line: string) => void;
  /** Each service behind a front on its port, for `platform.rollingRestart` (default off). */
  fronts?: boolean;
}

/**
 * The whole platform beside whatever else runs on this machine: the five services as processes
 * on free ports (never 3000–3004, where `npm start` runs), each with its own Postgres databases,
 * Cassandra keyspace, MongoDB database, Redis prefixes and Kafka topics, seeded the way
 * `npm start` seeds. The end-to-end suite, the load smoke test and the bench all start it.
 */
export class IsolatedPlatform {
  private constructor(
    readonly platform: Platform,
    private readonly databases: TestDatabase[],
    private readonly output: string[],
  ) {}

  static async start(options: IsolatedPlatformOptions): Promise<IsolatedPlatform> {
    const log = options.log ?? (() => undefined);
    const { name } = options;
    const databases = [
      await createTestDatabase(`${name}_auth`),
      await createTestDatabase(`${name}_order`),
    ];
    const ports = {} as Record<ServiceName, number>;
    const managementPorts = {} as Record<ServiceName, number>;
    for (const service of SERVICE_NAMES) {
      ports[service] = await freePort();
      managementPorts[service] = await freePort();
    }
    const output: string[] = [];
    const platform = new Platform(
      {
        devstack: { ...devstackEnv() },
        ports,
        managementPorts,
        databases: { auth: databases[0].name, order: databases[1].name },
        mongoDatabase: uniqueName(`${name}_catalog`),
        cassandraKeyspace: uniqueName(`${name}_inventory`),
        namespace: testTopicPrefix(name),
        otlpEndpoint: options.otlpEndpoint ?? `http://127.0.0.1:${await freePort()}`,
        admin: options.admin,
        logLevel: 'warn',
        overrides: options.overrides ?? {},
        fronts: options.fronts ?? false,
      },
      { line: (text) => output.push(text) },
    );
    const run = new IsolatedPlatform(platform, databases, output);
    try {
      log(`starting the five services on ports ${SERVICE_NAMES.map((s) => ports[s]).join(', ')}`);
      await platform.start();
      log(`seeding ${options.products} products and their stock`);
      await seedDemo({
        urls: {
          auth: platform.url('auth'),
          catalog: platform.url('catalog'),
          inventory: platform.url('inventory'),
          order: platform.url('order'),
        },
        catalog: platform.specs.catalog,
        products: options.products,
        admin: options.admin,
        customer: options.customer,
        log: (line) => output.push(`[seed] ${line}`),
      });
    } catch (error) {
      await run.stop();
      throw new Error(`${(error as Error).message}\n${run.lastOutput()}`);
    }
    return run;
  }

  /** The storefront API's base URL. */
  get api(): string {
    return `${this.platform.url('gateway')}/api/v1`;
  }

  /** Restarts one service with extra environment (or its own again when `extra` is empty). */
  async restart(name: ServiceName, extra: Record<string, string> = {}): Promise<void> {
    await this.platform.supervisor.stop(name);
    const spec = this.platform.specs[name];
    this.platform.specs[name] = { ...spec, env: { ...spec.env, ...extra } };
    try {
      await this.platform.restart(name);
    } finally {
      this.platform.specs[name] = spec;
    }
  }

  /** The last lines the services printed, to explain a failure. */
  lastOutput(lines = 80): string {
    return this.output.slice(-lines).join('\n');
  }

  /** Every line the services printed that matches `pattern`, e.g. their logged failures. */
  outputMatching(pattern: RegExp): string[] {
    return this.output.filter((line) => pattern.test(line));
  }

  async stop(): Promise<void> {
    await this.platform.stop();
    await Promise.all(this.databases.map((database) => database.drop().catch(() => undefined)));
  }
}
