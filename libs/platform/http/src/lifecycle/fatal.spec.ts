import type { LoggerService } from '@nestjs/common';
import { afterEach, describe, expect, it } from 'vitest';
import { describeError, installFatalHandlers, type FatalHandlers } from './fatal.js';

function recordingLogger(lines: unknown[]): LoggerService {
  return {
    log: () => undefined,
    warn: () => undefined,
    error: (message: unknown) => lines.push(message),
  };
}

describe('describeError', () => {
  it('names the error, its code and each cause', () => {
    const cause = Object.assign(new Error('This server does not host this topic-partition'), {
      type: 'UNKNOWN_TOPIC_OR_PARTITION',
      name: 'KafkaJSProtocolError',
    });
    const text = describeError(new Error('metadata refresh failed', { cause }));
    expect(text).toMatch(/^Error: metadata refresh failed\n/);
    expect(text).toContain(
      'caused by: KafkaJSProtocolError (UNKNOWN_TOPIC_OR_PARTITION): This server does not host this topic-partition',
    );
    expect(text).toMatch(/\n\s+at /);
  });

  it('describes what is not an Error', () => {
    expect(describeError('a string')).toBe('a string');
  });
});

describe('installFatalHandlers', () => {
  let handlers: FatalHandlers | undefined;
  afterEach(() => handlers?.uninstall());

  it('logs an unhandled rejection with its cause, runs the graceful shutdown, then exits 1', async () => {
    const logged: unknown[] = [];
    const steps: string[] = [];
    const exited = new Promise<number>((resolve) => {
      handlers = installFatalHandlers({ logger: recordingLogger(logged), exit: resolve });
    });
    handlers!.useShutdown(async (reason) => {
      steps.push(`shutdown: ${reason}`);
    });
    const cause = new Error('InitProducerId failed');
    void Promise.reject(new Error('the producer could not connect', { cause }));

    expect(await exited).toBe(1);
    expect(steps).toEqual(['shutdown: unhandled rejection']);
    expect(logged).toEqual([
      expect.objectContaining({
        message: 'unhandled rejection: the service ends',
        error: expect.stringContaining('caused by: Error: InitProducerId failed') as unknown,
      }),
    ]);
  });

  it('exits 1 without a shutdown before the app exists, and says why the shutdown failed', async () => {
    const logged: unknown[] = [];
    const exited = new Promise<number>((resolve) => {
      handlers = installFatalHandlers({ logger: recordingLogger(logged), exit: resolve });
    });
    void Promise.reject(new Error('during module initialisation'));
    expect(await exited).toBe(1);
    expect(logged).toHaveLength(1);

    const again: unknown[] = [];
    handlers!.uninstall();
    const exitedAgain = new Promise<number>((resolve) => {
      handlers = installFatalHandlers({ logger: recordingLogger(again), exit: resolve });
    });
    handlers!.useShutdown(() => Promise.reject(new Error('shutdown timed out')));
    void Promise.reject(new Error('later'));
    expect(await exitedAgain).toBe(1);
    expect(again).toEqual([
      expect.objectContaining({ message: 'unhandled rejection: the service ends' }),
      expect.objectContaining({
        message: 'graceful shutdown failed',
        error: expect.stringContaining('shutdown timed out') as unknown,
      }),
    ]);
  });
});
