import { describe, expect, it } from 'vitest';
import { clientResponseHeaders, upstreamRequestHeaders } from './headers.js';

const facts = { requestId: 'req-1', clientIp: '203.0.113.7', protocol: 'https' };

describe('upstreamRequestHeaders', () => {
  it('passes the allowed headers on and adds the request id and forwarding facts', () => {
    const headers = upstreamRequestHeaders(
      {
        authorization: 'Bearer abc',
        'content-type': 'application/json',
        accept: 'application/json',
        'idempotency-key': 'k-12345678',
        'if-none-match': '"3"',
        'last-event-id': '4',
        'if-match': '"2"',
      },
      facts,
    );
    expect(headers).toEqual({
      authorization: 'Bearer abc',
      'content-type': 'application/json',
      accept: 'application/json',
      'idempotency-key': 'k-12345678',
      'if-none-match': '"3"',
      'last-event-id': '4',
      'if-match': '"2"',
      'x-request-id': 'req-1',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-proto': 'https',
    });
  });

  it("drops hop-by-hop headers, cookies, the host and the client's own forwarding claims", () => {
    const headers = upstreamRequestHeaders(
      {
        host: 'shop.example',
        connection: 'keep-alive, authorization',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
        te: 'trailers',
        upgrade: 'websocket',
        'proxy-authorization': 'Basic x',
        cookie: 'a=b',
        authorization: 'Bearer named-in-connection',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        'x-forwarded-for': '1.2.3.4',
        'x-request-id': 'forged',
      },
      facts,
    );
    expect(headers).toEqual({
      'x-request-id': 'req-1',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-proto': 'https',
    });
  });

  it('can be narrowed to fewer headers', () => {
    expect(
      upstreamRequestHeaders({ authorization: 'Bearer x', accept: 'text/html' }, facts, []),
    ).not.toHaveProperty('authorization');
  });
});

describe('clientResponseHeaders', () => {
  it("keeps the answer's headers a client needs and drops the rest", () => {
    expect(
      clientResponseHeaders(
        {
          'content-type': 'application/json',
          'content-length': '12',
          etag: '"3"',
          'cache-control': 'no-store',
          'retry-after': '5',
          connection: 'close',
          'keep-alive': 'timeout=72',
          'transfer-encoding': 'chunked',
          server: 'internal',
          'x-request-id': 'req-1',
          'set-cookie': ['a=b'],
        },
        '/api/v1',
      ),
    ).toEqual({
      'content-type': 'application/json',
      etag: '"3"',
      'cache-control': 'no-store',
      'retry-after': '5',
    });
  });

  it('puts a service-relative Location under the gateway prefix', () => {
    expect(clientResponseHeaders({ location: '/orders/o-1' }, '/api/v1').location).toBe(
      '/api/v1/orders/o-1',
    );
    expect(clientResponseHeaders({ location: 'https://x.example/a' }, '/api/v1').location).toBe(
      'https://x.example/a',
    );
    expect(clientResponseHeaders({ location: '//evil.example/a' }, '/api/v1').location).toBe(
      '//evil.example/a',
    );
  });
});
