import type { IncomingHttpHeaders } from 'node:http';

/**
 * Request headers a client's call carries on to a service. An allow-list: hop-by-hop headers
 * (RFC 9110 §7.6.1), cookies, `Host`, a client's own `X-Forwarded-*` and `X-Request-Id` and
 * anything else nobody thought about stay at the gateway. `traceparent` is not copied either: the
 * telemetry's client instrumentation writes the gateway's own span context, which continues the
 * client's trace.
 */
export const FORWARDED_REQUEST_HEADERS: readonly string[] = [
  'accept',
  'accept-language',
  'authorization',
  'content-type',
  'idempotency-key',
  'if-match',
  'if-none-match',
  'last-event-id',
  'user-agent',
];

/** Answer headers a service's response keeps on its way to the client. */
export const FORWARDED_RESPONSE_HEADERS: readonly string[] = [
  'allow',
  'cache-control',
  'content-language',
  'content-type',
  'etag',
  'expires',
  'idempotent-replayed',
  'last-modified',
  'location',
  'retry-after',
  'vary',
  'www-authenticate',
];

/** Connection-specific headers of HTTP/1.1, never forwarded whatever the lists say. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

export type HeaderValue = string | string[];
export type HeaderMap = Record<string, HeaderValue>;

/** What the gateway says about the request to the service. */
export interface ForwardingFacts {
  requestId: string;
  /** The client's address as the gateway determined it (trusted proxies resolved). */
  clientIp: string;
  /** `http` or `https`, as the client reached the gateway (or its ingress). */
  protocol: string;
}

/**
 * The headers of the call to the service: the allowed ones the client sent (minus any its
 * `Connection` header names), the gateway's request id, and `X-Forwarded-For` with the one
 * address the gateway resolved. Sending the client's whole `X-Forwarded-For` chain would let a
 * client put any address in front and make the service, which trusts the gateway, believe it:
 * auth's login throttling keys on that address.
 */
export function upstreamRequestHeaders(
  incoming: IncomingHttpHeaders,
  facts: ForwardingFacts,
  allowed: readonly string[] = FORWARDED_REQUEST_HEADERS,
): HeaderMap {
  const headers = pick(incoming, allowed, connectionTokens(incoming.connection));
  headers['x-request-id'] = facts.requestId;
  headers['x-forwarded-for'] = facts.clientIp;
  headers['x-forwarded-proto'] = facts.protocol;
  return headers;
}

/**
 * The headers of the answer to the client. A `Location` the service made relative to its own
 * root (`/orders/…`) is put under the gateway's prefix, where the client can follow it.
 */
export function clientResponseHeaders(
  upstream: Readonly<Record<string, HeaderValue | undefined>>,
  prefix: string,
): HeaderMap {
  const headers = pick(upstream, FORWARDED_RESPONSE_HEADERS, connectionTokens(upstream.connection));
  const location = headers.location;
  if (typeof location === 'string' && location.startsWith('/') && !location.startsWith('//')) {
    headers.location = `${prefix}${location}`;
  }
  return headers;
}

function pick(
  source: Readonly<Record<string, HeaderValue | undefined>>,
  allowed: readonly string[],
  excluded: ReadonlySet<string>,
): HeaderMap {
  const headers: HeaderMap = {};
  for (const name of allowed) {
    const value = source[name];
    if (value !== undefined && !HOP_BY_HOP.has(name) && !excluded.has(name)) headers[name] = value;
  }
  return headers;
}

/** The header names a `Connection` header declares hop-by-hop (RFC 9110 §7.6.1). */
function connectionTokens(connection: HeaderValue | undefined): Set<string> {
  const values = [connection ?? []].flat();
  return new Set(
    values.flatMap((value) => value.split(',').map((token) => token.trim().toLowerCase())),
  );
}
