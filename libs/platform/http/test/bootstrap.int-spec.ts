import { Controller, Get, Module, Param, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Public } from '../src/auth/auth.decorator.js';
import { createHttpApp } from '../src/bootstrap.js';
import type { RequestMetric } from '../src/http-app.config.js';
import { CapturingLogger, problemOf, request, startService } from './test-kit.js';

@Public()
@Controller('products')
class ProductsController {
  @Get('client-ip')
  clientIp(@Req() request: FastifyRequest): { ip: string } {
    return { ip: request.ip };
  }

  @Get(':id')
  get(@Param('id') id: string): { id: string } {
    return { id };
  }
}

@Module({ controllers: [ProductsController] })
class ProductsModule {}

describe('bootstrapHttpService', () => {
  const metrics: RequestMetric[] = [];
  let url: string;
  let managementUrl: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ url, managementUrl, close } = await startService(ProductsModule, {
      globalPrefix: '/api/',
      cors: { origins: ['https://shop.example'], credentials: true },
      onRequestComplete: (metric) => metrics.push(metric),
      metricsEndpoint: {
        contentType: 'text/plain; version=0.0.4; charset=utf-8',
        render: async () => 'http_requests_total 3\n',
      },
      openApi: { title: 'Catalog', version: '2.0.0', path: '/docs/openapi.json' },
    }));
  });

  afterAll(async () => {
    await close();
  });

  it('listens on 127.0.0.1 and serves routes under the global prefix', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await request(`${url}/api/products/p-1`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: 'p-1' });
    expect((await request(`${url}/products/p-1`)).status).toBe(404);
  });

  it('echoes the request id, keeping a safe incoming one', async () => {
    const kept = await request(`${url}/api/products/p-1`, { headers: { 'x-request-id': 'gw-42' } });
    expect(kept.headers.get('x-request-id')).toBe('gw-42');
    const fresh = await request(`${url}/api/products/p-1`);
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports each request by route pattern, not by URL', async () => {
    metrics.length = 0;
    await request(`${url}/api/products/p-1`);
    await request(`${url}/api/products/p-2`);
    await request(`${url}/no/such/thing`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(metrics.map(({ method, route, statusCode }) => ({ method, route, statusCode }))).toEqual(
      [
        { method: 'GET', route: '/api/products/:id', statusCode: 200 },
        { method: 'GET', route: '/api/products/:id', statusCode: 200 },
        { method: 'GET', route: 'unmatched', statusCode: 404 },
      ],
    );
    for (const metric of metrics) {
      expect(metric.durationSeconds).toBeGreaterThanOrEqual(0);
      expect(metric.durationSeconds).toBeLessThan(5);
    }
  });

  it("trusts no proxy by default: a client's own X-Forwarded-For leaves its address as it is", async () => {
    const response = await request(`${url}/api/products/client-ip`, {
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    expect(await response.json()).toEqual({ ip: '127.0.0.1' });
  });

  it('serves the metrics endpoint on the management port, and not on the API port', async () => {
    expect(managementUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(managementUrl).not.toBe(url);
    const response = await request(`${managementUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await response.text()).toBe('http_requests_total 3\n');
    for (const path of ['/metrics', '/api/metrics', '/health/ready', '/health/live']) {
      const onApi = await request(`${url}${path}`);
      expect(onApi.status).toBe(404);
      expect(await problemOf(onApi)).toMatchObject({ code: 'ROUTE.NOT_FOUND' });
    }
  });

  it('answers an unknown path on the management port with a 404 problem', async () => {
    const response = await request(`${managementUrl}/api/products/p-1`);
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({ code: 'ROUTE.NOT_FOUND' });
  });

  it('serves the OpenAPI document at its path, with the prefixed routes and bearer auth', async () => {
    const response = await request(`${url}/docs/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { info: unknown; paths: Record<string, unknown> };
    expect(document.info).toMatchObject({ title: 'Catalog', version: '2.0.0' });
    expect(Object.keys(document.paths)).toEqual(['/api/products/client-ip', '/api/products/{id}']);
  });

  it('allows the configured origin, with credentials', async () => {
    const response = await request(`${url}/api/products/p-1`, {
      headers: { origin: 'https://shop.example' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-expose-headers')).toContain('x-request-id');
  });

  it('answers a preflight from the configured origin', async () => {
    const response = await request(`${url}/api/products/p-1`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'DELETE',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-methods')).toContain('DELETE');
  });

  it('does not allow another origin', async () => {
    const response = await request(`${url}/api/products/p-1`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends the security headers on success responses', async () => {
    const response = await request(`${url}/api/products/p-1`);
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
    );
    expect(response.headers.get('strict-transport-security')).toContain('max-age=');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });
});

describe('bootstrap configuration', () => {
  it('refuses a wildcard CORS origin with credentials', async () => {
    await expect(
      createHttpApp({
        module: ProductsModule,
        serviceName: 'test',
        cors: { origins: ['*'], credentials: true },
        logger: new CapturingLogger(),
      }),
    ).rejects.toThrow(/wildcard/);
  });

  it('keeps serving when the metrics hook throws, and logs it', async () => {
    const { url, close, logger } = await startService(ProductsModule, {
      onRequestComplete: () => {
        throw new Error('histogram broken');
      },
    });
    try {
      expect((await request(`${url}/products/p-1`)).status).toBe(200);
      expect((await request(`${url}/products/p-1`)).status).toBe(200);
      expect(JSON.stringify(logger.entries)).toContain('histogram broken');
    } finally {
      await close();
    }
  });

  describe('TRUSTED_PROXIES, set by the deployment', () => {
    afterEach(() => vi.unstubAllEnvs());

    async function clientIpWith(trusted: string, forwardedFor: string): Promise<unknown> {
      vi.stubEnv('TRUSTED_PROXIES', trusted);
      const { url, close } = await startService(ProductsModule);
      try {
        const response = await request(`${url}/products/client-ip`, {
          headers: { 'x-forwarded-for': forwardedFor },
        });
        return ((await response.json()) as { ip: unknown }).ip;
      } finally {
        await close();
      }
    }

    it('with one hop, takes what that proxy appended, whatever the client prepended', async () => {
      expect(await clientIpWith('1', '198.51.100.1, 203.0.113.7')).toBe('203.0.113.7');
    });

    it('with a list, walks back through the listed proxies only', async () => {
      expect(await clientIpWith('127.0.0.1/32', '198.51.100.1, 203.0.113.7')).toBe('203.0.113.7');
      expect(await clientIpWith('127.0.0.0/8, 203.0.113.0/24', '198.51.100.1, 203.0.113.7')).toBe(
        '198.51.100.1',
      );
    });

    it('fails the boot on a value that is neither, naming the variable', async () => {
      vi.stubEnv('TRUSTED_PROXIES', 'ingress.local');
      await expect(
        createHttpApp({
          module: ProductsModule,
          serviceName: 'test',
          cors: { origins: [] },
          logger: new CapturingLogger(),
        }),
      ).rejects.toThrow(/TRUSTED_PROXIES.*"ingress\.local"/);
    });
  });

  it('does not believe X-Forwarded-For when no proxy is trusted', async () => {
    const { url, close } = await startService(ProductsModule, { trustProxy: false });
    try {
      const response = await request(`${url}/products/client-ip`, {
        headers: { 'x-forwarded-for': '203.0.113.7' },
      });
      expect(await response.json()).toEqual({ ip: '127.0.0.1' });
    } finally {
      await close();
    }
  });

  it('answers a failing metrics endpoint with a 500 problem', async () => {
    const { managementUrl, close } = await startService(ProductsModule, {
      metricsEndpoint: {
        contentType: 'text/plain',
        render: () => Promise.reject(new Error('registry exploded')),
      },
    });
    try {
      const response = await request(`${managementUrl}/metrics`);
      expect(response.status).toBe(500);
      expect(await problemOf(response)).toMatchObject({ code: 'INTERNAL', instance: '/metrics' });
    } finally {
      await close();
    }
  });
});
