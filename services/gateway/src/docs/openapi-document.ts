import { z } from 'zod';
import { problemSchema } from '@shop/contracts';
import { requestJsonSchema } from '@shop/platform-http';
import { API_PREFIX, type GatewayRoute } from '../routes/gateway-route.js';
import { pathParameters } from '../routes/upstream-path.js';

/** An OpenAPI 3.1 document, loosely typed: it is built here and only ever serialized. */
export type OpenApiDocument = Record<string, unknown>;
type JsonObject = Record<string, unknown>;

/** The problem body every error has, the platform's extensions included. */
const problemBody = problemSchema.extend({
  requestId: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** Error answers any route may give, by status, each a problem+json. */
const ERRORS: Readonly<Record<string, { name: string; description: string }>> = {
  '400': { name: 'BadRequest', description: 'The request is malformed or invalid.' },
  '401': { name: 'Unauthorized', description: 'No valid access token (`AUTH.*`).' },
  '403': { name: 'Forbidden', description: 'The token lacks the required role.' },
  '404': { name: 'NotFound', description: 'No such route or resource.' },
  '413': { name: 'TooLarge', description: 'The body exceeds 64 KiB.' },
  '429': {
    name: 'RateLimited',
    description: 'Over a request limit (`GATEWAY.RATE_LIMITED`); see `Retry-After`.',
  },
  '502': { name: 'UpstreamFailed', description: 'A service gave no valid answer.' },
  '503': {
    name: 'Unavailable',
    description: 'A service is unavailable (`GATEWAY.UPSTREAM_UNAVAILABLE`); see `Retry-After`.',
  },
  '504': { name: 'UpstreamTimeout', description: 'A service did not answer in time.' },
};

/**
 * The storefront's OpenAPI document, made from the gateway's own route table: it describes
 * exactly what the gateway serves, with the shared contracts' schemas where they exist, and
 * needs no service to be up.
 */
export function buildStorefrontDocument(
  routes: readonly GatewayRoute[],
  version: string,
): OpenApiDocument {
  const paths: Record<string, JsonObject> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    (paths[path] ??= {})[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Shop storefront API',
      version,
      description:
        'One origin for every client. Errors are `application/problem+json` with a stable ' +
        '`code`; every answer carries `RateLimit-Limit`, `-Remaining` and `-Reset`.',
    },
    servers: [{ url: API_PREFIX }],
    tags: ['auth', 'catalog', 'cart', 'orders', 'admin'].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: outputJsonSchema(problemBody) },
      responses: Object.fromEntries(
        Object.values(ERRORS).map(({ name, description }) => [
          name,
          {
            description,
            content: {
              'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
            },
          },
        ]),
      ),
    },
  };
}

function operation(route: GatewayRoute): JsonObject {
  const { docs } = route;
  const op: JsonObject = {
    operationId: route.id,
    summary: docs.summary,
    tags: [docs.tag],
    security: route.access === 'public' ? [] : [{ bearer: [] }],
    parameters: parameters(route),
    responses: responses(route),
  };
  if (route.access === 'admin') op.description = 'Requires the `admin` role.';
  if (docs.body) {
    op.requestBody = {
      required: docs.bodyRequired ?? true,
      content: { 'application/json': { schema: requestJsonSchema(docs.body) } },
    };
  } else if (['POST', 'PUT', 'PATCH'].includes(route.method) && route.access === 'admin') {
    op.requestBody = {
      required: true,
      description: "As the service's own document describes it.",
      content: { 'application/json': { schema: { type: 'object' } } },
    };
  }
  return op;
}

function parameters(route: GatewayRoute): JsonObject[] {
  const path = pathParameters(route.path).map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const headers = (route.docs.headers ?? []).map((header) => ({
    name: header.name,
    in: 'header',
    required: header.required,
    description: header.description,
    schema: { type: 'string' },
  }));
  return [...path, ...queryParameters(route.docs.query), ...headers];
}

function queryParameters(schema: z.ZodType | undefined): JsonObject[] {
  if (!schema) return [];
  const json = requestJsonSchema(schema);
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.has(name),
    schema: property,
  }));
}

function responses(route: GatewayRoute): JsonObject {
  const status = String(route.docs.status ?? 200);
  const answers: JsonObject = { [status]: success(route, status) };
  const errors = ['400', '404', '413', '429', '502', '503', '504'];
  if (route.access !== 'public') errors.push('401');
  if (route.access === 'admin') errors.push('403');
  for (const code of errors.sort()) {
    answers[code] = { $ref: `#/components/responses/${ERRORS[code]?.name ?? 'BadRequest'}` };
  }
  return answers;
}

function success(route: GatewayRoute, status: string): JsonObject {
  if (status === '204') return { description: 'Done; no content.' };
  if (route.kind === 'event-stream') {
    return {
      description: 'Events `status` with the order, until it settles.',
      content: { 'text/event-stream': { schema: { type: 'string' } } },
    };
  }
  const schema = route.docs.response ? outputJsonSchema(route.docs.response) : { type: 'object' };
  return { description: 'Success.', content: { 'application/json': { schema } } };
}

/** What a service answers, as JSON Schema 2020-12 (OpenAPI 3.1's dialect). */
function outputJsonSchema(schema: z.ZodType): JsonObject {
  const json: JsonObject = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' });
  delete json.$schema;
  return json;
}
