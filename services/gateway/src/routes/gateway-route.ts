import type { z } from 'zod';

/** Where the storefront API lives; the services' own paths have no prefix. */
export const API_PREFIX = '/api/v1';

/** The services behind the gateway, each reached through its own connection pool and breaker. */
export const UPSTREAMS = ['auth', 'catalog', 'inventory', 'order'] as const;
export type UpstreamName = (typeof UPSTREAMS)[number];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route. `authenticated` and `admin` routes are refused at the gateway (401 / 403)
 * before anything is forwarded; the service checks the token again.
 */
export type Access = 'public' | 'authenticated' | 'admin';

/**
 * How a route is served: forwarded and answered as it comes back, the product page that adds
 * live availability, a server-sent event stream passed through as it is written, or the logout
 * that also revokes the access token it carries (ADR 0017).
 */
export type RouteKind = 'proxy' | 'product-detail' | 'event-stream' | 'logout';

/** The stricter limits some routes add to the general per-IP and per-customer ones. */
export type RouteLimit = 'login' | 'checkout';

/** What the storefront OpenAPI document says about a route. */
export interface RouteDocs {
  summary: string;
  tag: 'auth' | 'catalog' | 'cart' | 'orders' | 'admin';
  /** The JSON body, when a shared contract describes it. */
  body?: z.ZodType;
  /** Whether a body is required (default: when `body` is given). */
  bodyRequired?: boolean;
  /** The query parameters, an object schema. */
  query?: z.ZodType;
  /** The success answer, when a shared contract describes it. */
  response?: z.ZodType;
  /** The success status (default 200). */
  status?: number;
  /** Request headers that matter to the route (`Idempotency-Key`, `If-Match`). */
  headers?: readonly { name: string; required: boolean; description: string }[];
}

/** One route of the storefront API. */
export interface GatewayRoute {
  /** Unique; the OpenAPI `operationId`. */
  id: string;
  method: HttpMethod;
  /** Under `/api/v1`, in Fastify's syntax (`/orders/:id`); also the path on the upstream. */
  path: string;
  upstream: UpstreamName;
  access: Access;
  kind: RouteKind;
  limit?: RouteLimit;
  docs: RouteDocs;
}

/** Whether a retry can never apply a change twice: reads only (RFC 9110 §9.2.2, minus PUT/DELETE). */
export function isIdempotentRead(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}
