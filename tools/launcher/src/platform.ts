/**
 * The five services started together and waited for: what `npm start` runs and what the
 * end-to-end suite starts for each run.
 */
import { freePort } from '@shop/testing';
import { Front } from './front.ts';
import { call, poll } from './http.ts';
import {
  managementUrl,
  SERVICE_NAMES,
  serviceSpec,
  serviceUrl,
  type PlatformSettings,
  type ServiceName,
  type ServiceSpec,
} from './services.ts';
import { Supervisor, terminal, type Crash, type Output } from './supervisor.ts';
import { provisionTopics } from './topics.ts';

/** A cold start compiles every source file once; two cores share five services. */
const READY_TIMEOUT_MS = 180_000;
/** Beyond the services' own 10 s shutdown bound: SIGKILL only for a process stuck past it. */
const ROLL_GRACE_MS = 15_000;
/**
 * How long a fronted process keeps serving after SIGTERM. The front has switched already, but
 * clients keep connections alive: answers during the drain say `Connection: close`, so busy
 * connections move to the new process before the idle ones are closed.
 */
const FRONTED_DRAIN_DELAY_MS = '1000';
/** Lines of a service that did not become ready, in the launcher's error. */
const LAST_LINES_ON_FAILURE = 20;

/** How long a rolling restart took: the new process to be ready, the old one to drain and exit. */
export interface RollTimes {
  readyMs: number;
  drainedMs: number;
}

export class Platform {
  readonly specs: Record<ServiceName, ServiceSpec>;
  readonly supervisor: Supervisor;
  /** The front on each service's public port, when the settings ask for fronts. */
  private readonly fronts = new Map<ServiceName, Front>();
  /** The process each service's front (or port) serves now: its management port moves with it. */
  private readonly serving = new Map<ServiceName, ServiceSpec>();

  constructor(
    readonly settings: PlatformSettings,
    private readonly output: Output = terminal,
    onCrash?: (crash: Crash) => void,
  ) {
    this.supervisor = new Supervisor(output, onCrash);
    this.specs = Object.fromEntries(
      SERVICE_NAMES.map((name) => [name, serviceSpec(name, settings)]),
    ) as Record<ServiceName, ServiceSpec>;
    if (settings.fronts) {
      for (const name of SERVICE_NAMES) this.fronts.set(name, new Front(settings.ports[name]));
    }
  }

  url(name: ServiceName): string {
    return serviceUrl(this.specs[name]);
  }

  /** The management listener (probes, `/metrics`) of the service's process of the moment. */
  managementUrl(name: ServiceName): string {
    return managementUrl(this.serving.get(name) ?? this.specs[name]);
  }

  /**
   * Creates the Kafka topics (the services only wait for them, ADR 0015), then starts every
   * service at once and resolves when each answers its readiness probe.
   */
  async start(): Promise<void> {
    const topics = await provisionTopics({
      brokers: this.settings.devstack.KAFKA_BROKERS?.split(',') ?? [],
      namespace: this.settings.namespace,
      partitions: Number(process.env.DEVSTACK_KAFKA_PARTITIONS) || undefined,
      log: (line) => this.output.line(`[launcher] ${line}`),
    });
    this.output.line(`[launcher] ${topics.length} Kafka topics in place`);
    const started: ServiceSpec[] = [];
    for (const name of SERVICE_NAMES) started.push(await this.launch(name));
    await Promise.all(started.map((spec) => this.serve(spec)));
  }

  /** Starts one service again (after `stop` or `kill`) and waits until it is ready. */
  async restart(name: ServiceName): Promise<void> {
    await this.serve(await this.launch(name));
  }

  /**
   * Replaces the service's process the way a Deployment's rolling update does (maxSurge 1,
   * maxUnavailable 0): a second process on a port of its own, which the front sends new
   * connections to once it is ready; then SIGTERM to the old one, whose graceful shutdown ends
   * what it still holds, and the wait for it to exit.
   */
  async rollingRestart(name: ServiceName): Promise<RollTimes> {
    if (!this.fronts.has(name)) throw new Error(`${name} has no front (settings.fronts is false)`);
    const old = this.supervisor.process(name);
    const started = performance.now();
    await this.restart(name);
    const ready = performance.now();
    await old?.stop(ROLL_GRACE_MS);
    return { readyMs: ready - started, drainedMs: performance.now() - ready };
  }

  /** Fails with the service's last lines, so that the reason is in the error itself. */
  private async waitReady(name: ServiceName, url: string): Promise<void> {
    try {
      await poll(
        `${name} to be ready (${url}/health/ready)`,
        async () => (await call(`${url}/health/ready`, { timeoutMs: 2_000 })).status === 200,
        {
          timeoutMs: READY_TIMEOUT_MS,
          intervalMs: 300,
          alive: () => this.supervisor.isRunning(name),
        },
      );
    } catch (error) {
      // An exited process's last lines may still be in its pipes: read them to the end first.
      if (!this.supervisor.isRunning(name)) await this.supervisor.process(name)?.closed;
      const last = this.supervisor.lastLines(name).slice(-LAST_LINES_ON_FAILURE);
      throw new Error(
        `${(error as Error).message}\n--- the last ${last.length} lines of ${name} ---\n${last.join('\n')}`,
      );
    }
  }

  async stop(): Promise<void> {
    try {
      await this.supervisor.stopAll();
    } finally {
      for (const front of this.fronts.values()) front.close();
    }
  }

  /** Starts a process of the service: behind its front on a fresh port, or on its own port. */
  private async launch(name: ServiceName): Promise<ServiceSpec> {
    const spec = this.specs[name];
    const front = this.fronts.get(name);
    if (!front) {
      this.supervisor.start(spec);
      return spec;
    }
    const port = await freePort();
    // The old process keeps its management port until it exits: the new one needs its own.
    const managementPort = await freePort();
    const env = {
      SHUTDOWN_DRAIN_DELAY_MS: FRONTED_DRAIN_DELAY_MS,
      ...spec.env,
      PORT: String(port),
      MANAGEMENT_PORT: String(managementPort),
    };
    const backend = { ...spec, port, managementPort, env };
    const started = this.supervisor.start(backend);
    // Killed or stopped, it leaves the port refusing, unless a newer process took it over.
    started.child.once('exit', () => {
      if (front.target === port) front.refuse();
    });
    return backend;
  }

  /** Waits until the process is ready; then its front, if any, sends new connections to it. */
  private async serve(spec: ServiceSpec): Promise<void> {
    await this.waitReady(spec.name, managementUrl(spec));
    await this.fronts.get(spec.name)?.route(spec.port);
    this.serving.set(spec.name, spec);
  }
}
