import { describe, expect, it } from 'vitest';
import { runScript } from '@shop/testing';

const FIXTURE = 'libs/platform/http/test/fixtures/failing-service.ts';

function run(failure: string) {
  return runScript(
    FIXTURE,
    { FAILURE: failure, LOG_LEVEL: 'info', OTEL_SDK_DISABLED: 'true' },
    60_000,
  );
}

describe('a service that fails for good', () => {
  it('logs an unhandled rejection with its cause, shuts down gracefully and exits 1', async () => {
    const { code, signal, log } = await run('background');

    expect(signal, log).toBeNull();
    expect(code, log).toBe(1);
    expect(log).toContain('unhandled rejection: the service ends');
    expect(log).toContain(
      'caused by: KafkaJSProtocolError (UNKNOWN_TOPIC_OR_PARTITION): This server does not host this topic-partition',
    );
    expect(log).toContain('shutting down (unhandled rejection)');
    expect(log).toContain('shut down');
  });

  it('says why it could not start, with the cause, before the process ends', async () => {
    const { code, log } = await run('boot');

    expect(code, log).toBe(1);
    expect(log).toContain('doomed could not start');
    expect(log).toContain('caused by: KafkaJSProtocolError (UNKNOWN_TOPIC_OR_PARTITION)');
  });
});
