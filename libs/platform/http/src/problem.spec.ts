import { describe, expect, it } from 'vitest';
import { problemTypeUri, toProblemDetails } from './problem.js';

describe('problemTypeUri', () => {
  it.each([
    ['ORDER.NOT_FOUND', 'https://shop.example/problems/order-not-found'],
    ['INTERNAL', 'https://shop.example/problems/internal'],
    ['REQUEST.MALFORMED_JSON', 'https://shop.example/problems/request-malformed-json'],
    ['HTTP.418', 'https://shop.example/problems/http-418'],
  ])('%s → %s', (code, uri) => {
    expect(problemTypeUri(code)).toBe(uri);
  });
});

describe('toProblemDetails', () => {
  it('builds the RFC 9457 body, with the path without its query as instance', () => {
    expect(
      toProblemDetails(
        { status: 409, code: 'ORDER.CONFLICT', detail: 'Already paid.', headers: { a: 'b' } },
        '/orders/1/pay?force=true',
        'req-1',
      ),
    ).toEqual({
      type: 'https://shop.example/problems/order-conflict',
      title: 'Conflict',
      status: 409,
      detail: 'Already paid.',
      instance: '/orders/1/pay',
      code: 'ORDER.CONFLICT',
      requestId: 'req-1',
    });
  });

  it('leaves out empty optional members', () => {
    const body = toProblemDetails({ status: 500, code: 'INTERNAL', errors: [] }, '/', 'r');
    expect(Object.keys(body)).toEqual(['type', 'title', 'status', 'instance', 'code', 'requestId']);
  });
});
