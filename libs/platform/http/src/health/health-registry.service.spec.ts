import { Logger } from '@nestjs/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { HealthRegistry } from './health-registry.service.js';

describe('HealthRegistry', () => {
  beforeAll(() => {
    // The failures it logs are expected here.
    Logger.overrideLogger(false);
  });

  it('is ready with no checks', async () => {
    expect(await new HealthRegistry().readiness()).toEqual({
      ready: true,
      shuttingDown: false,
      checks: [],
    });
  });

  it('runs the checks concurrently, each bounded by its timeout', async () => {
    const registry = new HealthRegistry();
    registry.register('slow-a', () => new Promise(() => undefined), { timeoutMs: 100 });
    registry.register('slow-b', () => new Promise(() => undefined), { timeoutMs: 100 });
    const started = performance.now();
    const report = await registry.readiness();
    expect(performance.now() - started).toBeLessThan(190);
    expect(report.ready).toBe(false);
    expect(report.checks.map((c) => c.reason)).toEqual([
      'timed out after 100 ms',
      'timed out after 100 ms',
    ]);
  });

  it('counts a check that throws synchronously as failed', async () => {
    const registry = new HealthRegistry();
    registry.register('sync', () => {
      throw new Error('boom');
    });
    expect((await registry.readiness()).checks).toEqual([
      expect.objectContaining({ name: 'sync', ok: false, reason: 'failed' }),
    ]);
  });

  it('stays ready when only a check that does not affect readiness fails, and reports it', async () => {
    const registry = new HealthRegistry();
    registry.register('postgres', async () => undefined);
    registry.register('redis', () => Promise.reject(new Error('down')), {
      affectsReadiness: false,
    });
    const report = await registry.readiness();
    expect(report.ready).toBe(true);
    expect(report.checks).toEqual([
      expect.objectContaining({ name: 'postgres', ok: true, affectsReadiness: true }),
      expect.objectContaining({ name: 'redis', ok: false, affectsReadiness: false }),
    ]);
  });

  it('refuses a second check under the same name, and unregisters', async () => {
    const registry = new HealthRegistry();
    const unregister = registry.register('db', async () => undefined);
    expect(() => registry.register('db', async () => undefined)).toThrow(/already registered/);
    unregister();
    expect(registry.names()).toEqual([]);
  });

  it('names what broke for good, once each, and leaves readiness alone', async () => {
    const registry = new HealthRegistry();
    expect(registry.brokenParts()).toEqual([]);
    registry.markBroken('KafkaEventsServer');
    registry.markBroken('KafkaEventsServer');
    expect(registry.brokenParts()).toEqual(['KafkaEventsServer']);
    expect((await registry.readiness()).ready).toBe(true);
  });

  it('is not ready once shutting down, even with passing checks', async () => {
    const registry = new HealthRegistry();
    registry.register('db', async () => undefined);
    registry.markShuttingDown();
    expect(await registry.readiness()).toMatchObject({ ready: false, shuttingDown: true });
  });
});
