import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { provisionTestTopics } from '@shop/testing';

const root = join(import.meta.dirname, '..', '..', '..', '..');

/**
 * The service as its own process, started from its sources as `main.ts` with an environment:
 * what a deployment runs, minus the build. Its log is kept for failure messages.
 */
export class InventoryProcess {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private output = '';
  private listening?: string;
  private management?: string;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const append = (chunk: Buffer) => {
      // The tail only: a long run logs a lot.
      this.output = (this.output + chunk.toString()).slice(-200_000);
      this.listening ??= /listening at (http:\/\/[0-9.:]+)/.exec(this.output)?.[1];
      this.management ??= /management at (http:\/\/[0-9.:]+)/.exec(this.output)?.[1];
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
  }

  /** Starts it and resolves once it listens; rejects with its log if it dies or hangs first. */
  static async start(env: Record<string, string>, timeoutMs = 60_000): Promise<InventoryProcess> {
    await provisionTestTopics(env, { inventory: env.KAFKA_GROUP_ID ?? 'inventory' });
    const child = spawn(
      process.execPath,
      [
        '--import',
        join(root, 'tools/ts-loader/register.mjs'),
        join(root, 'services/inventory/src/main.ts'),
      ],
      // LOG_LEVEL info: the "listening at" line is how the test learns the port.
      {
        cwd: root,
        env: { PATH: process.env.PATH, ...env, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const instance = new InventoryProcess(child);
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void instance.exited.then(() => (exited = true));
    while (!instance.listening) {
      if (exited || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`inventory process did not start:\n${instance.tail()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return instance;
  }

  get url(): string {
    return this.listening ?? '';
  }

  /** The management listener: probes and `/metrics`. */
  get managementUrl(): string {
    return this.management ?? '';
  }

  /** The end of its log. */
  tail(chars = 4000): string {
    return this.output.slice(-chars);
  }

  /** SIGTERM (the graceful shutdown), then SIGKILL if it outlasts `timeoutMs`. */
  async stop(timeoutMs = 20_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}
