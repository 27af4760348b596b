/**
 * The operations of an OpenAPI 3.1 document, in the little shape the fuzzer needs: where to
 * send, which parameters and which body (as JSON Schema), and who may call.
 */

/** JSON Schema, loosely: the fuzzer reads only the keywords it knows. */
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
  default?: unknown;
  $ref?: string;
  additionalProperties?: boolean | Schema;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  id: string;
  method: string;
  /** With `{name}` placeholders, relative to the document's server. */
  path: string;
  parameters: Parameter[];
  body?: { required: boolean; schema: Schema };
  /** Needs a bearer token (the document's `security`). */
  secured: boolean;
  /** Needs the admin role (documented in the description). */
  admin: boolean;
}

interface RawOperation {
  operationId?: string;
  description?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
}

export interface OpenApiDocument {
  paths?: Record<string, Record<string, RawOperation>>;
  security?: unknown[];
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function resolve(schema: Schema | undefined, document: OpenApiDocument): Schema {
  const ref = schema?.$ref;
  if (!ref?.startsWith('#/components/schemas/')) return schema ?? {};
  return document.components?.schemas?.[ref.slice('#/components/schemas/'.length)] ?? {};
}

function operation(
  method: string,
  path: string,
  raw: RawOperation,
  document: OpenApiDocument,
): Operation {
  const security = raw.security ?? document.security ?? [];
  const body = raw.requestBody?.content?.['application/json'];
  const secured = security.some((entry) => Object.keys(entry as object).length > 0);
  return {
    id: raw.operationId ?? `${method} ${path}`,
    method: method.toUpperCase(),
    path,
    parameters: (raw.parameters ?? [])
      .filter((p) => p.in === 'path' || p.in === 'query' || p.in === 'header')
      .map((p) => ({
        name: p.name,
        in: p.in as Parameter['in'],
        required: p.required ?? p.in === 'path',
        schema: resolve(p.schema, document),
      })),
    body: body
      ? { required: raw.requestBody?.required ?? false, schema: resolve(body.schema, document) }
      : undefined,
    secured,
    admin: path.startsWith('/admin') || /admin/i.test(raw.description ?? ''),
  };
}

/** Every operation of the document, in document order. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const raw = item[method];
      if (raw) operations.push(operation(method, path, raw, document));
    }
  }
  return operations;
}

/**
 * Gives an operation of the storefront document the body schema of the service's own document
 * where the storefront only says "as the service's own document describes it" (admin writes).
 */
export function withServiceBodies(storefront: Operation[], service: Operation[]): Operation[] {
  return storefront.map((op) => {
    if (op.body && Object.keys(op.body.schema.properties ?? {}).length > 0) return op;
    const own = service.find(
      (candidate) => candidate.method === op.method && candidate.path === op.path,
    );
    return own?.body
      ? {
          ...op,
          body: { required: op.body?.required ?? own.body.required, schema: own.body.schema },
        }
      : op;
  });
}
