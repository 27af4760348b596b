import { Body, Controller, Get, NotFoundException, Post } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../src/errors.js';
import { problemOf, request, startService, type CapturingLogger } from './test-kit.js';

class OrderNotFoundError extends DomainError {
  readonly code = 'ORDER.NOT_FOUND';
  readonly kind = 'not_found';
  constructor(id: string) {
    super(`Order ${id} does not exist.`, { details: { orderId: id } });
  }
}

class TooManyOrdersError extends DomainError {
  readonly code = 'ORDER.RATE_LIMITED';
  readonly kind = 'rate_limited';
  constructor() {
    super('Too many orders; slow down.', { retryAfterSeconds: 7 });
  }
}

@Controller('orders')
class OrdersController {
  @Get('missing')
  missing(): never {
    throw new OrderNotFoundError('o-1');
  }

  @Get('limited')
  limited(): never {
    throw new TooManyOrdersError();
  }

  @Get('nest-not-found')
  nestNotFound(): never {
    throw new NotFoundException('No such order');
  }

  @Get('boom')
  boom(): never {
    throw new Error('connect ECONNREFUSED postgres://admin:hunter2@db');
  }

  @Post()
  create(@Body() body: unknown): unknown {
    return { received: body };
  }
}

@Module({ controllers: [OrdersController] })
class OrdersModule {}

describe('problem+json errors', () => {
  let url: string;
  let logger: CapturingLogger;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const service = await startService(OrdersModule, { bodyLimitBytes: 1_024 });
    ({ url, logger, close } = service);
  });

  afterAll(async () => {
    await close();
  });

  const post = (body: string, contentType = 'application/json') =>
    request(`${url}/orders`, { method: 'POST', headers: { 'content-type': contentType }, body });

  it('maps a domain error by kind, with its code, detail and details', async () => {
    const response = await request(`${url}/orders/missing`, {
      headers: { 'x-request-id': 'req-123' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBe('req-123');
    expect(await problemOf(response)).toEqual({
      type: 'https://shop.example/problems/order-not-found',
      title: 'Not Found',
      status: 404,
      detail: 'Order o-1 does not exist.',
      instance: '/orders/missing',
      code: 'ORDER.NOT_FOUND',
      requestId: 'req-123',
      details: { orderId: 'o-1' },
    });
  });

  it('writes Retry-After for a rate-limited domain error', async () => {
    const response = await request(`${url}/orders/limited`);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await problemOf(response)).toMatchObject({ code: 'ORDER.RATE_LIMITED', status: 429 });
  });

  it("maps Nest's HttpException by status", async () => {
    const response = await request(`${url}/orders/nest-not-found`);
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({
      code: 'RESOURCE.NOT_FOUND',
      detail: 'No such order',
    });
  });

  it('answers an unknown route with 404 ROUTE.NOT_FOUND', async () => {
    const response = await request(`${url}/nowhere?x=1`);
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({
      code: 'ROUTE.NOT_FOUND',
      instance: '/nowhere',
    });
  });

  it('answers a known path with an unserved method with 405 and Allow', async () => {
    const response = await request(`${url}/orders/missing`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect(await problemOf(response)).toMatchObject({ code: 'REQUEST.METHOD_NOT_ALLOWED' });
  });

  it('answers malformed JSON with 400 REQUEST.MALFORMED_JSON', async () => {
    const response = await post('{"sku": ');
    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({
      code: 'REQUEST.MALFORMED_JSON',
      status: 400,
    });
  });

  it('answers an empty JSON body with 400 REQUEST.MALFORMED_JSON', async () => {
    const response = await post('');
    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({ code: 'REQUEST.MALFORMED_JSON' });
  });

  it('answers a prototype-poisoning body with 400, never 5xx', async () => {
    const response = await post('{"__proto__": {"admin": true}}');
    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({ code: 'REQUEST.MALFORMED_JSON' });
  });

  it('answers an oversized body with 413 REQUEST.TOO_LARGE', async () => {
    const response = await post(JSON.stringify({ blob: 'x'.repeat(2_048) }));
    expect(response.status).toBe(413);
    expect(await problemOf(response)).toMatchObject({ code: 'REQUEST.TOO_LARGE', status: 413 });
  });

  it('answers an unsupported content type with 415 REQUEST.UNSUPPORTED_MEDIA_TYPE', async () => {
    const response = await post('<order/>', 'application/xml');
    expect(response.status).toBe(415);
    expect(await problemOf(response)).toMatchObject({
      code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
      status: 415,
    });
  });

  it('answers an unexpected error with 500 INTERNAL, leaking nothing, logged with the request id', async () => {
    const response = await request(`${url}/orders/boom`, { headers: { 'x-request-id': 'boom-1' } });
    expect(response.status).toBe(500);
    const text = await response.clone().text();
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('ECONNREFUSED');
    expect(await problemOf(response)).toEqual({
      type: 'https://shop.example/problems/internal',
      title: 'Internal Server Error',
      status: 500,
      instance: '/orders/boom',
      code: 'INTERNAL',
      requestId: 'boom-1',
    });
    const logged = logger.entries.find(
      (entry) =>
        entry.level === 'error' &&
        typeof entry.message === 'object' &&
        (entry.message as { requestId?: string }).requestId === 'boom-1',
    );
    expect(logged).toBeDefined();
    expect(JSON.stringify(logged)).toContain('ECONNREFUSED');
  });

  it('replaces an unsafe incoming request id with a fresh one', async () => {
    const response = await request(`${url}/orders/missing`, {
      headers: { 'x-request-id': 'not safe!' },
    });
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await problemOf(response)).toMatchObject({ requestId: id });
  });

  it('sets the security headers on error responses too', async () => {
    const response = await request(`${url}/nowhere`);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    await response.body?.cancel();
  });
});
