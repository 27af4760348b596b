import { describe, expect, it } from 'vitest';
import { RouteTable } from './route-table.js';

function table(): RouteTable {
  const routes = new RouteTable();
  routes.add(['GET', 'HEAD'], '/orders/:id');
  routes.add('DELETE', '/orders/:id');
  routes.add('POST', '/orders');
  routes.add('GET', '/files/*');
  routes.add('GET', '/range/:from-:to');
  routes.add('OPTIONS', '*');
  return routes;
}

describe('RouteTable', () => {
  it('lists the methods served at a concrete path', () => {
    expect(table().allowedMethods('/orders/o-1')).toEqual(['DELETE', 'GET', 'HEAD']);
    expect(table().allowedMethods('/orders')).toEqual(['POST']);
  });

  it('matches a trailing wildcard and parameters within a segment', () => {
    expect(table().allowedMethods('/files/a/b.txt')).toEqual(['GET']);
    expect(table().allowedMethods('/range/1-9')).toEqual(['GET']);
  });

  it('knows no method for an unknown path, catch-alls aside', () => {
    expect(table().allowedMethods('/nowhere')).toEqual([]);
    expect(table().allowedMethods('/orders/o-1/items')).toEqual([]);
    expect(table().allowedMethods('/orders/')).toEqual([]);
  });

  it('treats literal dots as dots', () => {
    const routes = new RouteTable();
    routes.add('GET', '/openapi.json');
    expect(routes.allowedMethods('/openapiXjson')).toEqual([]);
    expect(routes.allowedMethods('/openapi.json')).toEqual(['GET']);
  });
});
