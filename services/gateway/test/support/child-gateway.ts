import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from '@shop/testing';
import { freePort } from './own-redis.js';

const root = join(import.meta.dirname, '..', '..', '..', '..');

/**
 * The gateway as the platform starts it: `src/main.ts` through the TypeScript loader, with the
 * telemetry preload, in its own process. Its output is kept, to explain a failure.
 */
export class ChildGateway {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly managementUrl: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  /** Starts it with `environment` on a free port and waits until it is ready. */
  static async start(environment: Record<string, string>): Promise<ChildGateway> {
    const port = await freePort();
    const managementPort = await freePort();
    const child = spawn(
      process.execPath,
      [
        // The telemetry preload's loader hook resolves off-thread, out of the SWC loader's
        // reach: workspace packages must resolve to their sources by Node's own condition.
        '--conditions=@shop/source',
        '--import',
        join(root, 'tools/ts-loader/register.mjs'),
        '--import',
        join(root, 'libs/platform/telemetry/src/register.ts'),
        join(root, 'services/gateway/src/main.ts'),
      ],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          ...environment,
          PORT: String(port),
          MANAGEMENT_PORT: String(managementPort),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const gateway = new ChildGateway(
      child,
      `http://127.0.0.1:${port}`,
      `http://127.0.0.1:${managementPort}`,
    );
    try {
      await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
          const response = await fetch(`${gateway.managementUrl}/health/ready`, {
            signal: AbortSignal.timeout(1_000),
          });
          return response.ok;
        },
        { timeoutMs: 60_000, intervalMs: 200, what: 'the gateway process to be ready' },
      );
    } catch (error) {
      await gateway.stop('SIGKILL');
      throw new Error(`${(error as Error).message}\n${gateway.output}`);
    }
    return gateway;
  }

  get log(): string {
    return this.output;
  }

  /** Sends `signal` and resolves with how the process ended (SIGKILL after 15 s). */
  async stop(
    signal: NodeJS.Signals = 'SIGTERM',
  ): Promise<{ code: number | null; signal: string | null }> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) {
      return { code: child.exitCode, signal: child.signalCode };
    }
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('exit', (code, exitSignal) => resolve({ code, signal: exitSignal })),
    );
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.kill(signal);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
