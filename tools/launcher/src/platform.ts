/**
 * The five services started together and waited for: what `npm start` runs and what the
 * end-to-end suite starts for each run.
 */
import { call, poll } from './http.ts';
import {
  SERVICE_NAMES,
  serviceSpec,
  serviceUrl,
  type PlatformSettings,
  type ServiceName,
  type ServiceSpec,
} from './services.ts';
import { Supervisor, type Crash, type Output } from './supervisor.ts';

/** A cold start compiles every source file once; two cores share five services. */
const READY_TIMEOUT_MS = 180_000;

export class Platform {
  readonly specs: Record<ServiceName, ServiceSpec>;
  readonly supervisor: Supervisor;

  constructor(
    readonly settings: PlatformSettings,
    output?: Output,
    onCrash?: (crash: Crash) => void,
  ) {
    this.supervisor = new Supervisor(output, onCrash);
    this.specs = Object.fromEntries(
      SERVICE_NAMES.map((name) => [name, serviceSpec(name, settings)]),
    ) as Record<ServiceName, ServiceSpec>;
  }

  url(name: ServiceName): string {
    return serviceUrl(this.specs[name]);
  }

  /** Starts every service at once and resolves when each answers its readiness probe. */
  async start(): Promise<void> {
    for (const name of SERVICE_NAMES) this.supervisor.start(this.specs[name]);
    await Promise.all(SERVICE_NAMES.map((name) => this.waitReady(name)));
  }

  /** Starts one service again (after `stop` or `kill`) and waits until it is ready. */
  async restart(name: ServiceName): Promise<void> {
    this.supervisor.start(this.specs[name]);
    await this.waitReady(name);
  }

  async waitReady(name: ServiceName): Promise<void> {
    await poll(
      `${name} to be ready on ${this.url(name)}`,
      async () =>
        (await call(`${this.url(name)}/health/ready`, { timeoutMs: 2_000 })).status === 200,
      {
        timeoutMs: READY_TIMEOUT_MS,
        intervalMs: 300,
        alive: () => this.supervisor.isRunning(name),
      },
    );
  }

  stop(): Promise<void> {
    return this.supervisor.stopAll();
  }
}
