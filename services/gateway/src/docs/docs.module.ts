import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { API_PREFIX } from '../routes/gateway-route.js';
import { ROUTES } from '../routes/route-table.js';
import { buildStorefrontDocument } from './openapi-document.js';

/** Where the merged document is served. */
export const OPENAPI_PATH = `${API_PREFIX}/openapi.json`;
export const DOCS_PATH = '/docs';

/**
 * The platform's CSP allows nothing, which suits JSON. The Swagger UI page needs its own script
 * and stylesheet (and inline styles); still nothing from elsewhere and no inline script.
 */
const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Shop storefront API</title>
<link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
<script src="${DOCS_PATH}/swagger-initializer.js"></script>
</body>
</html>
`;

const INITIALIZER = `window.ui = SwaggerUIBundle({ url: '${OPENAPI_PATH}', dom_id: '#swagger-ui', deepLinking: true });\n`;

/**
 * Serves the storefront's OpenAPI document and a Swagger UI over it, from the gateway alone:
 * the document comes from the route table, the UI from `swagger-ui-dist`, so both work while
 * any service is down. Plain Fastify routes: no token, no rate limit on the UI's assets.
 */
@Injectable()
export class DocsRoutes implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const document = JSON.stringify(buildStorefrontDocument(ROUTES, '1.0.0'));
    fastify.get(OPENAPI_PATH, (_request, reply) =>
      reply
        .type('application/json; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send(document),
    );
    fastify.get(DOCS_PATH, (_request, reply) =>
      page(reply).type('text/html; charset=utf-8').send(PAGE),
    );
    fastify.get(`${DOCS_PATH}/swagger-initializer.js`, (_request, reply) =>
      asset(reply, 'text/javascript; charset=utf-8').send(INITIALIZER),
    );
    const dist = swaggerUiDist();
    for (const [file, type] of [
      ['swagger-ui.css', 'text/css; charset=utf-8'],
      ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
    ] as const) {
      const content = readFileSync(join(dist, file));
      fastify.get(`${DOCS_PATH}/${file}`, (_request, reply) => asset(reply, type).send(content));
    }
  }
}

function page(reply: FastifyReply): FastifyReply {
  return reply.header('content-security-policy', DOCS_CSP).header('cache-control', 'no-cache');
}

function asset(reply: FastifyReply, type: string): FastifyReply {
  return reply.type(type).header('cache-control', 'public, max-age=3600');
}

function swaggerUiDist(): string {
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

@Module({ providers: [DocsRoutes] })
export class DocsModule {}
