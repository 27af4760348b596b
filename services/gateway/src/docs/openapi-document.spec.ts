import { describe, expect, it } from 'vitest';
import { ROUTES } from '../routes/route-table.js';
import { buildStorefrontDocument } from './openapi-document.js';

const document = buildStorefrontDocument(ROUTES, '1.0.0') as {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, Record<string, unknown>>>;
};

describe('the storefront OpenAPI document', () => {
  it('has one operation per route, under /api/v1, with OpenAPI path templates', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: '/api/v1' }]);
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations).toHaveLength(ROUTES.length);
    expect(operations).toContain('GET /orders/{id}/events');
    expect(operations).toContain('PATCH /cart/items/{sku}');
  });

  it('marks public routes anonymous and the rest bearer, admin ones with 403', () => {
    const login = document.paths['/auth/login']?.post;
    const cart = document.paths['/cart']?.get;
    const stock = document.paths['/admin/stock/{sku}']?.put;
    expect(login?.security).toEqual([]);
    expect(cart?.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(cart?.responses as object)).toContain('401');
    expect(Object.keys(stock?.responses as object)).toContain('403');
  });

  it('describes bodies, queries and answers from the shared contracts', () => {
    const login = document.paths['/auth/login']?.post as {
      requestBody: { content: Record<string, { schema: { properties: object } }> };
    };
    expect(
      Object.keys(login.requestBody.content['application/json']?.schema.properties ?? {}),
    ).toEqual(expect.arrayContaining(['email', 'password']));
    const list = document.paths['/products']?.get as { parameters: { name: string; in: string }[] };
    expect(list.parameters.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(
      expect.arrayContaining(['q', 'category', 'sort', 'limit', 'cursor']),
    );
    const checkout = document.paths['/orders']?.post as { parameters: { name: string }[] };
    expect(checkout.parameters.map((p) => p.name)).toContain('Idempotency-Key');
    expect(JSON.stringify(document.paths['/products/{idOrSlug}']?.get)).toContain('availability');
  });

  it('serializes to JSON', () => {
    expect(() => JSON.stringify(document)).not.toThrow();
  });
});
