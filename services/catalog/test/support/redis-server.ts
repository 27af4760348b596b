import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort, waitFor } from '@shop/testing';

/** Shared with the tests that import it from here. */
export { freePort };

/**
 * A Redis of the test's own, as a child process, so that stopping it disturbs no other test:
 * no persistence, on a free port.
 */
export class OwnRedis {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(): Promise<OwnRedis> {
    const port = await freePort();
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const url = `redis://127.0.0.1:${port}`;
    const probe = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => undefined);
    try {
      await waitFor(
        async () => {
          await probe.connect().catch(() => undefined);
          return (await probe.ping()) === 'PONG';
        },
        { timeoutMs: 10_000, what: `redis-server on port ${port}` },
      );
    } finally {
      probe.disconnect();
    }
    return new OwnRedis(child, url);
  }

  /** SIGKILL: Redis vanishes mid-conversation, as in a crash or a network cut. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }
}
