import { describe, expect, it } from 'vitest';
import { ROUTES } from './route-table.js';
import { pathParameters, upstreamPath } from './upstream-path.js';

const table = ROUTES.map((route) => `${route.method} ${route.path} ${route.upstream}`);

describe('the route table', () => {
  it('serves the storefront API of the design, each route on its service', () => {
    expect(table).toEqual(
      expect.arrayContaining([
        'POST /auth/register auth',
        'POST /auth/login auth',
        'POST /auth/refresh auth',
        'POST /auth/logout auth',
        'GET /auth/me auth',
        'GET /.well-known/jwks.json auth',
        'GET /products catalog',
        'GET /products/:idOrSlug catalog',
        'GET /categories catalog',
        'POST /admin/categories catalog',
        'POST /admin/products catalog',
        'GET /admin/products/:id catalog',
        'PATCH /admin/products/:id catalog',
        'POST /admin/products/:id/archive catalog',
        'GET /admin/stock/:sku inventory',
        'PUT /admin/stock/:sku inventory',
        'POST /admin/stock/:sku/adjustments inventory',
        'GET /admin/stock/:sku/movements inventory',
        'GET /cart order',
        'POST /cart/items order',
        'PATCH /cart/items/:sku order',
        'DELETE /cart/items/:sku order',
        'DELETE /cart order',
        'POST /orders order',
        'GET /orders order',
        'GET /orders/:id order',
        'GET /orders/:id/events order',
        'POST /orders/:id/cancel order',
        'GET /admin/orders order',
      ]),
    );
    expect(table).toHaveLength(29);
  });

  it('has one route per method and path, and unique operation ids', () => {
    expect(new Set(ROUTES.map((r) => `${r.method} ${r.path}`)).size).toBe(ROUTES.length);
    expect(new Set(ROUTES.map((r) => r.id)).size).toBe(ROUTES.length);
  });

  it('needs the admin role on every admin route, and a token on cart and orders', () => {
    for (const route of ROUTES) {
      if (route.path.startsWith('/admin/')) expect(route.access, route.id).toBe('admin');
      if (/^\/(cart|orders)/.test(route.path)) expect(route.access, route.id).toBe('authenticated');
    }
  });

  it('leaves the credential-in-body and catalog reads public', () => {
    const publicRoutes = ROUTES.filter((r) => r.access === 'public').map((r) => r.id);
    expect(publicRoutes.sort()).toEqual(
      [
        'jwks',
        'listCategories',
        'getProduct',
        'listProducts',
        'login',
        'logout',
        'refresh',
        'register',
      ].sort(),
    );
  });

  it('puts the stricter limits on login and checkout', () => {
    expect(ROUTES.filter((r) => r.limit).map((r) => `${r.id}:${r.limit}`)).toEqual([
      'login:login',
      'checkout:checkout',
    ]);
  });
});

describe('upstreamPath', () => {
  it('fills in the parameters and keeps the query string as sent', () => {
    expect(
      upstreamPath('/admin/stock/:sku/movements', { sku: 'MUG-1' }, '/api/v1/x?limit=5&a=%20b'),
    ).toBe('/admin/stock/MUG-1/movements?limit=5&a=%20b');
  });

  it('keeps every parameter one segment, whatever it holds', () => {
    expect(upstreamPath('/orders/:id', { id: '../admin/orders' }, '/x')).toBe(
      '/orders/..%2Fadmin%2Forders',
    );
    expect(upstreamPath('/cart/items/:sku', { sku: 'a?b#c d' }, '/x')).toBe(
      '/cart/items/a%3Fb%23c%20d',
    );
  });

  it('names the parameters of a path', () => {
    expect(pathParameters('/a/:id/b/:sku')).toEqual(['id', 'sku']);
    expect(pathParameters('/cart')).toEqual([]);
  });
});
