import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort, provisionTestTopics, waitFor } from '@shop/testing';

const root = join(import.meta.dirname, '..', '..', '..');

/** The auth service as its own process, started from its sources like `main.ts` in production. */
export class AuthProcess {
  private output = '';
  private exited?: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  /** Starts `main.ts` with exactly `env` (plus PATH), without waiting for it. */
  static spawn(env: NodeJS.ProcessEnv): AuthProcess {
    const child = spawn(
      process.execPath,
      [
        '--import',
        join(root, 'tools/ts-loader/register.mjs'),
        join(root, 'services/auth/src/main.ts'),
      ],
      { cwd: root, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return new AuthProcess(child, `http://127.0.0.1:${env.PORT}`);
  }

  /** Starts it and waits until it answers `/health/live` on a management port of its own. */
  static async start(env: NodeJS.ProcessEnv): Promise<AuthProcess> {
    await provisionTestTopics(env);
    const managementPort = await freePort();
    const service = AuthProcess.spawn({ ...env, MANAGEMENT_PORT: String(managementPort) });
    try {
      await waitFor(
        async () => {
          if (service.child.exitCode !== null) throw new Error('exited');
          const response = await fetch(`http://127.0.0.1:${managementPort}/health/live`, {
            signal: AbortSignal.timeout(1_000),
          });
          return response.ok;
        },
        { timeoutMs: 30_000, intervalMs: 200, what: `auth to listen at ${service.url}` },
      );
    } catch (error) {
      await service.kill('SIGKILL');
      throw new Error(`${(error as Error).message}\n${service.output}`);
    }
    return service;
  }

  /** What it printed so far. */
  get log(): string {
    return this.output;
  }

  /** Sends `signal` and waits (at most 15 s) for the process to end. */
  async kill(
    signal: NodeJS.Signals,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.waitForExit(15_000);
  }

  /** The exit of a process that ends by itself, bounded in time. */
  async waitForExit(
    timeoutMs: number,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(new Error(`auth did not exit within ${timeoutMs} ms:\n${this.output}`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exited!, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
