import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, expectProblem } from './support/http.js';
import { startPlatform, type TestPlatform } from './support/platform.js';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startPlatform('gateway-docs');
  // The documents must not depend on any service: none is up.
  await Promise.all(Object.values(platform.services).map((service) => service.stop()));
});

afterAll(async () => {
  await platform?.stop();
});

describe('API documentation', () => {
  it('serves the merged storefront document with every service down', async () => {
    const answer = await call<{ openapi: string; paths: Record<string, unknown> }>(
      `${platform.gateway.api}/openapi.json`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.openapi).toBe('3.1.0');
    expect(Object.keys(answer.body.paths)).toEqual(
      expect.arrayContaining(['/auth/login', '/products/{idOrSlug}', '/orders/{id}/events']),
    );
  });

  it('serves a Swagger UI over it, allowed to run its own script only', async () => {
    const { url } = platform.gateway;
    const page = await call<string>(`${url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.body).toContain('swagger-ui-bundle.js');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("'unsafe-eval'");
    const init = await call<string>(`${url}/docs/swagger-initializer.js`);
    expect(init.body).toContain('/api/v1/openapi.json');
    const bundle = await fetch(`${url}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    await bundle.arrayBuffer();
    expect((await call(`${url}/docs/swagger-ui.css`)).status).toBe(200);
  });
});

describe('probes and metrics', () => {
  it('is live and ready with Redis up, whatever the services do', async () => {
    const { managementUrl: url } = platform.gateway;
    expect((await call(`${url}/health/live`)).status).toBe(200);
    const ready = await call(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', checks: { redis: 'ok' } });
  });

  it("serves the gateway's metrics", async () => {
    await call(`${platform.gateway.api}/categories`);
    const text = (await call<string>(`${platform.gateway.managementUrl}/metrics`)).body;
    expect(text).toContain('gateway_circuit_state{upstream="catalog"}');
    expect(text).toContain('gateway_upstream_attempts_total{upstream="catalog",outcome="refused"}');
    expect(text).toContain('http_server_requests_total{method="GET",route="/api/v1/categories"');
  });

  it('serves neither the probes nor the metrics on the API port: 404 problem+json', async () => {
    for (const path of ['/metrics', '/health/live', '/health/ready', '/api/v1/metrics']) {
      const answer = await call(`${platform.gateway.url}${path}`);
      expectProblem(answer, 404, 'ROUTE.NOT_FOUND');
    }
  });
});
