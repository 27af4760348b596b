/**
 * A devstack of the suite's own: the same five servers as `npm run infra -- up`, under another
 * home and on free ports, so that a suite can stop and restart them while the other suites of
 * `npm test` keep running against the shared stack. The downloads are shared (nothing is fetched
 * twice); the data is wiped when the stack goes down, so every run starts from empty servers.
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { devstackEnv, freePort, runScript, type DevstackEnv } from '@shop/testing';

const root = resolve(import.meta.dirname, '..', '..', '..');
const CLI = 'tools/devstack/src/cli.ts';
/** Cassandra's first boot on two busy cores is the slow part: a minute, often less. */
const COMMAND_TIMEOUT_MS = 360_000;

export type StackServer = 'postgres' | 'redis' | 'kafka' | 'cassandra' | 'ferretdb';

const PORT_VARIABLES = [
  'DEVSTACK_POSTGRES_PORT',
  'DEVSTACK_REDIS_PORT',
  'DEVSTACK_KAFKA_PORT',
  'DEVSTACK_KAFKA_CONTROLLER_PORT',
  'DEVSTACK_KAFKA_SASL_PORT',
  'DEVSTACK_KAFKA_TLS_PORT',
  'DEVSTACK_CASSANDRA_PORT',
  'DEVSTACK_CASSANDRA_STORAGE_PORT',
  'DEVSTACK_CASSANDRA_JMX_PORT',
  'DEVSTACK_FERRETDB_PORT',
];

export class OwnStack {
  private constructor(
    private readonly home: string,
    private readonly variables: Record<string, string>,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * Starts the servers (default: all five) under `.devstack/instances/<name>`, from empty data.
   * A suite that needs only a broker of its own takes the rest from the shared stack.
   */
  static async up(
    name: string,
    log: (line: string) => void,
    servers: readonly StackServer[] = [],
  ): Promise<OwnStack> {
    const home = join(root, '.devstack', 'instances', name);
    const variables: Record<string, string> = {
      DEVSTACK_HOME: home,
      DEVSTACK_DOWNLOADS: join(root, '.devstack', 'downloads'),
      // Smaller than the shared stack's: this one holds one suite's data.
      DEVSTACK_CASSANDRA_HEAP_MB: '768',
      DEVSTACK_KAFKA_HEAP_MB: '384',
    };
    for (const variable of PORT_VARIABLES) variables[variable] = String(await freePort());
    const stack = new OwnStack(home, variables, log);
    // A run that was killed may have left servers and data behind.
    await stack.cli('reset', ...servers);
    try {
      await stack.cli('up', ...servers);
    } catch (error) {
      // The servers that did come up must not outlive the failed suite (a Cassandra holds 1 GiB).
      await stack
        .down()
        .catch((cleanup: unknown) => log(`own devstack: cleanup failed: ${String(cleanup)}`));
      throw error;
    }
    return stack;
  }

  /** The connection settings, as the devstack wrote them. */
  env(): DevstackEnv {
    return devstackEnv(this.home);
  }

  /** Stops one server the way `npm run infra -- down <server>` does (its own stop signal). */
  stop(server: StackServer): Promise<void> {
    return this.cli('down', server);
  }

  /** Starts one server again and waits until it answers a query. */
  start(server: StackServer): Promise<void> {
    return this.cli('up', server);
  }

  /** Stops one server and wipes its data: Kafka comes back freshly formatted, with no topic. */
  wipe(server: StackServer): Promise<void> {
    return this.cli('reset', server);
  }

  /** Stops every server and deletes the data. */
  async down(): Promise<void> {
    await this.cli('reset');
    rmSync(join(this.home, 'data'), { recursive: true, force: true });
  }

  private async cli(...args: string[]): Promise<void> {
    this.log(`own devstack: ${args.join(' ')}`);
    const run = await runScript(
      CLI,
      { ...process.env, ...this.variables, NODE_OPTIONS: '' },
      COMMAND_TIMEOUT_MS,
      args,
    );
    if (run.code !== 0) {
      throw new Error(`devstack ${args.join(' ')} failed (${run.code ?? run.signal}):\n${run.log}`);
    }
  }
}
