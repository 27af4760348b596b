import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveHttpAppOptions, type HttpAppOptions } from './http-app.config.js';

class AppModule {}

const base: HttpAppOptions = { module: AppModule, serviceName: 'orders', cors: { origins: [] } };

describe('resolveHttpAppOptions', () => {
  it('fills in the defaults', () => {
    expect(resolveHttpAppOptions(base)).toMatchObject({
      bodyLimitBytes: 102_400,
      shutdownTimeoutMs: 10_000,
      drainDelayMs: 0,
      trustProxy: false,
    });
  });

  describe('the trusted proxies from TRUSTED_PROXIES (set by the deployment)', () => {
    afterEach(() => vi.unstubAllEnvs());

    it('takes them when the service sets none', () => {
      vi.stubEnv('TRUSTED_PROXIES', '1');
      expect(resolveHttpAppOptions(base).trustProxy).toBe(1);
      expect(resolveHttpAppOptions({ ...base, trustProxy: false }).trustProxy).toBe(false);
    });

    it('refuses a value that is neither a hop count nor addresses', () => {
      vi.stubEnv('TRUSTED_PROXIES', 'the ingress');
      expect(() => resolveHttpAppOptions(base)).toThrow(/TRUSTED_PROXIES/);
    });
  });

  it('normalizes the global prefix and drops an empty one', () => {
    expect(resolveHttpAppOptions({ ...base, globalPrefix: '/api/v1/' }).globalPrefix).toBe(
      'api/v1',
    );
    expect(resolveHttpAppOptions({ ...base, globalPrefix: '/' }).globalPrefix).toBeUndefined();
  });

  it('serves the OpenAPI document at /openapi.json by default', () => {
    const resolved = resolveHttpAppOptions({ ...base, openApi: { title: 'T', version: '1' } });
    expect(resolved.openApi?.path).toBe('/openapi.json');
  });

  it.each<[string, Partial<HttpAppOptions>, RegExp]>([
    [
      'a wildcard origin with credentials',
      { cors: { origins: ['*'], credentials: true } },
      /wildcard/,
    ],
    ['a wildcard among origins', { cors: { origins: ['*', 'https://a.example'] } }, /only origin/],
    ['an origin with a path', { cors: { origins: ['https://a.example/app'] } }, /not an origin/],
    ['a body limit of 0', { bodyLimitBytes: 0 }, /bodyLimitBytes/],
    ['a drain delay past the timeout', { drainDelayMs: 10_000 }, /drainDelayMs/],
    ['an empty service name', { serviceName: ' ' }, /serviceName/],
    ['a relative OpenAPI path', { openApi: { title: 'T', version: '1', path: 'x' } }, /openApi/],
  ])('refuses %s', (_case, override, error) => {
    expect(() => resolveHttpAppOptions({ ...base, ...override })).toThrow(error);
  });

  describe('the drain delay from SHUTDOWN_DRAIN_DELAY_MS (set by the deployment)', () => {
    afterEach(() => vi.unstubAllEnvs());

    it('takes it when the service sets none', () => {
      vi.stubEnv('SHUTDOWN_DRAIN_DELAY_MS', '5000');
      expect(resolveHttpAppOptions(base).drainDelayMs).toBe(5_000);
      expect(resolveHttpAppOptions({ ...base, drainDelayMs: 100 }).drainDelayMs).toBe(100);
    });

    it.each(['-1', '1.5', 'soon', '10000'])('refuses %s', (value) => {
      vi.stubEnv('SHUTDOWN_DRAIN_DELAY_MS', value);
      expect(() => resolveHttpAppOptions(base)).toThrow(/SHUTDOWN_DRAIN_DELAY_MS|drainDelayMs/);
    });
  });

  it('accepts a wildcard origin without credentials', () => {
    expect(() => resolveHttpAppOptions({ ...base, cors: { origins: ['*'] } })).not.toThrow();
  });
});
