import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { CorsConfig } from './http-app.config.js';
import { REQUEST_ID_HEADER } from './request-id.js';

/** `@fastify/cors` options, as the Fastify adapter takes them. */
export type FastifyCorsOptions = NonNullable<Parameters<NestFastifyApplication['enableCors']>[0]>;

/**
 * Helmet for a JSON API that serves no HTML (Swagger UI is left to the gateway): a CSP that
 * allows nothing to load, run or frame, and helmet's other defaults (HSTS, nosniff, ...).
 */
export const HELMET_OPTIONS: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
};

/** `@fastify/cors` options for `cors`; `undefined` when no origin is allowed (CORS off). */
export function corsOptions(cors: CorsConfig): FastifyCorsOptions | undefined {
  if (cors.origins.length === 0) return undefined;
  const anyOrigin = cors.origins.includes('*');
  return {
    // A list is matched exactly; `*` is sent as is and, by the config's check, never with credentials.
    origin: anyOrigin ? '*' : cors.origins,
    credentials: !anyOrigin && cors.credentials === true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    // What a browser script on another origin may read: the gateway's rate-limit and
    // availability headers and an idempotent replay among them.
    exposedHeaders: [
      REQUEST_ID_HEADER,
      'location',
      'retry-after',
      'www-authenticate',
      'etag',
      'ratelimit-limit',
      'ratelimit-remaining',
      'ratelimit-reset',
      'availability-status',
      'idempotent-replayed',
    ],
    maxAge: 600,
  };
}
