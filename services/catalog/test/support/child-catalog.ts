import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { provisionTestTopics, waitFor } from '@shop/testing';
import { freePort } from './redis-server.js';

const root = join(import.meta.dirname, '..', '..', '..', '..');

/**
 * The catalog as a real process (`src/main.ts` through the TypeScript loader), for tests that
 * kill it. Its output is kept, to explain a failure.
 */
export class ChildCatalog {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  /** Starts it with `environment` on a free port and waits until it answers its liveness probe. */
  static async start(environment: Record<string, string>): Promise<ChildCatalog> {
    const port = await freePort();
    await provisionTestTopics(environment);
    const managementPort = await freePort();
    const child = spawn(
      process.execPath,
      [
        '--import',
        join(root, 'tools/ts-loader/register.mjs'),
        join(root, 'services/catalog/src/main.ts'),
      ],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          ...environment,
          PORT: String(port),
          MANAGEMENT_PORT: String(managementPort),
          OTEL_SDK_DISABLED: 'true',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const catalog = new ChildCatalog(child, `http://127.0.0.1:${port}`);
    try {
      await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
          const response = await fetch(`http://127.0.0.1:${managementPort}/health/live`, {
            signal: AbortSignal.timeout(1_000),
          });
          return response.ok;
        },
        { timeoutMs: 60_000, intervalMs: 200, what: 'the catalog process to listen' },
      );
    } catch (error) {
      await catalog.kill();
      throw new Error(`${(error as Error).message}\n${catalog.output}`);
    }
    return catalog;
  }

  get log(): string {
    return this.output;
  }

  /** SIGKILL: no shutdown hook, no flush, nothing after the last instruction it ran. */
  kill(): Promise<void> {
    return this.stop('SIGKILL');
  }

  /** SIGTERM: the graceful shutdown; SIGKILL if it outlasts `timeoutMs`. */
  async terminate(timeoutMs = 15_000): Promise<void> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      await this.stop('SIGTERM');
    } finally {
      clearTimeout(timer);
    }
  }

  private async stop(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill(signal);
    await exited;
  }
}
