import {
  createTestDatabase,
  devstackEnv,
  startOtlpReceiver,
  testTopicPrefix,
  uniqueName,
  type OtlpReceiver,
  type TestDatabase,
} from '@shop/testing';
import { Platform } from '../../src/platform.ts';
import { seedDemo, type Credentials } from '../../src/seed.ts';
import { SERVICE_NAMES, type ServiceName } from '../../src/services.ts';
import { freePort } from './ports.ts';

export const ADMIN: Credentials = {
  email: 'admin@e2e.test',
  password: 'an admin password for e2e',
};

/**
 * One run of the whole platform for the end-to-end suite: the five services as processes on free
 * ports, each with its own databases, keyspace, Redis prefixes and Kafka topics, exporting traces
 * to a receiver here, and the demo data seeded the way `npm start` seeds it.
 */
export class TestPlatform {
  private constructor(
    readonly platform: Platform,
    readonly traces: OtlpReceiver,
    private readonly databases: TestDatabase[],
    private readonly output: string[],
  ) {}

  static async start(products: number): Promise<TestPlatform> {
    const traces = await startOtlpReceiver();
    const databases = [await createTestDatabase('e2e_auth'), await createTestDatabase('e2e_order')];
    const ports = {} as Record<ServiceName, number>;
    for (const name of SERVICE_NAMES) ports[name] = await freePort();
    const output: string[] = [];
    const platform = new Platform(
      {
        devstack: { ...devstackEnv() },
        ports,
        databases: { auth: databases[0].name, order: databases[1].name },
        mongoDatabase: uniqueName('e2e_catalog'),
        cassandraKeyspace: uniqueName('e2e_inventory'),
        namespace: testTopicPrefix('e2e'),
        otlpEndpoint: traces.url,
        admin: ADMIN,
        logLevel: 'warn',
        overrides: {
          // A payment answer in a blink; a saga timeout that never fires within a test.
          order: { PAYMENT_LATENCY_MS: '5' },
          // The suite logs in and checks out more often than a person would in a minute.
          gateway: { RATE_LIMIT_LOGIN_PER_IP: '200', RATE_LIMIT_CHECKOUT_PER_CUSTOMER: '200' },
        },
      },
      { line: (text) => output.push(text) },
    );
    const run = new TestPlatform(platform, traces, databases, output);
    try {
      await platform.start();
      await seedDemo({
        urls: {
          auth: platform.url('auth'),
          catalog: platform.url('catalog'),
          inventory: platform.url('inventory'),
          order: platform.url('order'),
        },
        catalog: platform.specs.catalog,
        products,
        admin: ADMIN,
        customer: {
          email: 'demo@e2e.test',
          password: 'a demo customer password',
          displayName: 'Demo',
        },
        log: (line) => output.push(`[seed] ${line}`),
      });
    } catch (error) {
      await run.stop();
      throw new Error(`${(error as Error).message}\n${run.lastOutput()}`);
    }
    return run;
  }

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

  async stop(): Promise<void> {
    await this.platform.stop();
    await this.traces.close();
    await Promise.all(this.databases.map((database) => database.drop().catch(() => undefined)));
  }
}
