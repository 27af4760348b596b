import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthRegistry } from '../src/health/health-registry.service.js';
import { problemOf, request, startService } from './test-kit.js';

/** Stands for a store or a broker client that registers its readiness check. */
@Injectable()
class FakeStores implements OnModuleInit {
  kafkaUp = false;
  constructor(private readonly health: HealthRegistry) {}

  onModuleInit(): void {
    this.health.register('postgres', async () => undefined);
    this.health.register('kafka', async () => {
      if (!this.kafkaUp) throw new Error('broker kafka-1:9092 unreachable');
    });
  }
}

@Module({ providers: [FakeStores] })
class StoresModule {}

describe('health probes', () => {
  let url: string;
  let close: () => Promise<void>;
  let stores: FakeStores;
  let health: HealthRegistry;

  beforeAll(async () => {
    const service = await startService(StoresModule, { globalPrefix: 'api' });
    ({ managementUrl: url, close } = service);
    stores = service.app.get(FakeStores);
    health = service.app.get(HealthRegistry);
  });

  afterAll(async () => {
    await close();
  });

  it('is live on the management port, outside the global prefix and without a token', async () => {
    const response = await request(`${url}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('is not ready while a check fails, naming it, and stays live', async () => {
    stores.kafkaUp = false;
    const response = await request(`${url}/health/ready`);
    expect(response.status).toBe(503);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({
      code: 'HEALTH.NOT_READY',
      status: 503,
      errors: [{ path: 'kafka', message: 'failed' }],
    });
    // The cause stays in the log: it names hosts.
    expect(JSON.stringify(problem)).not.toContain('kafka-1:9092');
    expect((await request(`${url}/health/live`)).status).toBe(200);
  });

  it('is ready once every check passes', async () => {
    stores.kafkaUp = true;
    const response = await request(`${url}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      checks: { postgres: 'ok', kafka: 'ok' },
    });
  });

  it('fails a check that outlasts its timeout', async () => {
    const unregister = health.register('slow', () => new Promise(() => undefined), {
      timeoutMs: 50,
    });
    try {
      const started = Date.now();
      const response = await request(`${url}/health/ready`);
      expect(response.status).toBe(503);
      expect((await problemOf(response))['errors']).toEqual([
        { path: 'slow', message: 'timed out after 50 ms' },
      ]);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      unregister();
    }
  });

  it('stays ready while a check that does not affect readiness fails, and names it', async () => {
    stores.kafkaUp = true;
    const unregister = health.register('redis', () => Promise.reject(new Error('down')), {
      affectsReadiness: false,
    });
    try {
      const response = await request(`${url}/health/ready`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        status: 'ok',
        checks: { postgres: 'ok', kafka: 'ok', redis: 'failed' },
        degraded: ['redis'],
      });
    } finally {
      unregister();
    }
  });
});
