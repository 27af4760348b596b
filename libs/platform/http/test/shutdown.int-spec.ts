import { Controller, Get, Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import { Agent, get, type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { Public } from '../src/auth/auth.decorator.js';
import { NOT_PROCESSED_HEADER } from '../src/request-hooks.js';
import { eventually, problemOf, request, startService } from './test-kit.js';

/** Records the order in which things happen during the shutdown. */
@Injectable()
class Timeline implements OnModuleDestroy {
  readonly events: string[] = [];
  release!: () => void;
  readonly gate = new Promise<void>((resolve) => {
    this.release = resolve;
  });
  entered = false;

  onModuleDestroy(): void {
    // Where a pool or a Kafka consumer would be closed.
    this.events.push('module destroyed');
  }
}

@Public()
@Controller('work')
class WorkController {
  constructor(private readonly timeline: Timeline) {}

  @Get('slow')
  async slow(): Promise<{ done: true }> {
    this.timeline.entered = true;
    await this.timeline.gate;
    this.timeline.events.push('slow request finished');
    return { done: true };
  }

  @Get('fast')
  fast(): { done: true } {
    return { done: true };
  }
}

@Module({ controllers: [WorkController], providers: [Timeline] })
class WorkModule {}

/**
 * Long enough for a few requests on fresh connections (every answer closes its connection while
 * draining) on a busy machine.
 */
const DRAIN_DELAY_MS = 1_500;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  socket: Socket;
}

/** A GET through `agent`, whose keep-alive connection the test can watch. */
function getThrough(url: string, agent: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent, timeout: 5_000 }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, socket: req.socket! }),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url}`)));
    req.on('error', reject);
  });
}

describe('graceful shutdown', () => {
  it('flips readiness, drains, lets requests in flight finish, then runs the shutdown hooks', async () => {
    const { url, managementUrl, app, close } = await startService(WorkModule, {
      drainDelayMs: DRAIN_DELAY_MS,
    });
    const timeline = app.get(Timeline);
    const slow = request(`${url}/work/slow`);
    await eventually(async () => timeline.entered, 'the slow request to start');

    const closing = close();

    // Readiness flips at once; liveness and new requests are still served while draining.
    const ready = await request(`${managementUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await problemOf(ready)).toMatchObject({
      code: 'HEALTH.NOT_READY',
      details: { shuttingDown: true },
    });
    expect((await request(`${managementUrl}/health/live`)).status).toBe(200);
    expect((await request(`${url}/work/fast`)).status).toBe(200);

    // After the drain delay, new requests are refused while the slow one still runs.
    await eventually(
      async () => (await request(`${url}/work/fast`)).status === 503,
      'new requests to be refused',
    );
    const refused = await request(`${url}/work/fast`);
    expect(refused.headers.get(NOT_PROCESSED_HEADER)).toBe('true');
    expect(await problemOf(refused)).toMatchObject({ code: 'SERVICE.SHUTTING_DOWN' });
    expect(timeline.events).toEqual([]);

    timeline.release();
    const response = await slow;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    await closing;
    expect(timeline.events).toEqual(['slow request finished', 'module destroyed']);
    await expect(request(`${managementUrl}/health/live`)).rejects.toThrow();
  });

  it('sends keep-alive clients elsewhere: answers close their connections while draining, idle ones are closed when the drain ends', async () => {
    const { url, app, close } = await startService(WorkModule, {
      drainDelayMs: DRAIN_DELAY_MS,
    });
    const timeline = app.get(Timeline);
    const idle = await getThrough(`${url}/work/fast`, new Agent({ keepAlive: true }));
    expect(idle.headers.connection).toBe('keep-alive');
    const running = getThrough(`${url}/work/slow`, new Agent({ keepAlive: true }));
    await eventually(async () => timeline.entered, 'the slow request to start');

    const closing = close();

    const during = await getThrough(`${url}/work/fast`, new Agent({ keepAlive: true }));
    expect(during.status).toBe(200);
    expect(during.headers.connection).toBe('close');
    // Still open while the drain lasts, closed by the service when it ends.
    expect(idle.socket.destroyed).toBe(false);
    await eventually(async () => idle.socket.destroyed, 'the idle connection to be closed');
    timeline.release();
    expect((await running).headers.connection).toBe('close');
    await closing;
  });

  it('gives up when requests outlast the shutdown timeout', async () => {
    const { url, app, close } = await startService(WorkModule, {
      shutdownTimeoutMs: 200,
    });
    const timeline = app.get(Timeline);
    const slow = request(`${url}/work/slow`);
    await eventually(async () => timeline.entered, 'the slow request to start');
    await expect(close()).rejects.toThrow(/timed out after 200 ms with 1 requests in flight/);
    timeline.release();
    expect((await slow).status).toBe(200);
    await app.close();
  });

  it('turns SIGTERM into the graceful shutdown, then raises the signal again', async () => {
    // The second signal would end the test worker: it is only recorded.
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
    const listenersBefore = process.listenerCount('SIGTERM');
    try {
      const { managementUrl, app } = await startService(WorkModule, { handleSignals: true });
      const timeline = app.get(Timeline);
      expect(process.listenerCount('SIGTERM')).toBe(listenersBefore + 1);

      process.emit('SIGTERM', 'SIGTERM');

      await eventually(async () => kill.mock.calls.length > 0, 'the signal to be raised again');
      expect(kill).toHaveBeenCalledWith(process.pid, 'SIGTERM');
      expect(timeline.events).toEqual(['module destroyed']);
      expect(process.listenerCount('SIGTERM')).toBe(listenersBefore);
      await expect(request(`${managementUrl}/health/live`)).rejects.toThrow();
    } finally {
      kill.mockRestore();
    }
  });
  it('keeps its signal listener until the shutdown is over, so another listener cannot end the process early', async () => {
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
    // What the telemetry flush does: once its own work is done, raise the signal again if
    // nobody else is listening, so that Node's default ends the process.
    const alone: boolean[] = [];
    const flush = () => setImmediate(() => alone.push(process.listenerCount('SIGTERM') === 0));
    try {
      const { url, app } = await startService(WorkModule, { handleSignals: true });
      const timeline = app.get(Timeline);
      const slow = request(`${url}/work/slow`);
      await eventually(async () => timeline.entered, 'the slow request to start');
      process.once('SIGTERM', flush);

      process.emit('SIGTERM', 'SIGTERM');
      process.emit('SIGTERM', 'SIGTERM');
      await eventually(async () => alone.length > 0, 'the other listener to run');
      timeline.release();

      expect((await slow).status).toBe(200);
      await eventually(async () => kill.mock.calls.length > 0, 'the signal to be raised again');
      expect(alone).toEqual([false]);
      expect(kill).toHaveBeenCalledTimes(1);
    } finally {
      process.removeListener('SIGTERM', flush);
      kill.mockRestore();
    }
  });
});
